"""index.html carries a schema.org Dataset (JSON-LD): name, licence, version and a
DataDownload per file, with the sizes and sha256 of the release's own bytes."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from flows.release.site import dataset_jsonld, index_html


class _JsonLd(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks.append(data)


def jsonld(html: str) -> list[Any]:
    parser = _JsonLd()
    parser.feed(html)
    return [json.loads(block) for block in parser.blocks]


def test_the_page_describes_the_release_as_a_schema_org_dataset(out_dir: Path) -> None:
    release = out_dir / "latest"
    [dataset] = jsonld((release / "index.html").read_text(encoding="utf-8"))
    assert dataset["@context"] == "https://schema.org/"
    assert dataset["@type"] == "Dataset"
    assert dataset["name"] == "casefile: events, people and citations from news articles"
    assert dataset["version"] == "1.0.0"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"] == {"@type": "Organization", "name": "The casefile contributors"}
    assert "events.event_date" in dataset["variableMeasured"]
    offered = {
        p.name
        for p in release.iterdir()
        if p.name not in ("index.html", "SHA256SUMS", "rejected.csv")
    }
    downloads = {d["contentUrl"]: d for d in dataset["distribution"]}
    assert set(downloads) == offered
    for name, download in downloads.items():
        data = (release / name).read_bytes()
        assert download["@type"] == "DataDownload"
        assert download["name"] == name
        assert download["contentSize"] == f"{len(data)} B"
        assert download["sha256"] == hashlib.sha256(data).hexdigest()
    assert downloads["events.parquet"]["encodingFormat"] == "application/vnd.apache.parquet"
    assert downloads["events.csv"]["encodingFormat"] == "text/csv"
    assert downloads["casefile.db"]["encodingFormat"] == "application/vnd.sqlite3"


def test_text_cannot_end_the_json_ld_script_early(tables: Any, out_dir: Path) -> None:
    descriptor = json.loads((out_dir / "latest" / "datapackage.json").read_text("utf-8"))
    descriptor["description"] = "</script><script>alert(1)</script> & more"
    html = index_html(tables, {}, descriptor)
    assert html.count("</script>") == 1
    [dataset] = jsonld(html)
    assert dataset["description"] == "</script><script>alert(1)</script> & more"
    assert dataset == dataset_jsonld({}, descriptor)
