"""Real news pages in (issue 16): main text and publication metadata, with trafilatura.

The pages in tests/pages/ are written for these tests in the markup styles of real news
sites (invented people and outlets): Open Graph and ``article:`` meta tags; JSON-LD
``NewsArticle`` with ``publisher`` and ``datePublished``; a ``<time datetime>`` byline;
and a page with none of these. Each comes with navigation, share buttons, a cookie
banner, related links, a newsletter or subscription prompt, comments and a footer."""

from __future__ import annotations

import datetime as dt
import signal
import socket
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows import ingest
from flows.add import add_article
from flows.cli import app
from flows.ingest import Article, IngestError, list_raw_files, parse_article, read_article
from tests.servers import serve

PAGES = Path(__file__).resolve().parent / "pages"

OPENGRAPH_BODY = (
    "Judge dismisses case against director\n\n"
    "A county judge on Tuesday dismissed the involuntary manslaughter charge against film "
    "director Marco Bellini, ruling that prosecutors had waited too long to bring it.\n\n"
    "Bellini, 58, was charged in March over the death of lighting technician Tomas Eriksen "
    "on the set of the western “Dry Creek” in 2022.\n\n"
    "“We are disappointed and are reviewing the ruling,” district attorney Ruth Okafor said "
    "in a statement.\n\n"
    "Eriksen’s family said last month that they would file a civil suit against the "
    "production company.\n"
)
JSONLD_BODY = (
    "The state maritime board fined Bayline Ferries $250,000 on Wednesday over the crash of "
    "one of its boats into a pier in January, which injured eleven passengers.\n\n"
    "The board found that captain Ilse Varga had been on duty for sixteen hours when the "
    "ferry struck the pier, in breach of the state's rest rules.\n\n"
    "Varga was charged with reckless operation in March and has pleaded not guilty. Her "
    "trial is set to begin next month.\n\n"
    "“Safety is our first priority and we will appeal,” a Bayline spokesman, Olu Adeyemi, "
    "said.\n"
)
TIME_BODY = (
    "Police arrested Gareth Linwood, a senior aide to the mayor of Eastbrook, on Monday on "
    "suspicion of accepting bribes from a building firm.\n\n"
    "Detectives searched Linwood's home and the council offices, a police spokeswoman said. "
    "He was released on bail late on Monday night.\n\n"
    "The mayor, Helen Achebe, said she had suspended Linwood and would cooperate fully with "
    "the inquiry.\n"
)
PLAIN_BODY = (
    "A jury cleared lifeguard Tobias Renner of negligence on Friday over the drowning of a "
    "swimmer at Linden Lake.\n\n"
    "Renner had been accused of leaving his post for forty minutes. His lawyer, Mira "
    "Castellanos, said he had been helping another swimmer who was in difficulty.\n\n"
    "The swimmer's family said they were disappointed by the verdict.\n"
)
VALLEY_URL = (
    "https://www.valleyherald.example/news/2024/05/15/judge-dismisses-case-against-director/"
)

# page -> (title, outlet, url, published, author), body
EXPECTED: dict[str, tuple[tuple[Any, ...], str]] = {
    "opengraph.html": (
        (
            "Judge dismisses case against director",  # not "... | Valley Herald"
            "Valley Herald",  # og:site_name, not article:publisher's Facebook address
            VALLEY_URL,
            dt.date(2024, 5, 15),  # article:published_time, not article:modified_time
            "Dana Whitfield",
        ),
        OPENGRAPH_BODY,
    ),
    "jsonld.html": (
        (
            "Ferry operator fined over harbor crash",  # not "... - Harbor Times"
            "Harbor Times",
            "https://harbortimes.example/2023/11/ferry-operator-fined",
            dt.date(2023, 11, 2),  # datePublished, not dateModified
            "Priya Natarajan",
        ),
        JSONLD_BODY,
    ),
    "time.html": (
        (
            "Mayor's aide arrested in bribery inquiry",
            "The Guardian",  # "the Guardian", canonicalised through flows/data/outlets.csv
            "https://news.example.org/uk/mayors-aide-arrested-in-bribery-inquiry",
            dt.date(2024, 3, 5),
            "Sam Oduya",
        ),
        TIME_BODY,
    ),
    "plain.html": (("Lifeguard cleared of negligence", None, None, None, None), PLAIN_BODY),
}
BOILERPLATE = [
    *("cookies", "Home", "News", "Courts", "Sports", "Share", "Email", "Photo", "newsletter"),
    *("Related", "Film crews", "comments", "outrageous", "Subscribe", "©", "rights reserved"),
    *("Privacy", "Advertisement", "Read more", "Pier repairs", "Topics", "Most viewed"),
    *("Heatwave", "Front page", "Archive", "editor@", "Linden Weekly", "By Dana"),
]


