"""The hybrid router: the rule-based planner answers what it reads with confidence; a model is asked only
for what rules cannot do (phrasings the planner does not know, translation into the sign language's
spoken language). Every step keeps who decided it.
"""

from __future__ import annotations

from signbridge.agents.planner import Understanding

TEXT_TOOLS = {"produce_sign": "text", "lookup_sign": "query", "describe_sign": "word"}


def confident(u: Understanding, prompt: str) -> bool:
    """True when the planner's reading can be acted on without a model.

    Sure: a tool intent with its text (or file), a language list, help, and an off-topic request that names
    no sign language. Unsure: a tool intent without text, or 'unsupported' although the request names a sign
    language or sign language in general (a phrasing the rules do not know).
    """
    from signbridge.agents.textspans import generic_sign_language_spans, language_spans

    if u.intent in ("sign", "fingerspell", "lookup", "describe"):
        return bool(u.text)
    if u.intent in ("translate", "recognize"):
        return bool(u.input_path)
    if u.intent == "unsupported":
        return not (language_spans(prompt) or generic_sign_language_spans(prompt))
    return True


def cross_lingual(pending: list, run, u: Understanding) -> list:
    """The planner's calls, with a text that has no entry in the sign language's dictionary replaced by the
    model's translation when the dictionary confirms it (`signbridge.agents.crosslingual`)."""
    from signbridge.agents.crosslingual import MAX_WORDS, has_entry, translate
    from signbridge.knowledge.inventory import inventory

    if run.model is None:
        return pending
    done: dict[tuple, object] = {}  # a word looked up and signed is translated once
    for item in pending:
        field = TEXT_TOOLS.get(item.call.name)
        text, language = item.call.args.get(field), item.call.args.get("language")
        if not field or not text or not language or len(text.split()) > MAX_WORDS:
            continue
        settings = run.ctx.settings
        if not inventory(settings).get(language) or not inventory(settings)[language].lexicon_entries:
            continue  # no dictionary to translate against
        if has_entry(text, language, settings):
            continue
        key = (text, language)
        if key not in done:
            done[key] = translate(text, language, run.model, settings, run.remaining())
        found = done[key]
        if found is None:
            note = (f"'{text}' has no entry in the {language} dictionary, and the model's translation "
                                   "matched none of the retrieved entries")
            if note not in run.trace.notes:
                run.trace.notes.append(note)
            continue
        item.call.args[field] = found.target
        item.translation = found
    return pending
