"""Read a release's tables back into pandas, typed as ``schemas/`` publishes them.

``load(release)`` reads each table's CSV (or Parquet) and gives the frames the pandera
models accept: list columns (``people.aliases``, ``people.roles``) decoded from their JSON
arrays, integers as ``Int64``, empty cells as nulls and every other cell as the text it is
(a name such as ``NA`` or ``null`` stays text)::

    from flows.release.read import load
    tables = load("output/latest")          # {"articles": DataFrame, "people": ..., ...}
    tables["people"].loc[0, "roles"]        # ['director']

With plain ``pandas.read_csv`` the list columns are JSON text; decode them with
``converters={"aliases": json.loads, "roles": json.loads}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from schemas.describe import columns, table_schema
from schemas.tables import TABLES

FORMATS = ("csv", "parquet")


def load(
    release: str | Path, tables: Iterable[str] | None = None, *, format: str = "csv"
) -> dict[str, pd.DataFrame]:
    """The tables of a release folder (every table, or those named), by name; each frame
    validates against its model in ``schemas.tables``. ``format`` is "csv" or "parquet"."""
    folder = Path(release)
    if format not in FORMATS:
        raise ValueError(f"format must be csv or parquet, not {format!r}")
    names = list(TABLES) if tables is None else list(tables)
    unknown = [name for name in names if name not in TABLES]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is no casefile table (tables: {', '.join(TABLES)})")
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: not a release folder")
    reader = read_table_csv if format == "csv" else read_table_parquet
    return {name: reader(folder / f"{name}.{format}", name) for name in names}


def read_table_csv(path: Path, table: str) -> pd.DataFrame:
    """One table's CSV, typed as its model publishes it."""
    kinds = _kinds(table)
    arrays = [name for name, kind in kinds.items() if kind == "array"]
    frame = pd.read_csv(
        path,
        dtype={
            name: "Int64" if kind == "integer" else str
            for name, kind in kinds.items()
            if kind != "array"
        },
        converters={name: json.loads for name in arrays},
        keep_default_na=False,  # only an empty cell is null: "NA" is text
        na_values={name: [""] for name in kinds if name not in arrays},
        encoding="utf-8",
    )
    return _typed(frame, table)


def read_table_parquet(path: Path, table: str) -> pd.DataFrame:
    """One table's Parquet file, typed as its model publishes it."""
    return _typed(pq.read_table(path).to_pandas(), table)


def _kinds(table: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in table_schema(table)["fields"]}


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Columns in the published order: Int64 integers, lists as lists, text or None."""
    kinds = _kinds(table)
    missing = [name for name in columns(table) if name not in frame.columns]
    if missing:
        raise ValueError(f"{table}: column {missing[0]!r} is missing")
    out = {}
    for name in columns(table):
        values = frame[name]
        if kinds[name] == "integer":
            out[name] = values.astype("Int64")
        elif kinds[name] == "array":
            out[name] = pd.Series([list(v) for v in values], dtype=object)
        else:
            out[name] = pd.Series([_text(v) for v in values], dtype=object)
    return pd.DataFrame(out)


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
