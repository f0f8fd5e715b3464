"""Run a job on a cron schedule until stopped (what `casefile serve` does with a build).

A plain loop, so scheduled builds need no Prefect server with a scheduler: each run is
an ordinary flow run on the embedded server, logged like `casefile build`. A run that
fails is reported and the next one still happens; a run that takes longer than the gap
to the next time skips the times it overran.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from cronsim import CronSim, CronSimError

_sleep = time.sleep  # how the schedule waits (a test replaces this, not time.sleep)


def check_cron(expression: str) -> None:
    """Raise ValueError naming the expression when it is not a 5-field cron expression."""
    try:
        CronSim(expression, dt.datetime(2000, 1, 1))
    except CronSimError as exc:
        raise ValueError(f"--cron {expression!r}: not a cron expression ({exc})") from None


def next_time(expression: str, after: dt.datetime) -> dt.datetime:
    """The first time after ``after`` that the cron expression names (local time)."""
    return next(CronSim(expression, after.replace(microsecond=0)))


def run_on_schedule(
    expression: str,
    job: Callable[[], object],
    *,
    on_error: Callable[[BaseException], None],
    now: Callable[[], dt.datetime] | None = None,
    sleep: Callable[[float], None] | None = None,
    max_runs: int | None = None,
) -> int:
    """Call ``job`` at each time the cron expression names, ``max_runs`` times (forever
    when None); returns how many runs there were. Errors go to ``on_error``."""
    check_cron(expression)
    now = now or dt.datetime.now
    sleep = sleep or _sleep
    runs = 0
    while max_runs is None or runs < max_runs:
        due = next_time(expression, now())
        wait = (due - now()).total_seconds()
        if wait > 0:
            sleep(wait)
        try:
            job()
        except Exception as exc:  # a failed build must not stop the schedule
            on_error(exc)
        runs += 1
    return runs
