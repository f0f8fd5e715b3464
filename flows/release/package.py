"""What a release is called and published under: the names every release module shares.

Kept apart from the modules that write a release so that each of them (publish, site,
citation) can read these without importing another.
"""

from __future__ import annotations

PACKAGE_NAME = "casefile"
PACKAGE_TITLE = "casefile: events, people and citations from news articles"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CHECKSUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"
