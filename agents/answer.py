"""Compose the agent's reply from what the tools returned: what was found, what was not, and files.

Deterministic and grounded only in the steps: nothing here invents a sign. With the `openai`
backend the model's own words lead and `facts()` is appended (files, coverage, safety notes), so
people always see where each part came from.
"""

from __future__ import annotations

from signbridge.agents.planner import Understanding
from signbridge.agents.steps import Step

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


def _lang_name(code: str | None) -> str:
    if not code:
        return "all languages"
    from signbridge.knowledge.languages import get

    try:
        lang = get(code)
    except Exception:
        return code
    short = lang.abbreviations[0] if lang.abbreviations else code
    return f"{lang.name} ({short})"


def _short(code: str | None) -> str:
    if not code:
        return "?"
    from signbridge.knowledge.languages import get

    try:
        lang = get(code)
    except Exception:
        return code
    return lang.abbreviations[0] if lang.abbreviations else code


def coverage_summary(coverage: list[dict]) -> str:
    """'1 shown as SignWriting only (danke as DANKE); 2 fingerspelled (schön, Anna)' (see tools/coverage_text.py)."""
    from signbridge.tools.coverage_text import per_kind

    return per_kind(coverage)


def production_lines(step: Step, u: Understanding) -> list[str]:
    from signbridge.tools import coverage_text as wording

    data = step.output.data
    code = data.get("language") or u.language
    short = _short(code)
    coverage = data.get("coverage") or []
    text = data.get("text") or u.text
    lines = [wording.headline(text, _lang_name(code), coverage, [str(g) for g in data.get("glosses") or []])]
    no_pose = [c for c in coverage if c.get("entry_id") and wording.kind_of(c).name == "signwriting"]
    if no_pose:
        glosses_without = ", ".join(str(c.get("gloss")) for c in no_pose[:6])
        lines.append(f"In the {short} dictionary but without a pose recording: {glosses_without} (shown as SignWriting; "
                     f"gaps in the animation). Import sign videos to animate them: `{IMPORT_HINT.format(code=code)}`.")
    if step.intent == "sign":
        hint = wording.dictionary_hint(short, code, coverage, data.get("dictionary_entries"),
                                       IMPORT_HINT.format(code=code))
        if hint:
            lines.append(hint)
            if data.get("dictionary_entries") and not step.translation:
                spoken = _spoken_language(code)
                lines.append(f"If the text is not {spoken}, cross-lingual lookup (e.g. English 'thank you' → DGS DANKE) "
                             "needs a model: `--backend hybrid` (a local model) or an endpoint (SIGNBRIDGE_LLM_BASE_URL).")
    unspelled = [c for c in coverage if wording.kind_of(c).name == "missing" and not c.get("entry_id")]
    if unspelled:
        lines.append("Not shown: " + "; ".join(f"{c.get('token')} ({c.get('detail') or 'no sign, no alphabet'})"
                                               for c in unspelled[:6]) + ".")
        spoken = _spoken_name(code)
        if spoken:
            lines.append(f"Tip: write the text in {spoken} (the {short} alphabet spells {spoken} letters), "
                         f"or use an LLM backend that can translate it first.")
    if data.get("pose"):
        lines.append(f"Pose: {data['pose']} ({data.get('frames', '?')} frames at {data.get('fps', '?')} fps).")
    signwriting = [str(s) for s in data.get("signwriting") or [] if s]
    if signwriting:
        lines.append("SignWriting (FSW): " + " ".join(signwriting)[:300])
    return lines


def _spoken_language(code: str | None) -> str:
    from signbridge.agents.crosslingual import SPOKEN_NAMES
    from signbridge.knowledge.languages import get

    try:
        spoken = get(code).spoken_language
    except Exception:
        return "in the sign language's spoken language"
    return f"in {SPOKEN_NAMES.get(spoken, spoken)}"


def _spoken_name(code: str | None) -> str | None:
    """The spoken language of a sign language whose script is not Latin (e.g. Korean for KSL)."""
    if not code:
        return None
    from signbridge.knowledge.languages import get

    try:
        lang = get(code)
    except Exception:
        return None
    names = {"ko": "Korean", "ja": "Japanese", "zh": "Chinese", "el": "Greek", "ru": "Russian", "uk": "Ukrainian",
             "ar": "Arabic", "he": "Hebrew", "th": "Thai", "hi": "Hindi", "bg": "Bulgarian", "ur": "Urdu"}
    return names.get(lang.spoken_language) if lang.script != "Latn" else None


