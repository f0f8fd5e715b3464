"""A release's index.html in headless Chromium, served over HTTP and opened from the file
system: no console errors, every download link answers, one timeline item per event.

Needs the Debian packages chromium and chromium-driver (`make test` installs them when run
as root) and selenium (the dev extra). Missing either is a failure, never a skip.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.servers import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found: install the Debian packages chromium and "
            "chromium-driver (`make test` does so when run as root)"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: install the dev extra (`make test` does)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in [*ARGUMENTS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def timeline_ids(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    items = driver.find_elements(By.CSS_SELECTOR, "#timeline .event")
    return sorted(item.get_attribute("data-event-id") for item in items)


def test_release_page_in_chromium(
    browser: Any, out_dir: Path, tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    release = out_dir / "releases" / "1.0.0"
    event_ids = sorted(tables["events"]["event_id"])
    with serve(out_dir) as url:
        browser.get(url + "latest/index.html")
        assert browser.execute_script("return document.readyState") == "complete"
        assert console_errors(browser) == []
        assert browser.title == "casefile: events, people and citations from news articles 1.0.0"

        # every download link answers 200 with the release's own bytes
        links = {
            a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.download")
        }
        expected = sorted(p.name for p in release.iterdir() if p.name != "index.html")
        assert sorted(link.removeprefix(url + "latest/") for link in links) == expected
        for link in sorted(links):
            with urllib.request.urlopen(link, timeout=30) as response:  # 127.0.0.1 only
                assert response.status == 200, link
                assert response.read() == (release / link.rsplit("/", 1)[1]).read_bytes()

        # nothing is loaded from anywhere else: no src attribute, no stylesheet link
        assert browser.find_elements(By.CSS_SELECTOR, "[src], link[rel=stylesheet]") == []

        # one timeline item per row of events, each drawn (dated) or listed (undated)
        assert timeline_ids(browser) == event_ids
        dated = browser.find_elements(By.CSS_SELECTOR, "#timeline svg .event")
        undated = browser.find_elements(By.CSS_SELECTOR, "#undated .event")
        assert len(dated) == int(tables["events"]["date_start"].notna().sum())
        assert len(undated) == int(tables["events"]["date_start"].isna().sum())
        assert all(item.size["width"] > 0 and item.size["height"] > 0 for item in dated)
        assert all(item.is_displayed() for item in undated)

        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(int(height), 8000))
        shot = tmp_path / "index.png"
        assert browser.save_screenshot(str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # the same page from the file system
    browser.get((release / "index.html").as_uri())
    assert console_errors(browser) == []
    assert timeline_ids(browser) == event_ids
