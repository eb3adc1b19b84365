"""Rule-based descriptions: dictionary entry -> HamNoSys/SignWriting parse -> plain-English parts.

Nothing here is generated beyond what the notation says: every sentence comes from a symbol
(see `signbridge.tools.describe.hamnosys_text` and `signbridge.knowledge.signwriting_parts`). A word without a
confident dictionary hit gets `grounded: false` and empty texts.
"""

from __future__ import annotations

import re

from signbridge.knowledge.hamnosys import parse as parse_hamnosys
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.text import plain_text
from signbridge.knowledge.signwriting_parts import SignWritingParts, analyse
from signbridge.knowledge.types import LexiconEntry
from signbridge.tools.describe.hamnosys_text import SegmentText, sign_text
from signbridge.tools.describe.types import Description, Parts, SourceRef

MAX_WORD_CHARS = 100
MAX_VARIANT_SYNONYMS = 4


def validate_word(word: str) -> str:
    """One word or short phrase: stripped, no control characters, at most 100 characters."""
    text = plain_text(word, "word", MAX_WORD_CHARS, "give a word or short phrase to describe, e.g. signbridge describe "
                      "Haus --lang gsg", "describe one word or short phrase")
    return re.sub(r"\s+", " ", text)


def confident_entries(word: str, language: str, settings: Settings, *, kb) -> list[LexiconEntry]:
    """The dictionary entries a confident lookup finds for `word` in `language` (best first)."""
    from signbridge.knowledge.lookup import lookup
    result = lookup(word, language, k=10, settings=settings, kb=kb)
    seen, out = set(), []
    for hit in result.hits:
        # a hit for one word of a phrase ("part:...") describes another sign, not the phrase
        if hit.match.startswith("part"):
            continue
        if not (hit.confident and hit.entry.language == language and hit.entry.kind == "sign"):
            continue
        for entry in hit.entries:
            if entry.id not in seen:
                seen.add(entry.id)
                out.append(entry)
    return out


def _ref(entry: LexiconEntry, notation: str | None) -> SourceRef:
    return SourceRef(id=entry.id, source=entry.source.name, license=entry.source.license,
                     version=entry.source.version, notation=notation, gloss=entry.gloss, variant=entry.variant)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


def _join(segments: list[str], texts: list[str]) -> str:
    """Join per-segment texts of a compound sign: 'First part: ... Then: ...'."""
    pairs = [(i, t) for i, t in enumerate(texts) if t]
    if len(segments) <= 1:
        return " ".join(t for _, t in pairs)
    return " ".join(("First part: " if i == 0 else "Then: ") + t for i, t in pairs)


def _hamnosys_parts(notation: str) -> tuple[Parts, str, str, dict]:
    """Parts, summary, compact feature phrase and coverage for one HamNoSys string."""
    sign = parse_hamnosys(notation)
    texts: list[SegmentText] = sign_text(sign)
    segs = [str(i) for i in range(len(texts))]
    parts = Parts(
        right_hand=_join(segs, [t.right for t in texts]),
        left_hand=_join(segs, [t.left for t in texts]),
        face=_join(segs, [_sentence("; ".join(t.face)) for t in texts]),
        mouth=_join(segs, [_sentence("; ".join(t.mouth)) for t in texts]),
        body=_join(segs, [_sentence("; ".join(t.body)) for t in texts]),
        movement=_join(segs, [t.movement for t in texts]),
    )
    summary = _join(segs, [t.summary for t in texts])
    if len(texts) > 1:
        summary = f"A compound of {len(texts)} parts. " + summary
    compact = " | then ".join(t.compact for t in texts)
    coverage = {"notation": "hamnosys", "symbols": len(sign.symbols), "understood": sign.understood,
                "unparsed": sign.unparsed}
    return parts, summary, compact, coverage


