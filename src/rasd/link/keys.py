"""Cross-document identity keys of entities and places.

Within a document an entity is its record id; across documents rasd compares
canonical names: the English name lower-cased without accents, punctuation or
Arabic article transliterations ("al-Sharaa" = "Sharaa"), else the folded Arabic
name with the article removed.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rasd.link.config import cfg

_PUNCT = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=65536)
def name_key(name_en: str | None, name_ar: str | None = None) -> str | None:
    """The matching key of an entity name, or None when it has none."""
    if name_en and name_en.strip():
        s = unicodedata.normalize("NFKD", name_en.lower())
        s = "".join(c for c in s if not unicodedata.combining(c))
        drop = set(cfg()["name_key_drop_tokens"])
        toks = [t for t in _PUNCT.sub(" ", s).split() if t not in drop]
        if toks:
            return " ".join(toks)
    if name_ar and name_ar.strip():
        from rasd.text.normalize import fold

        toks = [t[2:] if t.startswith("ال") and len(t) > 3 else t for t in _PUNCT.sub(" ", fold(name_ar)).split()]
        return "ar:" + " ".join(toks) if toks else None
    return None


def entity_key(ent: dict, scope: str) -> str:
    """The key of a Document-record entity; a nameless one stays private to ``scope`` (its document)."""
    return name_key(ent.get("name_en"), ent.get("name_ar")) or f"id:{scope}:{ent.get('id')}"