def page(name: str, url: str | None = None) -> Article:
    return parse_article((PAGES / name).read_bytes(), name, url)


def metadata(article: Article) -> tuple[Any, ...]:
    return (article.title, article.outlet, article.url, article.published_date, article.author)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_gives_its_exact_metadata_and_body(name: str) -> None:
    article = page(name)
    assert (metadata(article), article.body) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_navigation_footer_or_other_page_furniture_is_in_the_body(name: str) -> None:
    body = page(name).body
    assert [phrase for phrase in BOILERPLATE if phrase in body] == []


def test_each_value_says_where_it_came_from() -> None:
    assert dict(page("opengraph.html").sources) == {
        "title": "og:title",
        "outlet": "og:site_name",
        "url": '<link rel="canonical">',
        "published": "article:published_time",
        "author": "the page's byline or author meta tag",
    }
    assert dict(page("jsonld.html").sources)["published"] == "JSON-LD datePublished"
    assert dict(page("jsonld.html").sources)["outlet"] == "JSON-LD publisher"
    assert dict(page("time.html").sources)["published"] == "<time datetime>"
    assert dict(page("plain.html").sources) == {"title": "<title>"}


@pytest.mark.parametrize(
    ("site_name", "outlet"),
    [
        ("the Guardian", "The Guardian"),  # canonicalised through flows/data/outlets.csv
        ("CNN.com", "CNN"),  # a known outlet by its domain
        ("www.cnn.com", "CNN"),
        ("Mesa Ledger", "Mesa Ledger"),  # unknown: as the page gives it
        ("mesaledger.example", None),  # a domain names no outlet
        ("https://www.facebook.com/mesaledger", None),  # nor a web address
    ],
)
def test_the_site_name_is_the_outlet_and_leaves_the_headline(
    site_name: str, outlet: str | None
) -> None:
    html = (PAGES / "plain.html").read_text(encoding="utf-8")
    head = (
        f'<meta property="og:site_name" content="{site_name}">'
        f'<meta property="og:title" content="Lifeguard cleared - {site_name}">'
    )
    article = parse_article(html.replace("<head>", "<head>" + head).encode(), "plain.html")
    assert (article.title, article.outlet) == ("Lifeguard cleared", outlet)


def test_the_address_a_page_was_fetched_from_gives_its_url_and_a_date_in_its_path() -> None:
    url = "https://lindenweekly.example/2024/06/07/lifeguard-cleared"
    article = page("plain.html", url)
    assert (article.url, article.published_date) == (url, dt.date(2024, 6, 7))
    assert dict(article.sources)["published"] == "the URL"
    assert dict(article.sources)["url"] == "the address it was fetched from"
    # a page's own canonical address wins over the one it was fetched from
    assert page("opengraph.html", "http://127.0.0.1:8000/story.html").url == VALLEY_URL


def test_a_date_only_in_the_text_is_not_the_publication_date() -> None:
    html = (PAGES / "plain.html").read_text(encoding="utf-8")
    html = html.replace("on Friday", "on Friday, June 7, 2024,")
    article = parse_article(html.encode(), "plain.html")
    assert "June 7, 2024" in article.body and article.published_date is None


def test_front_matter_wins_over_the_page() -> None:
    data = (
        b"---\ntitle: Director cleared\noutlet: Mesa Ledger\npublished: 2024-05-16\n---\n"
        + (PAGES / "opengraph.html").read_bytes()
    )
    article = parse_article(data, "opengraph.html")
    assert metadata(article) == (
        "Director cleared",
        "Mesa Ledger",
        VALLEY_URL,
        dt.date(2024, 5, 16),
        "Dana Whitfield",
    )
    assert dict(article.sources)["outlet"] == "front matter"
    assert article.body == OPENGRAPH_BODY