def _signwriting_parts(fsw: str) -> tuple[Parts, str, str, dict]:
    sw: SignWritingParts = analyse(fsw)
    hands = sorted(sw.hands, key=lambda h: h.x)

    def hand_text(h) -> str:
        plane = "parallel to the floor" if h.horizontal else "upright"
        return f"a handshape of the {h.group} group, {h.palm}, hand {plane}"

    right = left = ""
    if len(hands) == 1:
        right = f"One hand (SignWriting): {hand_text(hands[0])}."
    elif len(hands) == 2:  # written from the signer's view: the right hand is the one further right
        right = f"Right hand (SignWriting): {hand_text(hands[1])}."
        left = f"Left hand (SignWriting): {hand_text(hands[0])}."
    elif hands:
        right = "Handshapes written (SignWriting, in order): " + "; ".join(hand_text(h) for h in hands) + "."
    moves = []
    for m in sw.movements:
        who = {"right": "the right hand", "left": "the left hand", "both": "both hands"}[m.hands]
        text = f"{who}: {m.label}" + (f", {m.direction}" if m.direction else "")
        if text not in moves:
            moves.append(text)
    if sw.contacts:
        moves.append("contact: " + ", ".join(dict.fromkeys(sw.contacts)))
    if sw.dynamics:
        moves.append("with a dynamics or timing mark")
    face = (["the sign is written next to the head outline (made near the head)"] if sw.head_reference else []) + (
        ["SignWriting marks the " + ", ".join(sw.face)] if sw.face else [])
    parts = Parts(
        right_hand=right, left_hand=left,
        face=_sentence("; ".join(face)),
        mouth=_sentence("SignWriting marks the " + ", ".join(sw.mouth)) if sw.mouth else "",
        body=_sentence("SignWriting marks the " + ", ".join(sw.body)) if sw.body else "",
        movement=_sentence("; ".join(moves)) if moves else "",
    )
    n = len(hands)
    groups = list(dict.fromkeys(h.group for h in hands))
    summary = (f"A sign written in SignWriting with {n} hand symbol{'s' if n != 1 else ''} "
               f"({', '.join(groups)} handshape group{'s' if len(groups) > 1 else ''})" if n else "A sign")
    labels = list(dict.fromkeys(m.label + (f" {m.direction}" if m.direction else "") for m in sw.movements))
    if labels:
        summary += "; movement: " + ", ".join(labels)
    if sw.contacts:
        summary += f", with contact ({', '.join(dict.fromkeys(sw.contacts))})"
    if sw.face or sw.head_reference:
        summary += ", near the head or face"
    compact = "; ".join(filter(None, [hand_text(h) for h in hands] + moves))
    coverage = {"notation": "signwriting", "symbols": sw.symbols, "understood": sw.understood}
    return parts, summary + ".", compact, coverage


def entry_parts(entry: LexiconEntry) -> tuple[Parts, str, str, dict, str] | None:
    """Parts, summary, compact phrase, coverage and notation name for one entry (None: nothing to read)."""
    if entry.hamnosys:
        parts, summary, compact, cov = _hamnosys_parts(entry.hamnosys)
        if entry.signwriting:  # HamNoSys here has no non-manual symbols: SignWriting may add face/body marks
            try:
                sw = analyse(entry.signwriting)
                if sw.face and not parts.face:  # real facial marks only, not the head outline
                    parts.face = _sentence("SignWriting marks the " + ", ".join(sw.face))
                if sw.mouth and not parts.mouth:
                    parts.mouth = _sentence("SignWriting marks the " + ", ".join(sw.mouth))
            except ValueError:
                pass
        return parts, summary, compact, cov, "hamnosys"
    if entry.signwriting:
        try:
            parts, summary, compact, cov = _signwriting_parts(entry.signwriting)
        except ValueError:
            return None
        return parts, summary, compact, cov, "signwriting"
    if entry.description:
        return Parts(), entry.description.strip(), entry.description.strip(), {"notation": "description"}, "description"
    return None


def describe_entries(word: str, language: str, language_name: str, entries: list[LexiconEntry]) -> Description:
    """A rule-based description from confident entries; ungrounded when none can be read."""
    readable = [(e, r) for e in entries if (r := entry_parts(e)) is not None]
    # prefer HamNoSys (richest), then SignWriting, then a text description
    rank = {"hamnosys": 0, "signwriting": 1, "description": 2}
    readable.sort(key=lambda er: rank[er[1][4]])
    if not readable:
        note = (f"no confident dictionary entry for '{word}' in {language_name}" if not entries else
                f"the dictionary entries for '{word}' carry no HamNoSys, SignWriting or description")
        return Description(word=word, language=language, grounded=False, notes=[note + "; nothing was generated"])
    (entry, (parts, summary, compact, coverage, notation)), others = readable[0], readable[1:]
    gloss = entry.gloss
    label = f"{language_name} sign for '{word}' (gloss {gloss}"
    label += f", variant {entry.variant})" if entry.variant else ")"
    global_text = f"{label}: {summary}"
    synonyms = [f"{word}: {compact}."]
    for alt in (entry.extra or {}).get("hamnosys_alternatives", [])[:MAX_VARIANT_SYNONYMS]:
        _, alt_summary, _, _ = _hamnosys_parts(alt)
        synonyms.append(f"Another notation of the same sign: {alt_summary}")
    sources = [_ref(entry, notation)]
    for other, (_, other_summary, _, _, other_notation) in others[:MAX_VARIANT_SYNONYMS]:
        tag = f" {other.variant}" if other.variant else ""
        synonyms.append(f"Dictionary variant{tag} ({other.gloss}): {other_summary}")
        sources.append(_ref(other, other_notation))
    notes = [f"rule-based text from the entry's {notation}; the dictionary, not a model, is the source"]
    if notation == "signwriting":
        notes.append("SignWriting is read by symbol group only (handshape group, palm, arrows, contact, face)")
    return Description(word=word, language=language, gloss=gloss, global_=global_text,
                       synonyms=list(dict.fromkeys(synonyms)), parts=parts, grounded=True, sources=sources,
                       coverage=coverage, notes=notes)
