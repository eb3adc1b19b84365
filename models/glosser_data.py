"""Training data for the LoRA glosser: text -> gloss pairs from the DGS dictionary and parallel corpora.

From the dictionary (knowledge-base entries of one sign language, e.g. the DGS dictionary in `signwriting`):
- `word`: a dictionary word -> its gloss ("Licht" -> LICHT);
- `inflected`: forms simplemma's German dictionary maps to that word ("Lichter" -> LICHT), up to
  `inflections` per word, the most frequent first (wordfreq when installed);
- `compound`: a one-word entry that contains another entry's word ("Badezimmer" -> BADEZIMMER);
- `multiword`: entries of several words ("guten Morgen" -> GUTEN-MORGEN).
The split is by gloss (a hash of the gloss), so every form of a held-out sign is held out together,
and variants of one sign (MANN-1, MANN-4 -> MANN) never straddle train and test.

From a parallel corpus (`read_parallel_corpus`): a CSV/TSV with columns `text` and `gloss`, or the
PHOENIX-2014T annotation layout (`name|video|start|end|speaker|orth|translation`, pipe-separated:
text = translation, gloss = orth). Corpus rows are split by a hash of the text.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from signbridge.knowledge.errors import InputError

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class GlossExample:
    text: str
    gloss: str  # space-separated gloss sequence (one gloss for dictionary entries)
    kind: str  # word | inflected | compound | multiword | corpus
    split: str


def split_of(key: str, test_percent: int = 10, dev_percent: int = 5) -> str:
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 100
    return "test" if bucket < test_percent else "dev" if bucket < test_percent + dev_percent else "train"


_UMLAUT = {"au": "äu", "a": "ä", "o": "ö", "u": "ü"}
_ENDINGS = ("e", "en", "n", "er", "ern", "s", "es", "em", "nen", "st", "t", "et", "te", "ten", "test", "tet")


def _candidate_forms(word: str) -> set[str]:
    """Plausible German inflections of a word (suffixes, umlaut plurals, ge-participles), unverified."""
    lower = word.lower()
    stems = {word, word[:-2] if lower.endswith("en") else word, word[:-1] if lower.endswith(("eln", "ern")) else word}
    out = {stem + e for stem in stems for e in _ENDINGS}
    for plain, umlaut in _UMLAUT.items():  # Haus -> Häuser, Stadt -> Städte
        i = lower.rfind(plain)
        if i >= 0:
            changed = word[:i] + (umlaut.upper() if word[i].isupper() else umlaut) + word[i + len(plain):]
            out |= {changed + e for e in ("", "e", "er", "ern", "en")}
    if lower.endswith("en") and word[:1].islower():
        out |= {"ge" + word[:-2] + "t", "ge" + word}
    out.discard(word)
    return out


def _inflections(word: str, lang: str) -> list[str]:
    """Forms simplemma's dictionary maps to `word` among the candidates (verified, never invented)."""
    from signbridge.knowledge.sources.wordlist import _dictionary

    d = _dictionary(lang)
    return [f for f in _candidate_forms(word) if d.get(f) == word]


def _rank(forms: list[str], lang: str) -> list[str]:
    from signbridge.knowledge.sources.wordlist import frequency

    return sorted(forms, key=lambda f: (-frequency(f, lang), f))


def _is_compound(word: str, singles: set[str]) -> bool:
    """Another dictionary word as the head (end) or the start of this one: Badezimmer <- Zimmer."""
    return any(word[i:] in singles or word[:len(word) - i] in singles for i in range(3, len(word) - 3))


def dictionary_examples(entries, spoken: str = "de", inflections: int = 2) -> list[GlossExample]:
    """Text -> gloss pairs from knowledge-base entries (see the module docstring); deterministic."""
    singles = {w.casefold() for e in entries for w in e.words if " " not in w and len(w) >= 4}
    out, seen = [], set()
    for entry in sorted(entries, key=lambda e: e.id):
        gloss = entry.gloss.replace(" ", "-")
        split = split_of(gloss)
        for word in entry.words:
            if not word.strip():
                continue
            if " " in word:
                kind = "multiword"
            elif len(word) >= 8 and _is_compound(word.casefold(), singles):
                kind = "compound"
            else:
                kind = "word"
            forms = _rank(_inflections(word, spoken), spoken)[:inflections] if inflections and " " not in word else []
            pairs = [(word, kind)] + [(f, "inflected") for f in forms]
            for text, k in pairs:
                if (text, gloss) not in seen:
                    seen.add((text, gloss))
                    out.append(GlossExample(text, gloss, k, split))
    return out


def read_parallel_corpus(path: Path) -> list[GlossExample]:
    """(text, gloss) rows from a CSV/TSV with `text` and `gloss` columns, or PHOENIX-2014T's layout."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"'{path.name}' is not UTF-8 text; save the corpus as UTF-8") from None
    except OSError as error:
        raise InputError(f"cannot read corpus '{path}': {error.strerror or error}") from None
    first = raw.splitlines()[0] if raw.strip() else ""
    delimiter = "|" if first.count("|") >= 2 else "\t" if "\t" in first else ","
    rows = list(csv.DictReader(raw.splitlines(), delimiter=delimiter))
    if not rows:
        raise InputError(f"corpus '{path.name}' has no rows")
    columns = {c.strip().lower(): c for c in rows[0] if c}
    text_col = columns.get("text") or columns.get("translation") or columns.get("sentence")
    gloss_col = columns.get("gloss") or columns.get("orth") or columns.get("glosses")
    if not text_col or not gloss_col:
        raise InputError(f"corpus '{path.name}' needs columns text and gloss (or PHOENIX-2014T's translation and "
                         f"orth); found: {', '.join(columns) or 'none'}")
    out = []
    for row in rows:
        text, gloss = (row.get(text_col) or "").strip(), " ".join((row.get(gloss_col) or "").upper().split())
        if text and gloss:
            out.append(GlossExample(text, gloss, "corpus", split_of("corpus|" + text)))
    if not out:
        raise InputError(f"corpus '{path.name}' has no row with both text and gloss")
    return out
