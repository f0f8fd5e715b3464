"""Where a build keeps each article's extraction, and the key that says it is still good.

Light on purpose (no Prefect, no spaCy): ``casefile build`` reads it before it imports
the flow, to know whether any article needs extracting (flows.head_start).
"""

import hashlib
from pathlib import Path

from flows.extract.nlp import model_name
from flows.extract.outlets import OUTLETS_CSV
from flows.ingest import Article

EXTRACT_CODE = Path(__file__).resolve().parent / "extract"


def extractor_fingerprint() -> str:
    """Changes whenever extraction could yield something else: its code, data or model."""
    digest = hashlib.sha256(model_name().encode())
    for path in [*sorted(EXTRACT_CODE.glob("*.py")), OUTLETS_CSV]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(article: Article, fingerprint: str) -> str:
    """The key of an article's cached extraction: the extractor, the date, the body."""
    parts = [fingerprint, str(article.published_date), article.body]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "extract" / f"{key}.json"
