"""Lookup's matching structures: exact, folded and letter tables over the knowledge base's entries.

Built once per knowledge-base version (`index_for(kb)`), so a lookup after an import sees the new
entries and repeated lookups cost no rebuild.
"""

from __future__ import annotations

import re
from collections import defaultdict

from signbridge.knowledge.text import fold, normalize_text
from signbridge.knowledge.types import LexiconEntry

_TRANSLIT = {"ae": "a", "oe": "o", "ue": "u"}
LOOKUP_KINDS = ("sign",)


def translit(text: str) -> str:
    """Fold and undo the ae/oe/ue spelling of umlauts: 'Ruecken' -> 'rucken' (matches fold('Rücken'))."""
    out = fold(text)
    for pair, single in _TRANSLIT.items():
        out = out.replace(pair, single)
    return out


def casefold(text: str) -> str:
    """Case-folded, '_' and '-' as spaces: the exact-match key ('guten_Morgen' -> 'guten morgen')."""
    return normalize_text(re.sub(r"[_\-]+", " ", text))


class LookupIndex:
    """Matching structures over the knowledge base's entries, rebuilt when the KB changes."""

    def __init__(self, kb):
        self.version = kb.version
        self.exact: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.folded: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.letters: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.keys_by_language: dict[str, list[str]] = defaultdict(list)  # folded keys, for fuzzy matching
        self.compound_keys: dict[str, list[str]] = defaultdict(list)  # casefolded single words, for compounds
        self.primary: dict[str, str] = {}  # entry id -> its first word, folded
        for entry in kb.entries():
            if entry.kind == "letter":
                for word in entry.words:
                    self.letters[casefold(word)].append(entry)
                continue
            if entry.kind not in LOOKUP_KINDS:
                continue
            forms = list(dict.fromkeys([*entry.words, entry.gloss]))
            self.primary[entry.id] = fold(forms[0]) if forms else ""
            for word in forms:
                self.exact[casefold(word)].append(entry)
                self.compound_keys[entry.language].append(casefold(word))
                for key in {fold(word), translit(word)}:
                    if key:
                        if not self.folded[key] or self.folded[key][-1] is not entry:
                            self.folded[key].append(entry)
                        self.keys_by_language[entry.language].append(key)
        for table in (self.keys_by_language, self.compound_keys):
            for code, keys in table.items():
                table[code] = sorted(set(keys))


def index_for(kb) -> LookupIndex:
    index = getattr(kb, "_lookup_index", None)
    if index is None or index.version != kb.version:
        index = LookupIndex(kb)
        kb._lookup_index = index
    return index
