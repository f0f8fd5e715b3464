"""A release served with datasette as the README says (`datasette -i casefile.db --metadata
metadata.json`, on 127.0.0.1): linked rows show their label, not a bare id, and the column
descriptions of schemas/ and the licence are there, read through datasette's JSON API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from schemas.describe import description
from tests.conftest import ROOT

COMMAND = "datasette -i casefile.db --metadata metadata.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:  # 127.0.0.1 only
        return json.load(response)


@pytest.fixture(scope="module")
def datasette(out_dir: Path) -> Iterator[str]:
    exe = Path(sys.executable).with_name("datasette")
    if not exe.is_file():
        pytest.fail("datasette is not installed: install the dev extra (`make test` does)")
    port = free_port()
    process = subprocess.Popen(
        [str(exe), *COMMAND.split()[1:], "--host", "127.0.0.1", "--port", str(port)],
        cwd=out_dir / "latest",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to a minute on a busy machine
            if process.poll() is not None:
                pytest.fail(f"datasette exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                get_json(url + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_readme_shows_the_command() -> None:
    assert COMMAND in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_linked_event_shows_its_summary(datasette: str, tables: dict[str, pd.DataFrame]) -> None:
    summaries = dict(zip(tables["events"]["event_id"], tables["events"]["summary"], strict=True))
    rows = get_json(datasette + "/casefile/event_participants.json?_labels=on&_shape=array")
    assert len(rows) == len(tables["event_participants"])
    for row in rows:
        event = row["event_id"]
        assert event == {"value": event["value"], "label": summaries[event["value"]]}
    claims = dict(
        zip(tables["citations"]["citation_id"], tables["citations"]["claim"], strict=True)
    )
    links = get_json(datasette + "/casefile/citation_events.json?_labels=on&_shape=array")
    assert links and all(
        r["citation_id"]["label"] == claims[r["citation_id"]["value"]] for r in links
    )


def test_an_event_row_and_the_column_descriptions(
    datasette: str, tables: dict[str, pd.DataFrame]
) -> None:
    event = tables["events"].iloc[0]
    [row] = get_json(f"{datasette}/casefile/events/{event['event_id']}.json?_shape=array")
    assert row["summary"] == event["summary"]
    metadata = get_json(datasette + "/-/metadata.json")
    assert metadata["license"] == "Creative Commons Attribution 4.0 International"
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    events = metadata["databases"]["casefile"]["tables"]["events"]
    assert events["columns"]["event_date"] == description("events", "event_date")
    assert events["label_column"] == "summary"
    page = get_json(datasette + "/casefile/events.json?_facet=event_type&_size=0")
    counts = {f["value"]: f["count"] for f in page["facet_results"]["event_type"]["results"]}
    assert counts == tables["events"]["event_type"].value_counts().to_dict()
