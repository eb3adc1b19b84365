"""The hybrid router: the rule-based planner answers what it reads with confidence; a model is asked only
for what rules cannot do (phrasings the planner does not know, translation into the sign language's
spoken language, a sentence's gloss order in the sign language). Every step keeps who decided it.
"""

from __future__ import annotations

import time

from signbridge.agents.planner import Understanding

SURE = 0.6  # the planner's own confidence (an explicit cue, or a fallback rule with everything found)
TRANSLATABLE = ("sign", "lookup", "describe")  # intents whose text may be a dictionary word of another language


def confident(u: Understanding, prompt: str) -> bool:
    """True when the planner's reading can be acted on without a model.

    Sure: the planner's confidence is at least SURE; or a tool intent with its text (or file), a language list,
    help, and an off-topic request that names no sign language. Unsure (the model is asked): a tool intent
    without text, or 'unsupported' although the request names a sign language or sign language in general
    (a phrasing the rules do not know).
    """
    from signbridge.agents.lexicon import load_matcher
    from signbridge.agents.textspans import generic_sign_language_spans, language_spans

    if u.confidence >= SURE:
        return True
    if u.intent in ("sign", "fingerspell", "lookup", "describe"):
        return bool(u.text)
    if u.intent in ("translate", "recognize"):
        return bool(u.input_path)
    if u.intent == "unsupported":
        matcher = load_matcher()
        return not (language_spans(prompt, matcher) or generic_sign_language_spans(prompt, matcher))
    return True


def cross_lingual(pending: list, run, u: Understanding) -> list:
    """The planner's calls, with a text that has no entry in the sign language's dictionary replaced by the
    model's translation when the dictionary confirms it (`signbridge.agents.crosslingual`)."""
    from signbridge.agents.crosslingual import MAX_WORDS, has_entry, translate
    from signbridge.agents.registry import get_tool
    from signbridge.knowledge.inventory import inventory

    if run.model is None:
        return pending
    done: dict[tuple, object] = {}  # a word looked up and signed is translated once
    for item in pending:
        spec = get_tool(item.call.name)
        field = spec.text_field if spec is not None and spec.intent in TRANSLATABLE else None
        text, language = item.call.args.get(field or ""), item.call.args.get("language")
        if not field or not text or not language or len(text.split()) > MAX_WORDS:
            continue
        settings = run.ctx.settings
        if not inventory(settings).get(language) or not inventory(settings)[language].lexicon_entries:
            continue  # no dictionary to translate against
        if has_entry(text, language, run.ctx.kb):
            continue
        key = (text, language)
        if key not in done:
            try:
                done[key] = translate(text, language, run.model, run.ctx.kb, run.remaining())
            except Exception as error:  # an endpoint or model failure: the planner's call runs as read
                from signbridge.agents.backends.base import ModelError
                from signbridge.agents.backends.openai import is_endpoint_error

                if not (isinstance(error, ModelError) or is_endpoint_error(error)):
                    raise
                run.trace.notes.append(f"cross-lingual lookup skipped: the model failed ({type(error).__name__})")
                done[key] = None
                continue
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


def _model_failed(error: Exception) -> bool:
    from signbridge.agents.backends.base import ModelError
    from signbridge.agents.backends.openai import is_endpoint_error

    return isinstance(error, ModelError) or is_endpoint_error(error)


def sign_order(pending: list, run) -> list:
    """The planner's sentence to sign, in the sign language's word order when the model proposes one whose
    every gloss is grounded in the text (`signbridge.tools.glossing.order`); else the rule glosser's spoken
    order is kept. Each produce step records who decided its order (`GlossOrder`), shown in the answer."""
    from pydantic import ValidationError

    from signbridge.agents.backends.base import clean_model_text
    from signbridge.agents.steps import GlossOrder
    from signbridge.knowledge.languages import get
    from signbridge.tools.glossing.llm import order_messages, read_glosses
    from signbridge.tools.glossing.order import ground_order
    from signbridge.tools.glossing.simple import text_to_gloss

    if run.model is None:
        return pending
    for item in pending:
        text, code = item.call.args.get("text"), item.call.args.get("language")
        if item.call.name != "produce_sign" or item.decided_by != "planner" or not text or not code:
            continue
        try:
            language = get(code)
            rule = text_to_gloss(text, language)
        except Exception:  # an unknown language or unglossable text: the tool itself reports it
            continue
        if len(rule) < 2:
            continue  # one sign has no order
        if run.remaining() <= 1.0:
            item.gloss_order = GlossOrder("planner", [], "the request's time bound ran out")
            continue
        began = time.monotonic()
        try:
            turn = run.model.complete(order_messages(text, language), [], run.remaining())
        except Exception as error:
            if not _model_failed(error):
                raise
            item.gloss_order = GlossOrder("planner", [], f"the model failed ({type(error).__name__})")
            continue
        finally:
            run.trace.model_seconds += time.monotonic() - began
        try:
            proposed = read_glosses(clean_model_text(turn.content, limit=2000))
        except (ValueError, ValidationError):
            item.gloss_order = GlossOrder("planner", [], "its answer was not a list of glosses")
            continue
        ordered = ground_order(proposed, text, language, run.ctx.kb, rule)
        if ordered.refused:
            item.gloss_order = GlossOrder("planner", ordered.proposed, ordered.refused)
            continue
        item.call.args["glosses"] = ordered.proposed
        item.gloss_order = GlossOrder("model", ordered.proposed)
    return pending
