"""A release's index.html in headless Chromium, served over HTTP and opened from the file
system: no console errors, every download link answers, one timeline item per event; at
390 px and 1280 px no horizontal scroll, every summary readable without hover (by keyboard),
and a release of 500 synthetic events in under three screens.

Needs the Debian packages chromium and chromium-driver (`make test` installs them when run
as root) and selenium (the dev extra). Missing either is a failure, never a skip.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import random
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
        dated = browser.find_elements(
            By.CSS_SELECTOR, "#timeline .year:not(#undated-events) .event"
        )
        undated = browser.find_elements(By.CSS_SELECTOR, "#undated .event")
        assert len(dated) == int(tables["events"]["date_start"].notna().sum())
        assert len(undated) == int(tables["events"]["date_start"].isna().sum())
        assert all(item.is_displayed() for item in [*dated, *undated])  # a small release: open
        marks = browser.find_elements(By.CSS_SELECTOR, "#timeline .mark")
        assert marks and all(m.size["width"] > 0 and m.size["height"] > 0 for m in marks)

        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(int(height), 8000))
        shot = tmp_path / "index.png"
        assert browser.save_screenshot(str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # the same page from the file system
    browser.get((release / "index.html").as_uri())
    assert console_errors(browser) == []
    assert timeline_ids(browser) == event_ids


# --- at phone and desktop widths ---------------------------------------------------------------

SCREENS = {390: 844, 1280: 800}  # viewport width -> height
WIDTHS = tuple(SCREENS)


def synthetic_tables(tables: dict[str, pd.DataFrame], n: int = 500) -> dict[str, pd.DataFrame]:
    """The test tables with ``n`` invented events over six years: days (a cluster of 30
    on one day), months and years, summaries of 20 to 400 characters."""
    from schemas import validate_tables
    from schemas.vocabularies import EVENT_TYPES

    rng = random.Random(15)
    types = sorted(EVENT_TYPES)
    rows = []
    for i in range(n):
        year = rng.randint(2019, 2024)
        kind = "day" if i < 30 else rng.choices(["day", "month", "year"], [70, 20, 10])[0]
        if i < 30:
            start = end = dt.date(2021, 10, 21)
        elif kind == "day":
            start = end = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        elif kind == "month":
            month = rng.randint(1, 12)
            start = dt.date(year, month, 1)
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
        else:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        date = {"day": start.isoformat(), "month": start.isoformat()[:7], "year": str(year)}
        words = " ".join(f"word{rng.randrange(1000)}" for _ in range(rng.randint(2, 50)))
        rows.append(
            {
                "event_id": "evt-" + hashlib.sha256(str(i).encode()).hexdigest()[:12],
                "event_type": rng.choice(types),
                "event_date": date[kind],
                "date_precision": kind,
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "date_resolution": "explicit",
                "summary": f"Event {i}: {words}"[:400],
                "location": None,
                "outlet_count": 1,
                "mention_count": 1,
            }
        )
    events = pd.concat([tables["events"], pd.DataFrame(rows)], ignore_index=True)
    return validate_tables({**tables, "events": events})


def page_of(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    """index.html of ``tables`` (the other files are not needed to draw it)."""
    from flows.release.folder import release_files
    from flows.release.site import index_html

    files = release_files(tables, "1.0.0", extras=False)
    page = folder / "index.html"
    page.write_text(index_html(tables, files, json.loads(files["datapackage.json"])), "utf-8")
    return page


def open_at(browser: Any, page: Path, width: int) -> None:
    """``page`` in a viewport of ``width`` and a screen's height (a phone's 844 px at 390,
    a laptop's 800 px at 1280)."""
    height = SCREENS[width]
    browser.set_window_size(width, height)
    browser.get(page.as_uri())
    inner = browser.execute_script("return window.innerHeight")
    browser.set_window_size(width, 2 * height - inner)  # the window's own bars added
    assert browser.execute_script("return [innerWidth, innerHeight]") == [width, height]


def no_horizontal_scroll(browser: Any) -> None:
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " getComputedStyle(document.body).overflowX]"
    )
    assert widths[0] <= widths[1] and widths[2] == "visible", widths


def readable(browser: Any, element: Any) -> None:
    """Shown, not clipped, and at least 12 px."""
    assert element.is_displayed()
    size, clipped = browser.execute_script(
        "const e = arguments[0]; return [parseFloat(getComputedStyle(e).fontSize),"
        " e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1]",
        element,
    )
    assert size >= 12 and not clipped, (size, clipped, element.text[:60])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_fits_the_screen_and_every_summary_is_shown(
    browser: Any, out_dir: Path, tables: dict[str, pd.DataFrame], width: int
) -> None:
    from selenium.webdriver.common.by import By

    open_at(browser, out_dir / "latest" / "index.html", width)
    assert console_errors(browser) == []
    no_horizontal_scroll(browser)
    summaries = browser.find_elements(By.CSS_SELECTOR, "#timeline .event .summary")
    assert sorted(s.text for s in summaries) == sorted(tables["events"]["summary"])
    for summary in summaries:  # no hover, no click: on the page as it opens
        readable(browser, summary)
    for label in browser.find_elements(By.CSS_SELECTOR, "#timeline .axis span")[::2]:
        readable(browser, label)  # every other month's name at 390 px: all of them at 1280
    years = [h.text.split()[0] for h in browser.find_elements(By.CSS_SELECTOR, ".year h3")]
    first = min(tables["events"]["date_start"].dropna())[:4]
    assert years[0] == first and years[-1] == "Undated"


