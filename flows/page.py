"""A web page -> its article text and publication metadata, with trafilatura.

trafilatura (with htmldate for dates) finds the main text of a news page, leaving out
navigation, comments, related links, captions, cookie and subscription prompts, and
reads the page's metadata. Nothing is fetched: the page is given as text, and the only
address used is the one passed in (to resolve a relative canonical link and to read a
date from the URL's path).

What is taken, each value None when the page does not give it:
- text: the main text, one paragraph per block, paragraphs separated by a blank line.
- title: the headline (``og:title``, JSON-LD ``headline``, ``<title>``, ``<h1>``), without
  a trailing " | Outlet" or " - Outlet".
- outlet: the site name (``og:site_name``, JSON-LD ``publisher``, ``application-name``...),
  canonicalised through flows/data/outlets.csv ("the Guardian" -> "The Guardian"); a
  web address or a bare domain is not an outlet's name and is dropped.
- url: the canonical address (``<link rel="canonical">``, ``og:url``, JSON-LD ``url``),
  else the address the page was fetched from.
- published: the date of first publication, by htmldate: ``article:published_time`` and
  other meta tags, JSON-LD ``datePublished``, ``<time datetime>``, the URL's path. Not
  a date found only in the text (a date in the text is usually the event's, and would
  anchor "Tuesday" wrongly): htmldate's extensive search is off.
- author: as the page gives it (several joined by "; ").

``sources`` says where each value came from (for ``casefile add --verbose``).

Everything here is linear in the page: lxml (libxml2) parses in one pass, with its
default nesting limit, and extraction walks the tree a fixed number of times. trafilatura
uses no signals nor threads when extracting; ingest's time limit still bounds it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from flows.extract.outlets import load_outlets

# htmldate: the original publication date, from the page's markup and the URL only.
_DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%d",
}
# A value that is a web address or a domain, not a name ("https://facebook.com/x",
# "valleyherald.example").
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|^[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# The name part of a bare domain: "CNN" of "CNN.com" and "www.cnn.com".
_DOMAIN_LABEL = re.compile(r"^(?:www\.)?([\w-]+)\.[a-z]{2,}(?:\.[a-z]{2})?/?$", re.IGNORECASE)
# A title's last part after one of these, when it names the outlet: " | Valley Herald".
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")


@dataclass(frozen=True)
class Page:
    text: str  # "" when trafilatura finds no main text
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from


def read_page(html: str, url: str | None = None) -> Page:
    """The article text and metadata of the page ``html`` (fetched from ``url``, if given)."""
    tree = load_html(html)
    if tree is None:  # not a page lxml can read: the caller's fallback reads it
        return Page(text="")
    meta = extract_metadata(tree, default_url=url, date_config=dict(_DATE_PARAMS))
    document = bare_extraction(
        tree,
        url=url,
        fast=True,  # the main extractor only: no readability/jusText comparison
        favor_precision=True,  # no whole-page "baseline" dump of a page with no article
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=False,
    )
    text = _paragraphs(document.body) if isinstance(document, Document) else ""
    sitename = _clean(meta.sitename)
    outlet_raw, outlet = _outlet(sitename)
    title = _headline(meta.title, sitename, outlet)
    page_url = meta.url if meta.url and meta.url.startswith(("http://", "https://")) else url
    published = _date(meta.date)
    author = _clean(meta.author)
    sources = {
        "title": _title_source(tree, title),
        "outlet": _outlet_source(tree, outlet_raw),
        "url": _url_source(tree, page_url, url),
        "published": _date_source(tree, published, page_url),
        "author": "the page's byline or author meta tag",
    }
    values = {
        "title": title,
        "outlet": outlet,
        "url": page_url,
        "published": published,
        "author": author,
    }
    return Page(
        text=text,
        title=title,
        outlet=outlet,
        url=page_url,
        published=published,
        author=author,
        sources={key: where for key, where in sources.items() if values[key] is not None},
    )


def _paragraphs(body: HtmlElement | None) -> str:
    """One paragraph per top-level block of trafilatura's body (p, head, list, quote),
    separated by blank lines; a line break inside one stays a line break."""
    if body is None:
        return ""
    paragraphs = []
    for block in body:
        lines = (_SPACE.sub(" ", line).strip() for line in xmltotxt(block, False).split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    text = "\n\n".join(paragraphs)
    return text + "\n" if text else ""


def _clean(value: str | None) -> str | None:
    return _SPACE.sub(" ", value).strip() or None if value else None


def _outlet(sitename: str | None) -> tuple[str | None, str | None]:
    """(the site name as the page gives it, the outlet's canonical name). A known outlet
    named by its domain ("CNN.com") is that outlet; another domain or a web address
    ("https://www.facebook.com/valleyherald") names no outlet."""
    if not sitename:
        return None, None
    outlets = load_outlets()
    if not _ADDRESS.search(sitename):
        return sitename, outlets.lookup(sitename) or sitename
    label = _DOMAIN_LABEL.match(sitename)
    known = outlets.lookup(label.group(1)) if label else None
    return (sitename, known) if known else (None, None)


def _headline(title: str | None, *outlets: str | None) -> str | None:
    """``title`` without a trailing " | Outlet" naming the page's outlet."""
    title = _clean(title)
    if not title:
        return None
    names = {o.casefold() for o in outlets if o}
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and tail.strip().casefold() in names:
            return head.strip()
    return title


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- where each value came from (for --verbose) ------------------------------------------------


def _meta(tree: HtmlElement, attribute: str, name: str) -> list[str]:
    return [str(v) for v in tree.xpath(f'//meta[@{attribute}="{name}"]/@content')]


def _json_ld(tree: HtmlElement) -> list[Any]:
    """Every JSON-LD object of the page (a @graph's items too); unreadable blocks skipped."""
    objects: list[Any] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [])
            elif isinstance(item, list):
                stack.extend(item)
    return objects


