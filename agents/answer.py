"""Compose the agent's reply from what the tools returned: what was found, what was not, and files.

Deterministic and grounded only in the steps: nothing here invents a sign. With the `openai`
backend the model's own words lead and `facts()` is appended (files, coverage, safety notes), so
people always see where each part came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from signbridge.agents.planner import Understanding
from signbridge.agents.steps import Step

if TYPE_CHECKING:  # the tools' typed results (imported for the annotations only: answers read attributes)
    from signbridge.knowledge.types import LookupResult
    from signbridge.tools.describe.types import Description
    from signbridge.tools.recognition import RecognitionResult
    from signbridge.tools.types import ProductionResult

IMPORT_HINT = "signbridge knowledge import videos FOLDER --lang {code}"
HELP_TEXT = (
    "I can help with sign languages, offline: show how to sign a word or sentence (a .pose skeleton "
    "animation plus a GIF), fingerspell names, look signs up in the installed dictionaries, describe how a "
    "sign is made, list the languages and what is installed for each, and (once a model is trained) "
    "translate or recognise signed videos. Try: how do I sign 'thank you' in DGS? / fingerspell Anna in ASL "
    "/ look up Haus in DGS / which sign languages do you support?"
)
UNSUPPORTED_TEXT = (
    "That is outside what I can do: I only help with sign languages (signing, fingerspelling, dictionary "
    "lookups, sign descriptions, translating signed videos). No tool was run."
)


def _language(code: str | None):
    """The registry's Language for a code, or None (no code, or one the registry does not know)."""
    from signbridge.knowledge.languages import get

    try:
        return get(code) if code else None
    except Exception:
        return None


def _short(code: str | None) -> str:
    """'DGS' for gsg: the language's first abbreviation, else its code."""
    lang = _language(code)
    return (lang.abbreviations[0] if lang.abbreviations else lang.code) if lang else code or "?"


def _lang_name(code: str | None) -> str:
    """'German Sign Language (DGS)' for gsg."""
    lang = _language(code)
    return f"{lang.name} ({_short(code)})" if lang else code or "all languages"


def production_lines(step: Step, u: Understanding) -> list[str]:
    from signbridge.tools import coverage_text as wording

    r: ProductionResult = step.output.result
    code = r.language or u.language
    short = _short(code)
    coverage = r.coverage
    lines = [wording.headline(r.text or u.text, _lang_name(code), coverage, [g.gloss for g in r.glosses])]
    no_pose = [c for c in coverage if c.entry_id and wording.kind_of(c).name == "signwriting"]
    if no_pose:
        glosses_without = ", ".join(c.gloss for c in no_pose[:6])
        lines.append(f"In the {short} dictionary but without a pose recording: {glosses_without} (shown as SignWriting; "
                     f"gaps in the animation). Import sign videos to animate them: `{IMPORT_HINT.format(code=code)}`.")
    if step.intent == "sign":
        hint = wording.dictionary_hint(short, code, coverage, r.dictionary_entries, IMPORT_HINT.format(code=code))
        if hint:
            lines.append(hint)
            if r.dictionary_entries and not step.translation:
                spoken = _spoken_language(code)
                lines.append(f"If the text is not {spoken}, cross-lingual lookup (e.g. English 'thank you' → DGS DANKE) "
                             "needs a model: `--backend hybrid` (a local model) or an endpoint (SIGNBRIDGE_LLM_BASE_URL).")
    unspelled = [c for c in coverage if wording.kind_of(c).name == "missing" and not c.entry_id]
    if unspelled:
        lines.append("Not shown: " + "; ".join(f"{c.token} ({c.detail or 'no sign, no alphabet'})"
                                               for c in unspelled[:6]) + ".")
        spoken = _spoken_name(code)
        if spoken:
            lines.append(f"Tip: write the text in {spoken} (the {short} alphabet spells {spoken} letters), "
                         f"or use an LLM backend that can translate it first.")
    if r.pose_path:
        lines.append(f"Pose: {r.pose_path} ({r.frames} frames at {r.fps} fps).")
    if r.signwriting:
        lines.append("SignWriting (FSW): " + " ".join(r.signwriting)[:300])
    return lines


def _spoken_language(code: str | None) -> str:
    from signbridge.knowledge.languages import SPOKEN_NAMES

    lang = _language(code)
    if lang is None:
        return "in the sign language's spoken language"
    return f"in {SPOKEN_NAMES.get(lang.spoken_language, lang.spoken_language)}"


