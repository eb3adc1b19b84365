"""The offline planner: reads a request with rules (no model) and plans the tool calls.

`understand(prompt, previous)` runs four named steps: `read_request` (quotes, paths, sign-language
mentions), `detect_intent`, `find_text` and `decide` (chat follow-ups, the assumed sign language, a
confidence); `plan(understanding)` turns the result into the same tool calls an LLM would emit. What
people say in each spoken language is data, one lexicon file per language (`agents/lexicons/*.yaml`,
compiled by `agents/lexicon.py`); this module is language-independent. It is rule-based and says so:
the answer reports `backend: offline` and the assumptions made (e.g. "no sign language named: assumed
DGS from the German request").

Recognised phrasings follow SignLLM's Prompt2LangGloss templates ("How would you express '{Text}'
in sign language?", "Wie sage ich '{Text}' in Gebärdensprache?") plus their counterparts in the
other lexicon languages.

>>> u = understand("how do I sign thank you in KSL?")
>>> (u.intent, u.language, u.text)
('sign', 'kvk', 'thank you')
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from signbridge.agents.lexicon import Matcher, load_matcher
from signbridge.agents.text_extract import after_colon, clean_text, extract_unquoted, is_pronoun, mask, replacement_text
from signbridge.agents.textspans import (
    LanguageMention, PathMention, Span, file_paths, fold, generic_sign_language_spans, language_spans, quoted_spans,
)
from signbridge.tools.render import SUFFIXES as RENDER_SUFFIXES

Intent = Literal["sign", "fingerspell", "lookup", "describe", "translate", "recognize", "languages", "help", "unsupported"]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
TEXT_INTENTS = ("sign", "fingerspell", "lookup", "describe")


@dataclass
class Understanding:
    """What the planner (or an LLM's tool calls) understood of a request."""

    intent: Intent
    language: str | None = None  # ISO 639-3 sign-language code
    text: str | None = None  # the word/sentence to sign, spell, look up or describe
    language_assumed: bool = False  # True: no language named, picked from the request's spoken language
    input_path: str | None = None  # a video/pose file to translate or recognise (as written)
    out_path: str | None = None  # a requested .pose output (as written; the tool confines it)
    renders: list[str] = field(default_factory=list)  # requested render formats: gif, mp4, html, svg
    notes: list[str] = field(default_factory=list)  # what the planner assumed or ignored, for the answer
    # how sure the rules are, 0..1: 0.9 when an explicit cue decided the intent and everything it needs was
    # found; lower when a fallback decided, the text or language had to be guessed (see `_confidence`)
    confidence: float = 1.0
    speed: float | None = None  # playback rate asked for in a chat ("slower"): 0.5 = half speed
    size: int | None = None  # animation frame size in pixels asked for in a chat ("bigger")


@dataclass(frozen=True)
class PlannedCall:
    tool: str
    args: dict


@dataclass
class Request:
    """Step 1: a request taken apart: quotes, paths and sign-language mentions located, the rest folded."""

    raw: str
    quotes: list[Span]
    paths: list[PathMention]
    masked: str  # raw with quotes and paths blanked out (cues are not looked for inside them)
    folded: str  # masked, folded (lower case, no accents, punctuation -> space)
    mentions: list[LanguageMention]
    generic: list[Span]  # "in sign language" with no language named


def read_request(prompt: str, m: Matcher) -> Request:
    raw = unicodedata.normalize("NFC", prompt or "").strip()
    paths = file_paths(raw)
    path_spans = [p.span for p in paths]
    # quoted text that is a path is a path, not text to sign
    quotes = [q for q in quoted_spans(raw)
              if not any(p.start <= q.start and q.end <= p.end or q.start <= p.start < q.end for p in path_spans)]
    masked = mask(raw, quotes + path_spans)
    return Request(raw, quotes, paths, masked, fold(masked)[0], language_spans(masked, m),
                   generic_sign_language_spans(masked, m))


def detect_intent(r: Request, m: Matcher) -> tuple[Intent, str]:
    """Step 2: the intent, and what decided it: 'cue' (an explicit cue), 'weak' (a fallback rule) or 'none'."""
    cue, folded = m.intent, r.folded
    has_path, has_text, has_language, generic_sl = bool(r.paths), bool(r.quotes), bool(r.mentions), bool(r.generic)
    if has_path and cue["recognize"].search(folded):
        return "recognize", "cue"
    if has_path and (cue["translate"].search(folded) or m.media.search(folded)):
        return "translate", "cue"
    # "translate this video / a DGS clip" (no file given yet); not "... as a video", which is an output format
    if not has_path and not has_text and cue["translate"].search(folded) and m.media_object.search(folded):
        return "translate", "cue"
    if not has_text and cue["languages"].search(folded):
        return "languages", "cue"
    for intent in ("fingerspell", "describe", "lookup"):
        if cue[intent].search(folded):
            return intent, "cue"  # type: ignore[return-value]
    translate, off_topic = cue["translate"].search(folded), cue["off_topic"].search(folded)
    signing = cue["sign"].search(folded) or (cue["how"].search(folded) and (generic_sl or has_language))
    if signing and not (off_topic and not has_text) and not (translate and not (has_language or generic_sl)):
        return "sign", "cue"
    if translate and not has_text and m.translate_from.search(folded):
        return "translate", "cue"  # "translate from DGS": signing -> text, which needs a file
    if translate and (has_text or has_language or generic_sl):
        # "translate 'good morning' into DGS" / "translate the following into DGS: ...": text -> sign;
        # "... to French" is not ours
        return ("sign", "cue") if has_language or generic_sl else ("unsupported", "cue")
    if m.sign_anywhere.search(folded):
        return "sign", "cue"  # "“ありがとう”を日本手話でどう表現しますか"
    if has_text and has_language and not off_topic:
        return "sign", "weak"  # "'Haus' DGS?"
    if cue["languages_weak"].search(folded) and not off_topic:
        return "languages", "weak"
    if cue["help"].search(folded) or m.greeting.match(folded) or not folded.strip():
        return "help", "cue"
    return "unsupported", "cue" if off_topic else "none"


def pick_language(r: Request, m: Matcher) -> str | None:
    """With several languages named, prefer the one after 'in/into/auf/en/em/na/nella'."""
    for mention in r.mentions:
        if m.preposition_article_before.search(fold(r.raw[max(0, mention.span.start - 12):mention.span.start])[0]):
            return mention.code
    return r.mentions[0].code if r.mentions else None


def find_text(r: Request, intent: str, m: Matcher) -> tuple[str | None, str]:
    """Step 3: the text to act on, and how it was found: 'quoted', 'cue', 'fallback' or 'none'."""
    if r.quotes:
        quoted = clean_text(m, r.raw[r.quotes[0].start:r.quotes[0].end], intent)
        if quoted:
            return quoted, "quoted"
    if intent not in TEXT_INTENTS:
        return None, "none"
    stops = [x.span for x in r.mentions] + r.generic + [p.span for p in r.paths]
    text, after_cue = extract_unquoted(m, r.masked, stops, intent)
    if text and is_pronoun(m, text):
        text = None  # "now fingerspell it (instead)": the previous text, or nothing
    if text is None:  # "Sign this in ASL: I am learning sign language"
        text = after_colon(m, r.masked, [x.span for x in r.mentions], intent)
        return text, "cue" if text else "none"
    return text, "cue" if after_cue else "fallback"


def _files(r: Request, intent: str, notes: list[str]) -> tuple[str | None, str | None, list[str]]:
    """The input file to read, the .pose to write, and render formats named by a path."""
    input_path = out_path = None
    renders: list[str] = []
    for path in r.paths:
        if intent in ("translate", "recognize") and input_path is None:
            input_path = path.text
        elif path.suffix == ".pose" and out_path is None:
            out_path = path.text
        elif path.suffix in RENDER_SUFFIXES:
            renders.append(path.suffix[1:])
            notes.append(f"render files are named by signbridge inside the output folder; '{path.text}' was used only for its format")
        elif intent not in ("translate", "recognize"):
            notes.append(f"ignored the path '{path.text}': this request does not read files")
    return input_path, out_path, renders


def _nationality_language(folded: str, m: Matcher, notes: list[str]) -> str | None:
    """In a chat follow-up, 'in German' / 'auf Französisch' / 'en español' names the sign language of that
    nationality (the previous text is kept as written: the planner cannot translate it)."""
    from signbridge.knowledge.languages import by_nationality, get

    for found in m.in_nationality.finditer(folded):
        code = by_nationality(found.group(1))
        if code:
            notes.append(f"read '{found.group(1)}' as {get(code).name} ({code}); the text was not translated")
            return code
    return None


def understand(prompt: str, previous: Understanding | None = None, matcher: Matcher | None = None) -> Understanding:
    """Read one request (and, in a chat, the previous understanding for follow-ups like 'and in DGS?').

    `matcher`: the compiled lexicons (default: the built-in ones, `load_matcher()`).
    """
    m = matcher or load_matcher()
    r = read_request(prompt, m)
    intent, basis = detect_intent(r, m)
    notes = [x.note for x in r.mentions if x.note]
    language = pick_language(r, m)
    text, text_basis = None, "none"
    if r.quotes or intent in TEXT_INTENTS:
        text, text_basis = find_text(r, intent, m)
    if intent in ("unsupported", "help") and r.mentions and not r.paths and previous is None:
        # "Haus DGS": a few words next to a language name are the text to sign
        rest = clean_text(m, mask(r.masked, [x.span for x in r.mentions] + r.generic))
        if rest and len(rest.split()) <= 4 and not m.intent["off_topic"].search(r.folded) \
                and not m.intent["question"].search(fold(rest)[0]):
            intent, text, basis, text_basis = "sign", rest, "weak", "fallback"
    input_path, out_path, renders = _files(r, intent, notes)
    asked_renders = [fmt for fmt, pattern in m.render_words.items() if pattern.search(r.folded)]
    if intent in ("sign", "fingerspell"):
        renders += [fmt for fmt in asked_renders if fmt not in renders]
    u = Understanding(intent=intent, language=language, text=text, input_path=input_path, out_path=out_path,
                      renders=renders, notes=notes)
    if previous is not None:
        follow_up(u, previous, r, m, asked_renders)
    return decide(u, r, m, basis, text_basis)


def follow_up(u: Understanding, previous: Understanding, r: Request, m: Matcher, asked_renders: list[str]) -> None:
    """Chat follow-ups: "and in DGS?", "now fingerspell it", "und 'Danke'?", "now as a video" (in place)."""
    if previous.intent in ("help", "unsupported", "languages"):
        return
    if redo(u, previous, r, m):
        return
    is_follow_up = bool(m.follow_up.match(r.folded)) or len(r.folded.split()) <= 4
    if not is_follow_up:
        return
    if not r.mentions and u.language is None:
        # "und auf Französisch?" after a signing request: the sign language of that nationality
        u.language = _nationality_language(r.folded, m, u.notes)
    if u.intent in ("unsupported", "help", "languages") or u.text is None:
        if u.intent in ("unsupported", "help", "languages") and (r.mentions or u.text or u.language):
            u.intent = previous.intent
        elif u.intent in ("unsupported", "help") and asked_renders and previous.intent in ("sign", "fingerspell"):
            u.intent = previous.intent  # "now as a video"
            u.renders += [fmt for fmt in asked_renders if fmt not in u.renders]
        if u.intent == previous.intent or u.intent in TEXT_INTENTS:
            u.text = u.text or previous.text
            u.language = u.language or previous.language
            u.input_path = u.input_path or previous.input_path
            u.renders = u.renders or list(previous.renders)
            u.speed, u.size = u.speed or previous.speed, u.size or previous.size


def redo(u: Understanding, previous: Understanding, r: Request, m: Matcher) -> bool:
    """Redo the previous request with one change: "slower", "bigger" (a production), "use the German word
    Danke instead" (a new text). False when the request is no such follow-up."""
    from signbridge.tools.types import RENDER_SIZE, SIZE_RANGE, SPEED_RANGE

    changes = [name for name, pattern in m.changes.items() if pattern.search(r.folded)]
    replacement = replacement_text(m, r.raw if r.quotes else r.masked, [x.span for x in r.mentions], previous.intent)
    own_text = u.text if u.text and (r.quotes or not _only_changes(m, u.text)) else None
    if replacement is None and not (changes and previous.intent in ("sign", "fingerspell") and not own_text):
        return False
    if u.intent not in ("sign", "fingerspell") or replacement is not None:
        u.intent = previous.intent
    u.text = replacement or own_text or previous.text
    u.language = u.language or previous.language
    u.renders = u.renders or list(previous.renders)
    u.input_path = previous.input_path
    u.speed, u.size = previous.speed, previous.size
    # each "slower" halves the playback rate, each "bigger" makes frames 1.5 times as large, within the limits
    if {"slower", "faster"} & set(changes):
        wanted = (previous.speed or 1.0) * (0.5 if "slower" in changes else 2.0)
        u.speed = min(max(wanted, SPEED_RANGE[0]), SPEED_RANGE[1])
        if u.speed != wanted:
            u.notes.append(f"the playback rate is limited to {SPEED_RANGE[0]:g}-{SPEED_RANGE[1]:g}x: using {u.speed:g}x")
    if {"bigger", "smaller"} & set(changes):
        wanted = round((previous.size or RENDER_SIZE) * (1.5 if "bigger" in changes else 1 / 1.5) / 2) * 2
        u.size = int(min(max(wanted, SIZE_RANGE[0]), SIZE_RANGE[1]))
        if u.size != wanted:
            u.notes.append(f"the animation size is limited to {SIZE_RANGE[0]}-{SIZE_RANGE[1]} pixels: using {u.size}")
    return True


def _only_changes(m: Matcher, text: str) -> bool:
    """'it slower', 'bigger please': a text made only of change words and pronouns is no text of its own."""
    rest = fold(text)[0]
    for pattern in m.changes.values():
        rest = pattern.sub(" ", rest)
    rest = " ".join(rest.split())
    return not rest or is_pronoun(m, rest) or m.end.fullmatch(rest) is not None


def decide(u: Understanding, r: Request, m: Matcher, basis: str, text_basis: str) -> Understanding:
    """Step 4: drop what an intent cannot use, assume a sign language where one is needed, rate confidence."""
    if u.intent in ("unsupported", "help"):
        u.text = None
        u.language = None if u.intent == "unsupported" else u.language
    # a lookup without a language searches every dictionary; the other tools need one
    if u.language is None and u.intent in ("sign", "fingerspell", "describe", "translate", "recognize"):
        from signbridge.knowledge.languages import get

        spoken = m.spoken_language(r.folded, r.raw)
        default = m.default_sign_language.get(spoken or "en", "ase")
        u.language, u.language_assumed = default, True
        u.notes.append(f"no sign language named: assumed {get(default).name} ({default}) from the "
                       f"{'request' if spoken is None else spoken + ' request'}; name one, e.g. 'in DGS'")
    u.confidence = _confidence(u, basis, text_basis, ambiguous=any(x.note for x in r.mentions))
    return u


def _confidence(u: Understanding, basis: str, text_basis: str, ambiguous: bool) -> float:
    """A rough, rule-based confidence (not calibrated probabilities): explicit cue 0.9, fallback rule 0.6,
    nothing recognised 0.4; halved when a text intent found no text, x0.8 for a text guessed before the verb,
    x0.9 for an assumed sign language or an ambiguous abbreviation."""
    score = {"cue": 0.9, "weak": 0.6}.get(basis, 0.4)
    if u.intent in TEXT_INTENTS:
        if not u.text:
            score *= 0.5
        elif text_basis == "fallback":
            score *= 0.8
    if u.language_assumed or ambiguous:
        score *= 0.9
    return round(score, 2)


def plan(u: Understanding) -> list[PlannedCall]:
    """The tool calls that answer an understood request (empty: nothing to run)."""
    lang = u.language
    if u.intent == "languages":
        return [PlannedCall("list_languages", {"query": lang} if lang else {})]
    if u.intent in ("translate", "recognize"):
        if not u.input_path:
            return []
        tool = "translate_sign" if u.intent == "translate" else "recognize_sign"
        return [PlannedCall(tool, {"path": u.input_path, "language": lang})]
    if not u.text or u.intent in ("help", "unsupported"):
        return []
    if u.intent == "lookup":
        return [PlannedCall("lookup_sign", {"query": u.text, "language": lang, "k": 5})]
    if u.intent == "describe":
        return [PlannedCall("describe_sign", {"word": u.text, "language": lang})]
    produce_args: dict = {"text": u.text, "language": lang}
    if u.out_path:
        produce_args["out"] = u.out_path
    if u.renders:
        produce_args["renders"] = list(dict.fromkeys(u.renders))
    if u.speed is not None and u.speed != 1.0:
        produce_args["speed"] = u.speed
    if u.size is not None:
        produce_args["size"] = u.size
    if u.intent == "fingerspell":
        return [PlannedCall("fingerspell", produce_args)]
    calls = []
    if len(u.text.split()) == 1:  # a single word: its dictionary entry (SignWriting, HamNoSys) too
        calls.append(PlannedCall("lookup_sign", {"query": u.text, "language": lang, "k": 3}))
    calls.append(PlannedCall("produce_sign", produce_args))
    return calls


def with_language(u: Understanding, code: str) -> Understanding:
    return replace(u, language=code, language_assumed=False)

