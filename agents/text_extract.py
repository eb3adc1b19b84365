"""Cutting the text to sign, spell, look up or describe out of a request (the planner's third step).

The text is what follows the last start cue ("how do I sign ...", "wie gebärdet man ...") up to the
next language or path mention, or an end cue ("... in sign language", "bitte"); verb-final phrasings
("'Merhaba' TİD'de nasıl yapılır?") put it first. Fillers ("the word", "meinen Namen", "kelimesini")
are cut. Every cue comes from the lexicons, through the `Matcher`.
"""

from __future__ import annotations

import re

from signbridge.agents.lexicon import Matcher
from signbridge.agents.textspans import Span, fold

_STRIP = " \t\n\"'`“”„«»‘’‚‹›「」『』:;,.!?¿¡()[]"
_SPELLED = re.compile(r"^(?:\w[-.\s]){2,}\w$")  # "B-E-R-L-I-N"


def clean_text(m: Matcher, text: str, intent: str = "sign") -> str | None:
    """The text without quotes, fillers, trailing prepositions and particles (None when nothing is left)."""
    text = text.strip(_STRIP)
    previous = None
    while previous != text:
        previous = text
        text = m.lead_fillers.sub("", text).strip()
        if intent == "fingerspell":
            text = m.name_fillers.sub("", text).strip()
            if _SPELLED.match(text):  # "B-E-R-L-I-N" -> "BERLIN"
                text = re.sub(r"[-.\s]", "", text)
        text = _cut_trailing(m, text)
        text = m.suffixes.sub("", text).strip()
        text = text.strip(_STRIP)
    return text or None


def _cut_trailing(m: Matcher, text: str) -> str:
    """Cut a trailing preposition or object marker ("... in", "Ayşe ismini"), matched on the folded text."""
    folded, index = fold(text)
    hit = m.trail_fillers.search(folded)
    if hit is None:
        return text
    return text[:index[hit.start()]].strip() if hit.start() < len(index) else text


def mask(text: str, spans: list[Span]) -> str:
    """Replace spans with spaces (same length) so cues and languages are not found inside them."""
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            chars[i] = " "
    return "".join(chars)


def is_pronoun(m: Matcher, text: str) -> bool:
    """'it', 'das', 'this sentence too': the text of the previous turn, not a text of its own."""
    return bool(m.pronoun_text.fullmatch(fold(text)[0].strip()))


def extract_unquoted(m: Matcher, raw: str, stops: list[Span], intent: str) -> tuple[str | None, bool]:
    """The text to sign when it is not quoted: after the last start cue, before the next stop.

    Returns (text, found_after_a_cue); False means the verb-final fallback (text before the cue) was used.
    """
    folded, index = fold(raw)
    starts = list(m.start.finditer(folded))
    stop_positions = sorted({s.start for s in stops})
    if starts:
        begin_folded = starts[0].end()
        # several cues in a row ("can you show me how to say"): take the last one before any text
        for cue in starts[1:]:
            if m.bare_question.fullmatch(cue.group(0)):
                continue  # "how do I say how are you": the second "how" belongs to the text
            gap = folded[begin_folded:cue.start()].strip()
            if not gap or len(gap.split()) <= 1 and not _stops_between(stop_positions, index, begin_folded, cue.start()):
                begin_folded = max(begin_folded, cue.end())
        text = _text_after(m, raw, folded, index, begin_folded, stop_positions, intent)
        # "describe the DGS sign for Licht": nothing between the first cue and the language; a later cue
        # ("sign for") introduces the text
        inside_mention = [(s.start, s.end) for s in stops]
        for cue in starts:
            if text is not None:
                break
            raw_pos = index[cue.start()] if cue.start() < len(index) else len(raw)
            if cue.start() >= begin_folded and not any(a <= raw_pos < b for a, b in inside_mention):
                text = _text_after(m, raw, folded, index, cue.end(), stop_positions, intent)
        return text, True
    # verb-final phrasing (Turkish, Korean, some German): the text comes first, before the language/cue
    first_stop = stop_positions[0] if stop_positions else None
    cue = m.intent["sign"].search(folded) or m.intent["fingerspell"].search(folded) or m.intent["how"].search(folded)
    cue_pos = index[cue.start()] if cue and cue.start() < len(index) else None
    cuts = [p for p in (first_stop, cue_pos) if p is not None]
    if cuts and min(cuts):
        cleaned = clean_text(m, raw[:min(cuts)], intent)
        if cleaned and len(cleaned.split()) <= 12:
            return cleaned, False
    return None, False