@pytest.mark.parametrize("width", WIDTHS)
def test_500_events_fit_in_three_screens_and_open_by_keyboard(
    browser: Any, tables: dict[str, pd.DataFrame], tmp_path: Path, width: int
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    many = synthetic_tables(tables)
    open_at(browser, page_of(many, tmp_path), width)
    assert console_errors(browser) == []
    no_horizontal_scroll(browser)
    screen = browser.execute_script("return window.innerHeight")
    # the whole page as it opens, not only its timeline: under three screens
    page = browser.execute_script("return document.documentElement.scrollHeight")
    assert page < 3 * screen, (page, screen)
    years = [h.text.split()[0] for h in browser.find_elements(By.CSS_SELECTOR, ".year h3")]
    starts = many["events"]["date_start"].dropna()
    assert years == [*sorted({d[:4] for d in starts}), "Undated"]
    assert years[:6] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    marks = browser.find_elements(By.CSS_SELECTOR, "#timeline .mark")
    assert len(marks) < len(many["events"])  # one mark per date: the 30 of one day are one
    [cluster] = [m for m in marks if m.get_attribute("aria-label").startswith("2021-10-21: 30")]
    assert cluster.text == "30"
    # the marks of a lane never overlap
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('.year')].map(y => [...y.querySelectorAll('.mark')]"
        ".map(m => {const r = m.getBoundingClientRect(); return [r.left, r.right, r.top]}))"
    )
    for year in boxes:
        for i, (left, right, top) in enumerate(year):
            for other_left, other_right, other_top in year[i + 1 :]:
                if abs(top - other_top) < 1:
                    assert right <= other_left + 0.5 or other_right <= left + 0.5

    # every year's events open by keyboard: a year's summary takes the focus, Enter opens it
    toggles = browser.find_elements(By.CSS_SELECTOR, "#timeline details.events > summary")
    assert len(toggles) == len(years)
    for toggle in toggles:
        browser.execute_script("arguments[0].focus()", toggle)
        assert browser.switch_to.active_element == toggle  # focusable: in the Tab order
        toggle.send_keys(Keys.ENTER)
    assert all(t.find_element(By.XPATH, "..").get_attribute("open") for t in toggles)
    summaries = browser.find_elements(By.CSS_SELECTOR, "#timeline .event .summary")
    assert len(summaries) == len(many["events"])
    for summary in summaries[::25]:
        readable(browser, summary)
    no_horizontal_scroll(browser)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_folded_section_opens_by_keyboard(browser: Any, out_dir: Path, width: int) -> None:
    """Load it, Cite it, the data dictionary, the vocabularies and the checksums open as the
    page does (closed): a summary takes the focus, Enter opens it, and what it held is shown
    and readable, with no horizontal scroll."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_at(browser, out_dir / "latest" / "index.html", width)
    folds = browser.find_elements(By.CSS_SELECTOR, "details.fold, details.sums")
    ids = [f.find_element(By.XPATH, "..").get_attribute("id") for f in folds]
    assert ids == ["download", "load", "cite", "dictionary", "vocabularies"]
    checks = {  # what each holds, by a selector of text in it
        "download": "ul.sums code.sha",
        "load": "table.load code",
        "cite": "blockquote.citation",
        "dictionary": "details.table > summary",
        "vocabularies": "dd",
    }
    for fold, section in zip(folds, ids, strict=True):
        assert fold.get_attribute("open") is None
        [inside] = fold.find_elements(By.CSS_SELECTOR, checks[section])[:1]
        assert not inside.is_displayed()
        toggle = fold.find_element(By.CSS_SELECTOR, ":scope > summary")
        browser.execute_script("arguments[0].focus()", toggle)
        assert browser.switch_to.active_element == toggle
        toggle.send_keys(Keys.ENTER)
        assert fold.get_attribute("open") == "true"
        readable(browser, inside)
    # each table's columns: a fold of its own inside the dictionary, opened the same way
    for toggle in browser.find_elements(By.CSS_SELECTOR, "details.table > summary"):
        browser.execute_script("arguments[0].focus()", toggle)
        toggle.send_keys(Keys.ENTER)
    columns = browser.find_elements(By.CSS_SELECTOR, "table.dictionary code")
    assert len(columns) > 40 and all(c.is_displayed() for c in columns)
    no_horizontal_scroll(browser)


def test_a_table_name_leads_to_its_columns(browser: Any, out_dir: Path) -> None:
    """The downloads table links each table's name to its folded data dictionary entry:
    following the link opens the dictionary and the table's fold."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_at(browser, out_dir / "latest" / "index.html", 390)
    target = browser.find_element(By.ID, "table-events")
    assert not target.is_displayed()
    link = browser.find_element(By.CSS_SELECTOR, 'table.files a[href="#table-events"]')
    link.send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#table-events"
    readable(browser, target)
    from schemas.describe import table_description

    assert target.text.startswith(table_description("events") + " Primary key: event_id.")
    rows = target.find_element(By.XPATH, "..").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows[0].find_element(By.CSS_SELECTOR, "code").text == "event_id"


def test_a_mark_leads_to_its_events_text(
    browser: Any, tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    many = synthetic_tables(tables)
    open_at(browser, page_of(many, tmp_path), 390)
    mark = browser.find_element(By.CSS_SELECTOR, "#year-2022 .mark.day")
    target = mark.get_attribute("href").rsplit("#", 1)[1]
    item = browser.find_element(By.ID, target)
    assert not item.is_displayed()  # a year's list is closed with 500 events
    mark.send_keys(Keys.ENTER)  # a link: focused by Tab, followed by Enter
    assert browser.execute_script("return location.hash") == "#" + target
    readable(browser, item.find_element(By.CSS_SELECTOR, ".summary"))