def lookup_lines(step: Step, u: Understanding) -> list[str]:
    data = step.output.data
    code = data.get("language") or u.language
    hits = data.get("hits") or []
    confident = [h for h in hits if h.get("confident")]
    if confident:
        best = confident[0]
        code = code or best.get("language")
        extras = []
        if best.get("signwriting"):
            extras.append(f"SignWriting {best['signwriting']}")
        if best.get("hamnosys"):
            extras.append("HamNoSys available")
        if best.get("has_pose"):
            extras.append("has a pose")
        line = (f"Dictionary ({_lang_name(code)}): \"{data.get('query')}\" is {best.get('gloss')} "
                f"(source {best.get('source')}" + (", " + ", ".join(extras) if extras else "") + ").")
        others = [f"{h.get('gloss')}" + (f" ({_short(h.get('language'))})" if not data.get("language") else "")
                  for h in confident[1:4]]
        if others:
            line += f" Also: {', '.join(others)}."
        return [line]
    if hits:
        suggestions = ", ".join(str(h.get("gloss")) for h in hits[:4])
        return [f"No {_short(code)} dictionary entry matches \"{data.get('query')}\"; close but unconfirmed: {suggestions}."]
    return [f"No {_short(code)} dictionary entry for \"{data.get('query')}\"."]


def describe_lines(step: Step, u: Understanding) -> list[str]:
    data = step.output.data
    code = data.get("language") or u.language
    parts = data.get("parts") or {}
    if not data.get("global") and not any(parts.values()):
        return [f"No description of the {_short(code)} sign for \"{data.get('word') or u.text}\": no dictionary entry "
                f"for it is installed, and nothing is invented without one. Add a dictionary with "
                f"`{IMPORT_HINT.format(code=code)}`, or use an LLM backend (SIGNBRIDGE_LLM_BASE_URL)."]
    lines = []
    head = f"The {_short(data.get('language') or u.language)} sign for \"{data.get('word') or u.text}\""
    if data.get("gloss"):
        head += f" ({data['gloss']})"
    lines.append(head + (": " + str(data["global"]) if data.get("global") else "."))
    labels = {"right_hand": "right hand", "left_hand": "left hand", "face": "face", "mouth": "mouth", "body": "body",
              "movement": "movement"}
    for key, label in labels.items():
        if parts.get(key):
            lines.append(f"- {label}: {parts[key]}")
    if data.get("grounded"):
        sources = []
        for source in data.get("sources") or []:
            if isinstance(source, dict):
                label = " ".join(str(source[k]) for k in ("source", "notation") if source.get(k))
                sources.append(label + (f" entry {source['id']}" if source.get("id") else ""))
            else:
                sources.append(str(source))
        lines.append(f"Grounded in: {', '.join(sources) or 'a dictionary entry'}.")
    else:
        lines.append("Not grounded in a dictionary entry: treat this as approximate.")
    return lines


def languages_lines(step: Step, u: Understanding) -> list[str]:
    rows = step.output.data.get("languages") or []
    if len(rows) == 1:
        r = rows[0]
        have = []
        if r.get("lexicon_entries"):
            have.append(f"{r['lexicon_entries']} dictionary entries")
        if r.get("fingerspelling_clips"):
            have.append(f"fingerspelling poses ({r['fingerspelling_clips']} clips)")
        if r.get("signwriting_fingerspelling"):
            have.append("SignWriting fingerspelling")
        if have:
            return [f"{r['name']} ({r['code']}): installed: {', '.join(have)}."]
        return [f"{r['name']} ({r['code']}) is known, but nothing is installed for it yet: "
                f"`{IMPORT_HINT.format(code=r['code'])}`."]
    with_dict = [f"{r['code']} ({r['lexicon_entries']})" for r in rows if r.get("lexicon_entries")]
    with_fs = [r["code"] for r in rows if r.get("fingerspelling")]
    return [f"I know {len(rows)} sign languages. Dictionaries installed: {', '.join(with_dict) or 'none'}. "
            f"Fingerspelling (poses or SignWriting) for {len(with_fs)}: {', '.join(with_fs)}. "
            "Run `signbridge languages` for the full table."]


def recognition_lines(step: Step, u: Understanding) -> list[str]:
    data = step.output.data
    if step.output.ok and data.get("text"):
        return [f"{data.get('message')}: {data['text']}"]
    return [str(data.get("message") or step.output.error)]
