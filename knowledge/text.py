"""Text forms, defined once: the matching fold, the lenient comparison form, file-name slugs, and the
check every piece of user text passes before any work starts.

    fold("Türk İşaret Dili!")        -> "turk isaret dili"   case, accents, punctuation ignored (matching)
    fold_with_offsets(request)       -> (folded, offsets)    the same idea for cutting spans out of a request
    normalize_text("  Guten  ABEND") -> "guten abend"        NFC, case-folded (ß -> ss), single spaces (comparison)
    slug("Jürgen Müller")            -> "jurgen-muller"      a file-name-safe stem
    plain_text(text, "word", 100, ...)                       stripped NFC text, or one clear InputError

>>> fold("Rücken!"), normalize_text(" Grüße  Dich "), slug("안녕 Welt")
('rucken', 'grüsse dich', '안녕-welt')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from signbridge.knowledge.errors import InputError

_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})
_NON_WORD = re.compile(r"[^\w]+|_")
# the Latin accents (combining diacritical marks; U+034F, the grapheme joiner, is not one)
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def _strip_accents(text: str) -> str:
    """Compatibility-decomposed (NFKD), combining marks dropped: 'é' -> 'e', 'ﬁ' -> 'fi'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and diacritic-insensitive form used for matching: 'Rücken!' -> 'rucken'.

    Cached, with shortcuts that give the same result (a process folds ~20k dictionary words and names):
    ASCII text only needs lower case; text that is ASCII once its Latin accents are gone needs no
    per-character check for other combining marks.
    """
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_FOLD)))
    if not text.isascii():
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()


_SPACE = set(" \t\r\n-_/.,()!?¿¡:;\"“”«»„‚‹›「」『』[]{}<>|+*=&%#@")
_DROP = set("'’ʼ`´")


def _fold_char(c: str) -> str:
    return unicodedata.normalize("NFC", _strip_accents(c.casefold())).replace("ı", "i")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold` for finding things in a request and cutting them out of the original text: lower case, no
    accents, 'ı'->'i', punctuation -> one space, apostrophes dropped (what's -> whats), one character at a
    time and recomposed (Hangul stays syllables; 'æ', 'ł' stay, as the request lexicons spell them).

    Returns (folded, index) where index[i] is the offset in `text` of folded character i.

    >>> fold_with_offsets("Wie, Jürgen?")
    ('wie jurgen ', [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11])
    """
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        if c in _DROP:
            continue
        if c in _SPACE or c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        for ch in _fold_char(c):
            out.append(ch)
            index.append(i)
    return "".join(out), index




def normalize_text(text: str) -> str:
    """NFC + case-fold + collapsed whitespace: texts compared leniently, and what the text models see."""
    return " ".join(unicodedata.normalize("NFC", text.casefold()).split())


def slug(text: str, limit: int = 40, default: str = "sign") -> str:
    """A file-name-safe stem: 'Jürgen Müller' -> 'jurgen-muller'; Hangul and Han characters are kept."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.strip().lower()) if not unicodedata.combining(c))
    stem = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", folded)).strip("-_")
    return stem[:limit].rstrip("-") or default


def plain_text(text, what: str, limit: int, empty: str, too_long: str, multiline: bool = False) -> str:
    """`text` stripped and in NFC, or an InputError naming `what` was wrong.

    Refused: non-text, empty (`empty` says what to give instead), over `limit` characters (`too_long`
    says what to do), control, surrogate or private-use characters (tab and newlines only when `multiline`).

    >>> plain_text(" Haus ", "word", 100, "give a word", "give one word")
    'Haus'
    """
    if not isinstance(text, str):
        raise InputError(f"the {what} must be text")
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise InputError(f"empty {what}: {empty}")
    if len(text) > limit:
        raise InputError(f"{what} too long ({len(text)} characters, at most {limit}): {too_long}")
    allowed = "\t\n\r" if multiline else ""
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in allowed for c in text):
        raise InputError(f"the {what} {text[:30]!r} contains control characters (or private-use ones): give plain text")
    return text