def _text_after(m: Matcher, raw: str, folded: str, index: list[int], begin_folded: int, stop_positions: list[int],
                intent: str) -> str | None:
    """The cleaned text from a folded offset up to the next language/path mention or end cue."""
    begin = index[begin_folded] if begin_folded < len(index) else len(raw)
    end = len(raw)
    for stop in stop_positions:
        if stop >= begin:
            end = stop
            break
    stop_end = end
    for cue in m.end.finditer(folded, begin_folded):
        pos = index[cue.start()] if cue.start() < len(index) else len(raw)
        if begin < pos < end:
            if clean_text(m, raw[begin:pos], intent) is None:
                # the end cue comes first: "sign please Anna" (a filler to skip) or "sign please in ASL"
                # (the word itself is the text)
                after = index[cue.end()] if cue.end() < len(index) else len(raw)
                rest = (_text_after(m, raw, folded, index, cue.end(), stop_positions, intent)
                        if cue.end() < len(index) else None)
                if rest is not None and after < stop_end:
                    return rest
                continue
            end = pos
            break
    candidate = raw[begin:end]
    # a question mark closes the text ("How do I say hello? Thanks"); sentences to sign may hold full stops
    if intent != "sign" or "?" in candidate:
        candidate = re.split(r"[?？!]|\.(?:\s|$)", candidate)[0]
    return clean_text(m, candidate, intent)


def after_colon(m: Matcher, raw: str, mentions: list[Span], intent: str) -> str | None:
    """The text after 'sign this:' / 'das hier:' when the verb's object is a pronoun: up to a language named
    after it ("...: hello in ASL"), but a generic "sign language" there is part of the text."""
    colon = re.search(r":\s+(?=\S)", raw)
    if not colon:
        return None
    end = min([s.start for s in mentions if s.start >= colon.end()] or [len(raw)])
    return clean_text(m, raw[colon.end():end], intent)


def _stops_between(stops: list[int], index: list[int], a: int, b: int) -> bool:
    """Whether a language/path mention lies between folded offsets a and b."""
    lo = index[a] if a < len(index) else 10**9
    hi = index[b] if b < len(index) else 10**9
    return any(lo <= s < hi for s in stops)


def replacement_text(m: Matcher, raw: str, mentions: list[Span], intent: str) -> str | None:
    """The new text of "use the German word Danke instead" / "nimm stattdessen das Wort Hallo": after the
    'use' cue, up to 'instead', a language mention or the end (quoted text, when the caller passes it, wins)."""
    folded, index = fold(raw)
    cue = m.use_instead.search(folded)
    stop = m.instead.search(folded, cue.end()) if cue else None
    if cue is None or stop is None and len(cue.group(0).split()) < 2:
        return None  # a bare "use"/"nimm" needs "instead": "now use a gif" is no new text
    begin = index[cue.end()] if cue.end() < len(index) else len(raw)
    end = min([s.start for s in mentions if s.start >= begin] + [len(raw)])
    if stop is not None and stop.start() < len(index):
        end = min(end, index[stop.start()])
    text = clean_text(m, raw[begin:end], intent)
    if text is None and stop is not None:  # "use instead 'Danke'", "nimm stattdessen Hallo"
        after = index[stop.end()] if stop.end() < len(index) else len(raw)
        text = clean_text(m, raw[after:min([s.start for s in mentions if s.start >= after] + [len(raw)])], intent)
    return text
