"""`casefile serve` and the Prefect server behind it: a deployment whose scheduled runs
publish their results as artifacts, a server that stops with casefile, and no process
left behind by a build killed with SIGKILL.

Every wait is bounded; these tests use real servers and real builds (`casefile` started as
a command, from the project folder so its [tool.prefect] applies)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pandas as pd
from typer.testing import CliRunner

from flows.cli import app
from flows.server import LocalServer, free_port
from tests.conftest import ARTICLES, ROOT, SEED, write_raw

CASEFILE = str(Path(sys.executable).with_name("casefile"))
PREFECT = str(Path(sys.executable).with_name("prefect"))
TABLES = ["articles", "people", "person_mentions", "events", "event_mentions",
          "event_participants", "citations", "citation_events"]  # fmt: skip


def wait_for(what: str, check: Callable[[], Any], timeout: float, every: float = 0.5) -> Any:
    """check()'s first truthy value, polled until ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def start_casefile(args: list[str], log: IO[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CASEFILE, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )


def descendants(pid: int) -> dict[int, str]:
    """Every process below pid: {pid: command line}."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found[child] = command_line(child)
        todo += children.get(child, [])
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pids: list[int]) -> list[int]:
    """Those of pids still running (a zombie has finished)."""
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.append(pid)
    return running


def api(base: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        f"{base}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


# --- the command line --------------------------------------------------------------------------


def test_a_bad_expression_or_time_zone_is_refused_in_one_line() -> None:
    result = CliRunner().invoke(app, ["serve", "--cron", "every day"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --cron 'every day': not a cron expression"
    result = CliRunner().invoke(app, ["serve", "--cron", "61 * * * *"])
    assert result.output.strip() == "error: --cron '61 * * * *': not a cron expression"
    result = CliRunner().invoke(app, ["serve", "--cron", "0 6 * * *", "--timezone", "Mars/Base"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --timezone 'Mars/Base': not an IANA time zone"


def test_release_notes_are_the_release_s_changelog_section_or_unchanged(tmp_path: Path) -> None:
    from flows.build import release_notes
    from flows.release.folder import Release

    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\nintro\n\n## 1.1.0\n\nMINOR release.\n\n### people\n\n- added `p-1`\n"
        "\n## 1.0.0\n\nFirst release.\n",
        encoding="utf-8",
    )
    new = Release("1.1.0", tmp_path, {"people": 1}, is_new=True)
    assert release_notes(new) == "## 1.1.0\n\nMINOR release.\n\n### people\n\n- added `p-1`\n"
    assert release_notes(Release("1.0.0", tmp_path, {}, is_new=True)) == (
        "## 1.0.0\n\nFirst release.\n"
    )
    same = Release("1.1.0", tmp_path, {"people": 1}, is_new=False)
    assert release_notes(same) == (
        "unchanged: the tables equal release 1.1.0's; nothing was published"
    )


# --- against the session's server (PREFECT_API_URL) ----------------------------------------


def test_a_scheduled_run_publishes_its_results_as_artifacts(
    prefect_server: LocalServer, tmp_path: Path
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_raw(raw, "okafor.txt", (ARTICLES / "okafor.txt").read_text(encoding="utf-8"))
    (raw / "broken.txt").write_bytes(b"\x00binary")
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serving = start_casefile(
            ["serve", "--cron", "* * * * *", "--timezone", "Europe/Berlin",
             "--raw", str(raw), "--out", str(out)],
            log, dict(os.environ),
        )  # fmt: skip
        try:
            base = prefect_server.api_url

            def deployment() -> Any:
                found = api(
                    base, "/deployments/filter", {"deployments": {"name": {"any_": ["casefile"]}}}
                )
                return found[0] if found else None  # fmt: skip

            registered = wait_for("the deployment registered", deployment, 120)

            def completed_run() -> Any:
                runs = api(base, "/flow_runs/filter", {
                    "deployments": {"id": {"any_": [registered["id"]]}},
                    "flow_runs": {"state": {"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}}},
                })  # fmt: skip
                return runs[0] if runs else None

            run = wait_for("a finished scheduled run", completed_run, 240, every=1)
            assert run["state_type"] == "COMPLETED", log_path.read_text()
            assert run["auto_scheduled"] is True  # made by the server's scheduler
            assert run["parameters"]["raw_dir"] == str(raw)

            of_run = {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}}
            artifacts = {a["key"]: a for a in api(base, "/artifacts/filter", of_run)}
            assert sorted(artifacts) == ["changelog", "rejected-files", "row-counts"]
            latest = out / "latest"
            assert json.loads(artifacts["row-counts"]["data"]) == [
                {"table": t, "rows": len(pd.read_csv(latest / f"{t}.csv"))} for t in TABLES
            ]
            reasons = pd.read_csv(out / "rejected.csv")
            assert json.loads(artifacts["rejected-files"]["data"]) == {
                "file": ["broken.txt"], "reason": list(reasons["reason"]),
            }  # fmt: skip
            assert list(reasons["source_file"]) == ["broken.txt"]
            changelog = artifacts["changelog"]["data"]
            assert changelog.startswith("## 1.0.0\n")
            assert changelog.strip() in (latest / "CHANGELOG.md").read_text(encoding="utf-8")
            assert artifacts["changelog"]["type"] == "markdown"

            schedule = registered["schedules"][0]["schedule"]
            assert (schedule["cron"], schedule["timezone"]) == ("* * * * *", "Europe/Berlin")
            assert registered["global_concurrency_limit"]["limit"] == 1
            assert registered["entrypoint"] == "flows.build.build_datasets"

            # the Prefect command line works against this server (FastAPI < 0.151)
            listed = subprocess.run([PREFECT, "deployment", "ls"], capture_output=True,
                                    text=True, timeout=120, cwd=ROOT)  # fmt: skip
            assert listed.returncode == 0, listed.stderr
            assert "build-datasets/casefile" in listed.stdout
            completed = ["--state-type", "COMPLETED", "--limit", "100", "--output", "json"]
            runs = subprocess.run([PREFECT, "flow-run", "ls", *completed], capture_output=True,
                                  text=True, timeout=120, cwd=ROOT)  # fmt: skip
            assert runs.returncode == 0, runs.stderr
            assert run["name"] in [r["name"] for r in json.loads(runs.stdout)]
        finally:
            serving.send_signal(signal.SIGTERM)
            code = serving.wait(timeout=120)
    output = log_path.read_text()
    assert code == 0, output
    assert output.splitlines()[:2] == [
        f"serving build-datasets/casefile: {raw} into {out} at '* * * * *' (Europe/Berlin)",
        f"Prefect UI: {prefect_server.url} (Ctrl-C to stop)",
    ]
    assert output.splitlines()[-1] == "stopped"
    assert api(prefect_server.api_url, f"/deployments/{registered['id']}")["paused"] is True


# --- casefile's own local server ---------------------------------------------------------------


def own_server_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home)
    return env


def test_serve_starts_its_own_server_with_the_ui_and_stops_it(tmp_path: Path) -> None:
    import tzlocal

    home, port = tmp_path / "prefect-home", free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serving = start_casefile(
            ["serve", "--cron", "0 6 * * *", "--raw", str(ROOT / "raw"),
             "--out", str(tmp_path / "out"), "--port", str(port)],
            log, own_server_env(home),
        )  # fmt: skip
        try:
            address = f"http://127.0.0.1:{port}"
            wait_for(
                "the UI address printed",
                lambda: f"Prefect UI: {address} (Ctrl-C to stop)" in log_path.read_text(),
                240,
            )
            servers = [p for p, cmd in descendants(serving.pid).items() if "server start" in cmd]
            assert len(servers) == 1
            with urllib.request.urlopen(address, timeout=30) as page:  # the UI
                assert page.status == 200 and b"<html" in page.read().lower()
            found = api(f"{address}/api", "/deployments/filter", {})
            assert [d["name"] for d in found] == ["casefile"]
            assert found[0]["schedules"][0]["schedule"]["timezone"] == (
                tzlocal.get_localzone_name()
            )
            assert (home / "prefect.db").is_file()  # SQLite under PREFECT_HOME
        finally:
            serving.send_signal(signal.SIGTERM)
            code = serving.wait(timeout=120)
    assert code == 0, log_path.read_text()
    assert log_path.read_text().splitlines()[-1] == "stopped"
    assert alive(servers) == []


def test_a_build_killed_with_sigkill_leaves_no_process(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for path in [SEED, *sorted(ARTICLES.glob("*.txt"))]:
        write_raw(raw, path.name, path.read_text(encoding="utf-8"))
    log_path = tmp_path / "build.log"
    with log_path.open("w") as log:
        build = start_casefile(
            ["build", "--raw", str(raw), "--out", str(tmp_path / "out")],
            log, own_server_env(tmp_path / "prefect-home"),
        )  # fmt: skip
        try:

            def server_and_worker() -> dict[int, str] | None:
                below = descendants(build.pid)
                commands = list(below.values())
                has_server = any("server start" in c for c in commands)
                has_worker = any("flows.workers" in c for c in commands)
                return below if has_server and has_worker else None

            below = wait_for("a server and an extraction worker", server_and_worker, 240, 0.05)
        finally:
            build.kill()
            build.wait(timeout=30)
    assert build.returncode == -signal.SIGKILL, log_path.read_text()
    left = wait_for("no process of the build left", lambda: not alive(list(below)), 60, 0.2)
    assert left is True


def test_prefect_deploy_registers_the_deployment_for_a_process_work_pool(
    prefect_server: LocalServer,
) -> None:
    """prefect.yaml, as the README shows it (after the served deployment's test: both are
    build-datasets/casefile, so this one updates it)."""
    for args in (["work-pool", "create", "casefile", "--type", "process"],
                 ["deploy", "--name", "casefile", "--no-prompt"]):  # fmt: skip
        done = subprocess.run([PREFECT, *args], capture_output=True, text=True, timeout=300,
                              cwd=ROOT)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    found = api(prefect_server.api_url, "/deployments/filter", {})
    assert [(d["name"], d["work_pool_name"], d["entrypoint"]) for d in found] == [
        ("casefile", "casefile", "flows/build.py:build_datasets")
    ]
    assert found[0]["parameters"] == {"raw_dir": "raw", "out_dir": "output", "strict": False}
    assert found[0]["schedules"][0]["schedule"]["cron"] == "0 6 * * *"
    assert found[0]["global_concurrency_limit"]["limit"] == 1
    assert found[0]["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}
    ]


def test_a_process_worker_runs_the_deployment(prefect_server: LocalServer, tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_raw(raw, "okafor.txt", (ARTICLES / "okafor.txt").read_text(encoding="utf-8"))
    started = subprocess.run(
        [PREFECT, "deployment", "run", "build-datasets/casefile",
         "--param", f"raw_dir={raw}", "--param", f"out_dir={out}"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert started.returncode == 0, started.stdout + started.stderr
    worker = subprocess.run(
        [PREFECT, "worker", "start", "--pool", "casefile", "--run-once"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert (out / "latest" / "datapackage.json").is_file(), worker.stdout + worker.stderr
