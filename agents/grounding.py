"""Grounding: every tool call a model proposes is checked against the conversation before it runs.

Rules (a call that breaks one is refused with the reason, which goes back to the model once):
- the tool exists and its arguments are a JSON object that validates (types, enumerations, bounds);
- `language` resolves through the registry; when the user named sign languages, it is one of them;
- `text` / `query` / `word` is a span of the user's own words (case and spacing aside), or a translation the
  model marks with `source_text` (the span it translates) that the sign language's dictionary confirms;
  names are never translated (`fingerspell` takes the user's words only);
- `path` (a video or pose to read) is a path the user wrote;
- `glosses` (a sign-language gloss order for `produce_sign`) are each a word of the text, its lemma or a
  dictionary entry retrieved for one of its words (`signbridge.tools.glossing.order`);
- `list_languages.query` names a known sign language (its argument model resolves it, like `language`).
Read confinement and output-folder rewriting stay in the tools themselves (`signbridge.tools.agent_tools`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import ValidationError

from signbridge.agents.backends.base import RawCall
from signbridge.agents.steps import Rejection, Translation
from signbridge.tools.agent_tools import ToolContext

TEXT_FIELDS = ("text", "query", "word")


@dataclass
class Grounded:
    tool: str
    args: dict  # validated, language resolved to its code
    translation: Translation | None = None


def norm(text: str) -> str:
    """Case-, quote- and spacing-insensitive form for span checks."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'“”„‚‘’«»‹›「」『』`´]", " ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def in_words(text: str, user_texts: list[str]) -> bool:
    """`text` is a whole-word span of one of the user's messages."""
    needle = norm(text)
    return bool(needle) and any(f" {needle} " in f" {norm(t)} " for t in user_texts)


def named_languages(user_texts: list[str]) -> set[str]:
    """Sign-language codes the user named anywhere in the conversation."""
    from signbridge.agents.lexicon import load_matcher
    from signbridge.agents.textspans import language_spans

    matcher = load_matcher()
    return {m.code for t in user_texts for m in language_spans(t, matcher)}


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "arguments"
    return f"invalid {where}: {first['msg'].removeprefix('Value error, ')}"


def _confirmed(text: str, language: str | None, ctx: ToolContext) -> bool:
    """A translation counts only when the sign language's dictionary has a confident entry for it."""
    from signbridge.knowledge.lookup import LookupConfig, lookup

    try:
        result = lookup(text, language, k=3, settings=ctx.settings, kb=ctx.kb, config=LookupConfig(translate=False))
    except Exception:
        return False
    return any(h.confident for h in result.hits)


def ground(call: RawCall, user_texts: list[str], ctx: ToolContext) -> Grounded | Rejection:
    """Check one model call; the result says either what to run or why not."""
    from signbridge.agents.registry import get_tool, tool_names

    if call.problem:
        return Rejection(call.name, call.args, call.problem)
    tool = get_tool(call.name)
    if tool is None:
        return Rejection(call.name, call.args, f"unknown tool '{call.name}'; the tools are: {', '.join(tool_names())}")
    try:
        args = tool.args_model.model_validate(call.args)
    except ValidationError as error:
        return Rejection(call.name, call.args, f"{call.name}: {_first_error(error)}")
    clean = args.model_dump(exclude_none=True)
    source = clean.pop("source_text", None)

    language = clean.get("language")
    named = named_languages(user_texts)
    if language and named and language not in named:
        from signbridge.knowledge.languages import get

        said = ", ".join(f"{get(c).name} ({c})" for c in sorted(named))
        return Rejection(call.name, call.args, f"{call.name}: language '{call.args.get('language')}' is not the sign "
                                               f"language the user named; use {said}")
    if "path" in clean and not in_words(clean["path"], user_texts):
        return Rejection(call.name, call.args, f"{call.name}: path '{clean['path']}' is not a file the user named")

    translation = None
    for name in TEXT_FIELDS:
        if name not in clean or call.name == "list_languages":
            continue
        value = clean[name]
        if in_words(value, user_texts):
            continue
        if not isinstance(source, str) or not source.strip():
            return Rejection(call.name, call.args, f"{call.name}: {name} '{value[:80]}' is not in the user's words; copy "
                                                   "the words exactly, or give a translation with source_text set to "
                                                   "the user's words it translates")
        if call.name == "fingerspell":
            return Rejection(call.name, call.args, "fingerspell: spell the user's own words; names are not translated")
        if not in_words(source, user_texts):
            return Rejection(call.name, call.args, f"{call.name}: source_text '{source[:80]}' is not in the user's words")
        if not _confirmed(value, language, ctx):
            return Rejection(call.name, call.args, f"{call.name}: the translation '{value[:80]}' has no confident entry in "
                                                   "the sign language's dictionary; use the user's words instead")
        translation = Translation(source=source.strip(), target=value)
    if clean.get("glosses"):  # a gloss order: every gloss a word of the text or a dictionary entry for one
        from signbridge.knowledge.languages import get
        from signbridge.tools.glossing.order import ground_order

        ordered = ground_order(clean["glosses"], clean["text"], get(language), ctx.kb)
        if ordered.refused:
            return Rejection(call.name, call.args, f"{call.name}: glosses: {ordered.refused}; use glosses of the text's "
                                                   "words only, or omit glosses")
    return Grounded(call.name, clean, translation)