def test_reading_a_page_tries_no_network_and_sets_no_signal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM)}
    # in a thread that is not the main one, as in Prefect's task threads: setting a signal
    # handler there would raise ValueError
    results: dict[str, tuple[Any, ...]] = {}

    def read_all() -> None:
        for name in EXPECTED:
            article = page(name, f"https://pages.example/{name}")
            results[name] = (article.title, article.body)

    thread = threading.Thread(target=read_all)
    thread.start()
    thread.join()
    assert {name: title for name, (title, _) in results.items()} == {
        name: expected[0][0] for name, expected in EXPECTED.items()
    }
    assert attempts == []
    assert {s: signal.getsignal(s) for s in handlers} == handlers
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_extraction_of_a_page_is_stopped_at_the_ingest_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ingest, "INGEST_TIMEOUT_S", 0.2)
    long_page = b"<html><body>" + b"<p>Jane Roe was charged in the county court.</p>" * 40_000
    with pytest.raises(IngestError) as info:
        parse_article(long_page, "long.html")
    assert str(info.value) == "long.html: reading it took longer than 0.2 s (malformed markup?)"
    # the next page is read as usual
    assert page("plain.html").body == PLAIN_BODY


def test_the_command_line_wins_over_the_page(tmp_path: Path) -> None:
    added = add_article(
        str(PAGES / "opengraph.html"),
        tmp_path / "raw",
        title="Director cleared",
        outlet="Mesa Ledger",
        published=dt.date(2024, 5, 16),
    )
    assert metadata(read_article(added.path)) == (
        "Director cleared",
        "Mesa Ledger",
        VALLEY_URL,
        dt.date(2024, 5, 16),
        "Dana Whitfield",
    )
    assert [(key, where) for key, _, where in added.sources] == [
        ("title", "command line"),
        ("outlet", "command line"),
        ("url", '<link rel="canonical">'),
        ("published", "command line"),
        ("author", "the page's byline or author meta tag"),
    ]


@pytest.mark.usefixtures("prefect_harness")
def test_a_page_added_over_http_has_all_four_fields_and_its_tuesday_is_dated_in_a_build(
    tmp_path: Path,
) -> None:
    from flows.build import build_datasets

    site, raw = tmp_path / "site", tmp_path / "raw"
    site.mkdir()
    (site / "story.html").write_bytes((PAGES / "opengraph.html").read_bytes())
    with serve(site) as url:
        result = CliRunner().invoke(app, ["add", url + "story.html", "--raw", str(raw), "-v"])
    assert result.exit_code == 0, result.output
    (path,) = list_raw_files(raw)
    assert result.output.splitlines() == [
        f"added {path} ({len(OPENGRAPH_BODY.split())} words)",
        "  title: Judge dismisses case against director (from og:title)",
        "  outlet: Valley Herald (from og:site_name)",
        f'  url: {VALLEY_URL} (from <link rel="canonical">)',
        "  published: 2024-05-15 (from article:published_time)",
        "  author: Dana Whitfield (from the page's byline or author meta tag)",
    ]
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "title: Judge dismisses case against director\n"
        "outlet: Valley Herald\n"
        f"url: {VALLEY_URL}\n"
        "published: 2024-05-15\n"
        "author: Dana Whitfield\n"
        "---\n" + OPENGRAPH_BODY
    )

    release = build_datasets(raw, tmp_path / "out")
    articles = pd.read_csv(release.path / "articles.csv")
    assert articles[["title", "outlet", "url", "published_date"]].values.tolist() == [
        ["Judge dismisses case against director", "Valley Herald", VALLEY_URL, "2024-05-15"]
    ]
    events = pd.read_csv(release.path / "events.csv")
    dismissal = events[events["event_type"] == "dismissal"]
    # "A county judge on Tuesday dismissed ...", published on Wednesday 15 May 2024
    assert dismissal[["event_date", "date_precision"]].values.tolist() == [["2024-05-14", "day"]]


def test_a_page_trafilatura_cannot_read_is_read_by_the_plain_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(html: str, url: str | None = None) -> None:
        raise RecursionError

    monkeypatch.setattr(ingest, "read_page", fail)
    article = page("plain.html")
    assert (article.title, article.outlet, article.published_date) == (
        "Lifeguard cleared of negligence",
        None,
        None,
    )
    # the walk keeps what is not in nav/aside/footer elements: this page's menu and footer
    # are plain <div>s
    assert article.body == (
        "Front page | Archive | About us\n\nLifeguard cleared of negligence\n\n"
        + PLAIN_BODY
        + "\nContact the editor: editor@example.net | Copyright the Linden Weekly\n"
    )


def test_a_fragment_too_small_for_trafilatura_is_read_by_the_plain_walk() -> None:
    assert parse_article(b"<p>Jane Roe was charged.", "ok.html").body == "Jane Roe was charged.\n"