def _json_values(tree: HtmlElement, key: str) -> list[str]:
    values = []
    for item in _json_ld(tree):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("@id")
        if isinstance(value, str):
            values.append(value)
    return values


def _first(checks: list[tuple[str, list[str]]], match: Any) -> str:
    for label, values in checks:
        if any(match(_SPACE.sub(" ", v).strip()) for v in values):
            return label
    return "the page's metadata"


def _title_source(tree: HtmlElement, title: str | None) -> str:
    checks = [
        ("og:title", _meta(tree, "property", "og:title")),
        ("JSON-LD headline", _json_values(tree, "headline")),
        ("<title>", [t.text_content() for t in tree.xpath("//title")]),
        ("<h1>", [h.text_content() for h in tree.xpath("//h1")]),
    ]
    return _first(checks, lambda v: bool(title) and v.startswith(title or ""))


def _outlet_source(tree: HtmlElement, name: str | None) -> str:
    checks = [
        ("og:site_name", _meta(tree, "property", "og:site_name")),
        ("JSON-LD publisher", _json_values(tree, "publisher")),
        ("application-name", _meta(tree, "name", "application-name")),
        ("<title>", [t.text_content() for t in tree.xpath("//title")]),
    ]
    return _first(checks, lambda v: bool(name) and (name or "").casefold() in v.casefold())


def _url_source(tree: HtmlElement, page_url: str | None, fetched: str | None) -> str:
    checks = [
        ('<link rel="canonical">', [str(v) for v in tree.xpath('//link[@rel="canonical"]/@href')]),
        ("og:url", _meta(tree, "property", "og:url")),
        ("JSON-LD url", _json_values(tree, "url") + _json_values(tree, "mainEntityOfPage")),
    ]
    where = _first(checks, lambda v: v == page_url)
    if where == "the page's metadata" and page_url == fetched:
        return "the address it was fetched from"
    return where


def _date_source(tree: HtmlElement, published: dt.date | None, url: str | None) -> str:
    iso = published.isoformat() if published else ""
    checks = [
        ("article:published_time", _meta(tree, "property", "article:published_time")),
        ("og:article:published_time", _meta(tree, "property", "og:article:published_time")),
        ("JSON-LD datePublished", _json_values(tree, "datePublished")),
        ("<time datetime>", [str(v) for v in tree.xpath("//time/@datetime")]),
    ]
    where = _first(checks, lambda v: bool(iso) and v.startswith(iso))
    if where == "the page's metadata" and published and url:
        parts = (f"{published:%Y}", f"{published:%m}", f"{published:%d}")
        if all(part in url for part in parts):
            return "the URL"
    return where
