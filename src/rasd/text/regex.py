"""Regex building shared by the language scanners."""
from __future__ import annotations

import re
from typing import Iterable


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` nested as a trie (one walk decides; single letters merge
    into classes).  It may stop at any word on the path, so callers add what must follow."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        leaves = "".join(re.escape(ch) for ch, sub in sorted(node.items()) if ch and list(sub) == [""])
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch and list(sub) != [""]]
        alts += [leaves if len(leaves) == 1 else f"[{leaves}]"] if leaves else []
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root) if root else "(?!)"
