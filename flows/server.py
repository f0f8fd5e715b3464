"""A local Prefect server that never outlives the casefile process that started it.

`casefile build` and `casefile serve` use the server PREFECT_API_URL names when it is set
(a team's server). Otherwise they start this one: `prefect server start` on 127.0.0.1 in
a child process, its SQLite database under PREFECT_HOME, stopped when they end (SIGTERM,
then SIGKILL after STOP_TIMEOUT_S).

A parent killed with SIGKILL runs no cleanup, so on Linux the kernel ties the child to it:
PR_SET_PDEATHSIG (set between fork and exec) sends the server SIGTERM as soon as the
thread that started it is gone, and a child whose parent died before that was set exits
at once. Start the server from the main thread (the CLI and the tests do). The child gets
a session of its own, so a Ctrl-C at the terminal reaches casefile alone, which stops the
server in order. No Prefect import here: this only runs and watches a process.
"""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

STARTUP_TIMEOUT_S = 180.0  # database migrations on a first start, on a slow, busy machine
STOP_TIMEOUT_S = 15.0
LOG_NAME = "casefile-server.log"  # in PREFECT_HOME: the server's own output, for failures
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class ServerError(RuntimeError):
    """The local Prefect server could not start (the message is one line)."""


@dataclass
class LocalServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        """Where the UI is (when the server was started with it)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not stopped after STOP_TIMEOUT_S."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def local_server(
    home: Path,
    *,
    port: int | None = None,
    ui: bool = True,
    scheduler: bool = True,
    timeout: float = STARTUP_TIMEOUT_S,
) -> Iterator[LocalServer]:
    """A Prefect server on 127.0.0.1:``port`` (a free port when None) with its database
    under ``home``, healthy when this yields and stopped when the block ends. ``scheduler``
    creates the runs of deployments' schedules (a one-off build needs none)."""
    server = start(home, port=port, ui=ui, scheduler=scheduler, timeout=timeout)
    try:
        yield server
    finally:
        server.stop()


def start(
    home: Path,
    *,
    port: int | None = None,
    ui: bool = True,
    scheduler: bool = True,
    timeout: float = STARTUP_TIMEOUT_S,
) -> LocalServer:
    """Start the server and wait until it answers (see local_server)."""
    server = launch(home, port=port, ui=ui, scheduler=scheduler)
    wait_ready(server, timeout)
    return server


def wait_ready(server: LocalServer, timeout: float = STARTUP_TIMEOUT_S) -> None:
    """Wait until a launched server answers; stop it and raise ServerError if it exits or
    does not answer within ``timeout`` seconds."""
    try:
        _wait_healthy(server, timeout)
    except BaseException:
        server.stop()
        raise


def launch(
    home: Path, *, port: int | None = None, ui: bool = True, scheduler: bool = True
) -> LocalServer:
    """Start the server process and return at once, while it starts (``wait_ready`` waits
    for it): the caller can do something else meanwhile."""
    home.mkdir(parents=True, exist_ok=True)
    if port is None:
        port = free_port()
    elif not port_is_free(port):
        raise ServerError(
            f"port {port} on 127.0.0.1 is in use (another Prefect server?): pass another "
            "--port, or set PREFECT_API_URL to use that server"
        )
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_API_HOST="127.0.0.1",
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED=str(ui).lower(),
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED=str(scheduler).lower(),
        PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED=str(scheduler).lower(),
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
        DO_NOT_TRACK="1",
    )
    command = [sys.executable, "-c", "from prefect.cli import app; app()", "server", "start"]
    log_path = home / LOG_NAME
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=home,  # no project's prefect.toml or pyproject.toml applies to the server
            start_new_session=True,
            preexec_fn=die_with_parent(),
        )
    return LocalServer(process, port, log_path)


def die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn that makes the child get SIGTERM when its parent dies (Linux), or None
    where the kernel has no such call."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    parent = os.getpid()

    def preexec() -> None:  # pragma: no cover - runs in the child, between fork and exec
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

    return preexec


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _wait_healthy(server: LocalServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = server.process.poll()
        if code is not None:
            raise ServerError(
                f"the local Prefect server exited with code {code} while starting: "
                f"{_last_line(server.log)} (see {server.log})"
            )
        try:
            with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise ServerError(
        f"the local Prefect server did not answer within {timeout:.0f} s (see {server.log})"
    )


def _last_line(log: Path) -> str:
    try:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "no output"
    return lines[-1][:200] if lines else "no output"
