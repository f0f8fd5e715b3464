"""The release side: tables -> a release folder, and a release back -> checked tables.

One entry point for the rest of casefile and for users:

- ``publish(tables, out_dir)`` writes a new release (folder.py: Parquet, CSV,
  datapackage.json, SHA256SUMS; with changelog.py, sqlite.py, site.py and citation.py:
  CHANGELOG.md, casefile.db and metadata.json, index.html, CITATION.cff);
- ``verify_release(path)`` checks one (``casefile validate``; folder.py);
- ``download(source, to)`` fetches one and checks it (fetch.py);
- ``load(path)`` reads its tables back into pandas (read.py);
- report.py writes a run's ``rejected.csv``; package.py holds the names all of them share.

Modules here import each other one way only (package <- citation <- site <- folder),
never the package itself: tests/test_imports.py checks flows/ has no import cycle.
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> the module that defines it; imported on first use, so importing one module of
# the package (e.g. fetch.py for `casefile add`) does not load pandas and pyarrow.
_EXPORTS = {
    "LICENSE": "package",
    "PACKAGE_TITLE": "package",
    "Release": "folder",
    "publish": "folder",
    "release_major": "folder",
    "verify_release": "folder",
    "download": "fetch",
    "load": "read",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'flows.release' has no attribute {name!r}")
    return getattr(importlib.import_module(f"flows.release.{_EXPORTS[name]}"), name)