def _spoken_name(code: str | None) -> str | None:
    """The spoken language of a sign language whose script is not Latin (e.g. Korean for KSL)."""
    from signbridge.knowledge.languages import SPOKEN_NAMES

    lang = _language(code)
    return SPOKEN_NAMES.get(lang.spoken_language) if lang is not None and lang.script != "Latn" else None


def lookup_lines(step: Step, u: Understanding) -> list[str]:
    r: LookupResult = step.output.result
    code = r.language or u.language
    confident = [h for h in r.hits if h.confident]
    if confident:
        best = confident[0].entry
        code = code or best.language
        extras = []
        if best.signwriting:
            extras.append(f"SignWriting {best.signwriting}")
        if best.hamnosys:
            extras.append("HamNoSys available")
        if best.has_pose:
            extras.append("has a pose")
        line = (f"Dictionary ({_lang_name(code)}): \"{r.query}\" is {best.gloss} "
                f"(source {best.source.name}" + (", " + ", ".join(extras) if extras else "") + ").")
        others = [h.entry.gloss + (f" ({_short(h.entry.language)})" if not r.language else "") for h in confident[1:4]]
        if others:
            line += f" Also: {', '.join(others)}."
        return [line]
    if r.hits:
        suggestions = ", ".join(h.entry.gloss for h in r.hits[:4])
        return [f"No {_short(code)} dictionary entry matches \"{r.query}\"; close but unconfirmed: {suggestions}."]
    return [f"No {_short(code)} dictionary entry for \"{r.query}\"."]


PART_LABELS = {"right_hand": "right hand", "left_hand": "left hand", "face": "face", "mouth": "mouth", "body": "body",
               "movement": "movement"}


def describe_lines(step: Step, u: Understanding) -> list[str]:
    d: Description = step.output.result
    code = d.language or u.language
    word = d.word or u.text
    if not d.global_ and d.parts.empty():
        return [f"No description of the {_short(code)} sign for \"{word}\": no dictionary entry "
                f"for it is installed, and nothing is invented without one. Add a dictionary with "
                f"`{IMPORT_HINT.format(code=code)}`, or use an LLM backend (SIGNBRIDGE_LLM_BASE_URL)."]
    head = f"The {_short(code)} sign for \"{word}\"" + (f" ({d.gloss})" if d.gloss else "")
    lines = [head + (": " + d.global_ if d.global_ else ".")]
    parts = d.parts.model_dump()
    lines += [f"- {label}: {parts[key]}" for key, label in PART_LABELS.items() if parts.get(key)]
    if d.grounded:
        sources = [" ".join(x for x in (s.source, s.notation) if x) + (f" entry {s.id}" if s.id else "")
                   for s in d.sources]
        lines.append(f"Grounded in: {', '.join(sources) or 'a dictionary entry'}.")
    else:
        lines.append("Not grounded in a dictionary entry: treat this as approximate.")
    return lines


def languages_lines(step: Step, u: Understanding) -> list[str]:
    rows = step.output.result.languages
    if len(rows) == 1:
        r = rows[0]
        have = []
        if r.lexicon_entries:
            have.append(f"{r.lexicon_entries} dictionary entries")
        if r.fingerspelling_clips:
            have.append(f"fingerspelling poses ({r.fingerspelling_clips} clips)")
        if r.signwriting_fingerspelling:
            have.append("SignWriting fingerspelling")
        if have:
            return [f"{r.name} ({r.code}): installed: {', '.join(have)}."]
        return [f"{r.name} ({r.code}) is known, but nothing is installed for it yet: "
                f"`{IMPORT_HINT.format(code=r.code)}`."]
    with_dict = [f"{r.code} ({r.lexicon_entries})" for r in rows if r.lexicon_entries]
    with_fs = [r.code for r in rows if r.fingerspelling]
    return [f"I know {len(rows)} sign languages. Dictionaries installed: {', '.join(with_dict) or 'none'}. "
            f"Fingerspelling (poses or SignWriting) for {len(with_fs)}: {', '.join(with_fs)}. "
            "Run `signbridge languages` for the full table."]


def recognition_lines(step: Step, u: Understanding) -> list[str]:
    r: RecognitionResult | None = step.output.result
    if r is None:
        return [str(step.output.error)]
    if step.output.ok and r.text:
        return [f"{r.message}: {r.text}"]
    return [str(r.message or step.output.error)]
