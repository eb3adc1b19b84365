"""Finding things inside a free-text request: quoted text, file paths, sign-language mentions.

Every finder returns spans as character offsets into the original text, so the planner can cut the
text to sign out of the request while keeping its original spelling (case, accents, Hangul).
`fold()` (`knowledge.text.fold_with_offsets`) gives the lower-case, accent-free form the planner's cue
patterns match against, plus a map back to the original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from signbridge.agents.lexicon import Matcher
from signbridge.knowledge.text import fold_with_offsets as fold  # the planner's modules import `fold` from here


@dataclass(frozen=True)
class Span:
    start: int  # offset in the original text
    end: int


@dataclass(frozen=True)
class LanguageMention:
    code: str  # ISO 639-3
    span: Span
    matched: str  # as written
    note: str | None = None  # an ambiguous abbreviation's "read as ..." sentence


@dataclass(frozen=True)
class PathMention:
    text: str  # as written
    span: Span

    @property
    def suffix(self) -> str:
        return PurePath(self.text).suffix.lower()


def fold_text(text: str) -> str:
    return fold(text)[0].strip()


# quote pairs people type: ASCII, typographic (English, German, French, Swiss), CJK corner brackets
_QUOTE_PAIRS = [("„", "“"), ("„", "”"), ("‚", "‘"), ("‚", "’"), ("“", "”"), ("”", "”"), ("«", "»"), ("»", "«"),
                ("‹", "›"), ("「", "」"), ("『", "』"), ("\"", "\""), ("‘", "’"), ("'", "'"), ("’", "’"), ("`", "`")]


def quoted_spans(text: str) -> list[Span]:
    """Spans of quoted text (the content, without the quotes), in order of appearance.

    Apostrophes inside words ("what's", "TİD'de", "I’m") are not quotes: an opening quote must not
    follow a letter, and a closing quote must not be followed by one.
    """
    found: list[Span] = []
    for open_q, close_q in _QUOTE_PAIRS:
        apostrophe_like = open_q in "'’`" or close_q in "'’`"
        if apostrophe_like:
            # a closing quote may carry a Korean particle or a Turkish suffix: '감사합니다'를, 'Merhaba'yı
            pattern = (rf"(?<!\w){re.escape(open_q)}(?=\S)(.+?)(?<=\S){re.escape(close_q)}(?![^\W\uac00-\ud7a3])")
        else:
            pattern = rf"{re.escape(open_q)}\s*(.+?)\s*{re.escape(close_q)}"
        for m in re.finditer(pattern, text):
            span = Span(m.start(1), m.end(1))
            if not any(s.start - 1 <= span.start and span.end <= s.end + 1 for s in found) and span.end > span.start:
                found.append(span)
    found.sort(key=lambda s: s.start)
    # drop spans nested in another (e.g. a ‘…’ inside “…”)
    out: list[Span] = []
    for span in found:
        if out and span.start < out[-1].end:
            continue
        out.append(span)
    return out


_EXTENSIONS = ("pose", "mp4", "mov", "webm", "avi", "mkv", "gif", "npz", "json", "jsonl", "skels", "txt", "html",
               "svg", "png", "jpg", "jpeg", "csv", "yaml", "yml", "wav", "mp3", "pdf", "py", "sh")
_PATH_RE = re.compile(
    r"(?<![\w/\\])("
    r"(?:~|\.{1,2})?/[^\s'\"“”‘’«»,;]+"  # absolute, ~/..., ./..., ../...
    r"|(?:\.{1,2}/)?[\w\-.~]+(?:/[\w\-.~]+)+/?"  # relative with folders: videos/clip.mp4
    r"|[\w\-.~]+\.(?:" + "|".join(_EXTENSIONS) + r")"  # bare file name with a known extension
    r"|[A-Za-z]:\\[^\s'\"]+"  # Windows
    r")(?![\w])", re.IGNORECASE)


def file_paths(text: str) -> list[PathMention]:
    """File paths in a request: absolute, ~, ./, ../, folder/file, or a name with a known extension."""
    out = []
    for m in _PATH_RE.finditer(text):
        token = m.group(1).rstrip(".?!,:;)")
        if not token or token in ("/", "//", "..", "."):
            continue
        has_ext = PurePath(token).suffix.lower().lstrip(".") in _EXTENSIONS
        absolute = token.startswith(("/", "~", "./", "../")) or re.match(r"[A-Za-z]:\\", token)
        if not (has_ext or absolute or token.count("/") >= 2 or ("/" in token and "." in token.rsplit("/", 1)[-1])):
            continue  # "and/or", "DGS/ASL"
        out.append(PathMention(token, Span(m.start(1), m.start(1) + len(token))))
    return out


def generic_sign_language_spans(text: str, matcher: Matcher) -> list[Span]:
    """Spans of 'in sign language', 'in Gebärdensprache', 'işaret dilinde', '수어로' ... (no language named)."""
    folded, index = fold(text)
    spans = []
    for m in matcher.generic_sign_language.finditer(folded):
        end = index[m.end() - 1] + 1 if m.end() - 1 < len(index) else len(text)
        spans.append(Span(index[m.start()], end))
    return spans


# abbreviations that are everyday words somewhere: in lower case they do not name a language
_LOWER_STOP = {"ins", "hab", "eso", "jos", "dsl", "icl", "ugy", "ns", "eng", "isn", "lsp", "vgt", "lis", "liu",
               "spj", "sts", "lsr", "lsc", "lsv", "lsu", "ssl", "psl", "usl", "rsl", "csl"}


# ...and of those, the ones that are words (or common acronyms) even right after "in"/"en": never a language
_EVERYDAY = {"ins", "hab", "eso", "jos", "dsl", "icl", "ugy", "ns", "eng", "isn", "ssl"}


@lru_cache(maxsize=1)
def _abbreviation_index() -> dict[str, str]:
    from signbridge.knowledge.language_table import AMBIGUOUS
    from signbridge.knowledge.languages import all_languages
    from signbridge.knowledge.text import fold as normalize

    index = {}
    for lang in all_languages():
        for abbreviation in lang.abbreviations:
            index.setdefault(normalize(abbreviation), lang.code)
    for abbreviation, (default, _) in AMBIGUOUS.items():
        index[abbreviation] = default
    return index


def language_spans(text: str, matcher: Matcher) -> list[LanguageMention]:
    """Sign-language mentions (knowledge.languages.find_languages) located in the original text.

    Also accepts lower-case abbreviations that are not everyday words ("in asl", "dgs", "libras").
    """
    from signbridge.knowledge.languages import ambiguity_note, find_languages
    from signbridge.knowledge.text import fold as normalize

    folded, index = fold(text)
    out: list[LanguageMention] = []
    taken: list[Span] = []
    for lang, matched in find_languages(text):
        span = None
        m = re.search(rf"(?<![\w-]){re.escape(matched)}(?![\w-])", text)
        if m:
            span = Span(m.start(), m.end())
        else:
            key = fold_text(unicodedata.normalize("NFC", matched))
            # no end boundary: the name may carry a Korean particle or Turkish suffix ("한국 수어로")
            m = re.search(rf"(?<!\w){re.escape(key)}", folded)
            if m:
                span = Span(index[m.start()], index[m.end() - 1] + 1)
        if span is None:
            continue
        note = ambiguity_note(matched) if m and matched == text[span.start:span.end] else None
        out.append(LanguageMention(lang.code, span, text[span.start:span.end], note))
        taken.append(span)
    known = {mention.code for mention in out}
    # abbreviations in lower case ("in asl") or inside compounds ("DGS-Wörterbuch", "ASL-Gebärde")
    for m in re.finditer(r"(?<![\w-])([^\W\d_]\w{1,7}(?:-(?:CH|SR|SI|IE|IL|IN|KE|GH|TW))?)(?!\w)", text):
        token = m.group(1)
        key = normalize(token)
        code = _abbreviation_index().get(key)
        if code is None or code in known:
            continue
        if not (token.isupper() and len(token) > 1) and (len(token) < 3 or key in _LOWER_STOP):
            # "come si dice grazie in lis": after a preposition an abbreviation that is no everyday word counts
            before = fold(text[max(0, m.start() - 10):m.start()])[0]
            if not (len(token) >= 3 and key not in _EVERYDAY and matcher.preposition_before.search(before)):
                continue
        if any(s.start <= m.start() < s.end for s in taken):
            continue
        out.append(LanguageMention(code, Span(m.start(1), m.end(1)), token, ambiguity_note(token)))
        known.add(code)
    # names in Chinese/Japanese script sit between other characters without spaces
    for code, name in _cjk_native_names():
        if code in known:
            continue
        pos = text.find(name)
        if pos >= 0:
            out.append(LanguageMention(code, Span(pos, pos + len(name)), name))
            known.add(code)
    out.sort(key=lambda mention: mention.span.start)
    return out


@lru_cache(maxsize=1)
def _cjk_native_names() -> tuple[tuple[str, str], ...]:
    from signbridge.knowledge.languages import all_languages

    out = []
    for lang in all_languages():
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", lang.native_name):
            out.append((lang.code, lang.native_name))
            simplified = lang.native_name.replace("語", "语").replace("灣", "湾").replace("國", "国")
            if simplified != lang.native_name:
                out.append((lang.code, simplified))
    return tuple(out)
