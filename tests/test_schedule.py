"""`casefile serve`: builds at the times a cron expression names; a failure stops nothing."""

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.schedule import check_cron, next_time, run_on_schedule
from tests.conftest import ARTICLES, write_raw


class Clock:
    """A clock that moves only when slept on (or when a job says it took time)."""

    def __init__(self, start: dt.datetime) -> None:
        self.time = start
        self.waits: list[float] = []

    def now(self) -> dt.datetime:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.time += dt.timedelta(seconds=seconds)


def test_runs_happen_at_the_times_the_expression_names() -> None:
    clock = Clock(dt.datetime(2026, 11, 24, 5, 59, 30))
    ran: list[dt.datetime] = []
    runs = run_on_schedule(
        "0 6 * * *", lambda: ran.append(clock.now()), on_error=print,
        now=clock.now, sleep=clock.sleep, max_runs=2,
    )  # fmt: skip
    assert runs == 2
    assert ran == [dt.datetime(2026, 11, 24, 6, 0), dt.datetime(2026, 11, 25, 6, 0)]
    assert clock.waits == [30.0, 86400.0]


def test_a_failed_run_is_reported_and_the_schedule_goes_on() -> None:
    clock = Clock(dt.datetime(2026, 1, 1, 0, 0, 0))
    errors: list[str] = []

    def job() -> None:
        raise OSError("disk full")

    runs = run_on_schedule(
        "*/5 * * * *", job, on_error=lambda e: errors.append(str(e)),
        now=clock.now, sleep=clock.sleep, max_runs=3,
    )  # fmt: skip
    assert (runs, errors) == (3, ["disk full"] * 3)


def test_a_run_longer_than_the_gap_skips_the_times_it_overran() -> None:
    clock = Clock(dt.datetime(2026, 1, 1, 0, 0, 30))
    ran: list[dt.datetime] = []

    def slow_job() -> None:
        ran.append(clock.now())
        clock.time += dt.timedelta(minutes=2, seconds=10)  # the build takes 2m10s

    run_on_schedule("* * * * *", slow_job, on_error=print, now=clock.now, sleep=clock.sleep,
                    max_runs=2)  # fmt: skip
    assert ran == [dt.datetime(2026, 1, 1, 0, 1), dt.datetime(2026, 1, 1, 0, 4)]


def test_a_bad_expression_is_refused_in_one_line() -> None:
    with pytest.raises(ValueError, match=r"^--cron '61 \* \* \* \*': not a cron expression"):
        check_cron("61 * * * *")
    result = CliRunner().invoke(app, ["serve", "--cron", "every day"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: --cron 'every day': not a cron expression")
    assert next_time("0 6 * * *", dt.datetime(2026, 3, 1, 7, 0)) == dt.datetime(2026, 3, 2, 6, 0)


@pytest.mark.usefixtures("prefect_harness")
def test_serve_runs_a_real_build_at_the_scheduled_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr("flows.schedule._sleep", waits.append)  # no real waiting
    write_raw(tmp_path / "raw", "okafor.txt", (ARTICLES / "okafor.txt").read_text("utf-8"))
    args = ["serve", "--cron", "* * * * *", "--raw", str(tmp_path / "raw"), "--out",
            str(tmp_path / "out"), "--runs", "1"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(waits) == 1 and 0 < waits[0] <= 60
    assert "scheduled build" in result.output
    assert f"release 1.0.0 published: {tmp_path / 'out'}" in result.output
    assert (tmp_path / "out" / "latest" / "datapackage.json").is_file()
