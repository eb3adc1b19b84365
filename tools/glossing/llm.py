"""Few-shot text -> gloss through an OpenAI-compatible chat endpoint (vLLM, Ollama, a hosted API).

The model gets per-language grammar notes (word order, what is dropped, how questions and
negation are marked) and a few examples, and must answer with a JSON list of
`{"gloss": "...", "word": "..."}`. The answer is validated with pydantic; the model's text is
data, never executed. Glosses are upper-cased; `word` ties each gloss to its source word so
coverage can say which word became which sign. Glosses are grounded in the input like the agent's
tool arguments: a gloss whose word is not in the text (SmolLM2: "guten Morgen" -> MORGEN, HEBEL) is
dropped (a word's lemma also grounds it: GEHEN for "gehe"; `signbridge.tools.glossing.order.position_of`),
an item with control characters or markup is dropped (the model's fault, not the user's), and
an input word that no kept gloss covers and that the rule glosser would sign gets the rule glosser's
gloss, so no word is lost silently. Still an approximation: a general LLM has not learned the sign
language, it applies the notes.
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, Field, ValidationError

from signbridge.knowledge.errors import NotConfiguredError, SignbridgeError
from signbridge.knowledge.languages import Language
from signbridge.knowledge.settings import Settings
from signbridge.tools.glossing.simple import _kind, tokenize
from signbridge.tools.glossing.simple import text_to_gloss as simple_glosses
from signbridge.tools.glossing.order import position_of
from signbridge.tools.types import Gloss

GRAMMAR_NOTES: dict[str, str] = {
    "gsg": "DGS: basic order subject-object-verb (ICH BUCH LESEN); time first (MORGEN ICH ARBEIT GEHEN); "
           "no articles or copula; negation NICHT after the verb; wh-question word at the end (DU WOHNEN WO).",
    "sgg": "DSGS: subject-object-verb; time first; no articles or copula; wh-question word at the end.",
    "asq": "ÖGS: subject-object-verb; time first; no articles or copula; wh-question word at the end.",
    "ase": "ASL: topic-comment; time first (YESTERDAY STORE I GO); no articles, no copula, no 'to'; "
           "wh-question word at the end (YOUR NAME WHAT); negation NOT or a headshake after the verb.",
    "bfi": "BSL: topic-comment, time first; no articles or copula; wh-question word at the end (NAME YOU WHAT).",
    "fsl": "LSF: time first, then place, then subject-object-verb; no articles or copula; question word last.",
    "ise": "LIS: subject-object-verb; time first; no articles or copula; question word at the end; negation after the verb.",
    "ssp": "LSE: time first, subject-object-verb; no articles or copula; question word at the end.",
    "tsm": "TİD: subject-object-verb (like Turkish); time first; question word at the end; negation after the verb.",
    "kvk": "KSL: subject-object-verb (like Korean); time first; particles dropped; question word at the end.",
    "csl": "CSL: mostly subject-verb-object like Chinese, time first; question word often at the end.",
    "jsl": "JSL: subject-object-verb; time first; particles dropped; question word at the end.",
}
DEFAULT_NOTES = ("Sign-language glossing: upper-case glosses in the spoken language's dictionary form; "
                 "time expressions first; drop articles, copulas and auxiliaries; keep names and numbers as written.")

EXAMPLES = [
    ("gsg", "Ich gehe morgen zur Schule.",
     [("MORGEN", "morgen"), ("ICH", "Ich"), ("SCHULE", "Schule"), ("GEHEN", "gehe")]),
    ("ase", "Where do you live?", [("YOU", "you"), ("LIVE", "live"), ("WHERE", "Where")]),
    ("ase", "My name is Anna.", [("MY", "My"), ("NAME", "name"), ("Anna", "Anna")]),
]


class _Item(BaseModel):
    gloss: str = Field(min_length=1, max_length=80, pattern=r"^[^\x00-\x1f\x7f<>{}$`]+$")
    word: str = Field(default="", max_length=200, pattern=r"^[^\x00-\x1f\x7f<>{}$`]*$")


def _messages(text: str, language: Language) -> list[dict]:
    notes = GRAMMAR_NOTES.get(language.code, DEFAULT_NOTES)
    system = (
        f"You translate {language.spoken_language} text into a gloss sequence for {language.name} "
        f"({language.code}). Grammar notes: {notes} "
        "Answer ONLY with a JSON array of objects {\"gloss\": GLOSS, \"word\": source word it comes from}. "
        "Glosses are upper case in the spoken language's dictionary form; write names and numbers as in the text."
    )
    messages = [{"role": "system", "content": system}]
    for code, source, pairs in EXAMPLES:
        messages.append({"role": "user", "content": f"[{code}] {source}"})
        messages.append({"role": "assistant", "content": json.dumps([{"gloss": g, "word": w} for g, w in pairs],
                                                                   ensure_ascii=False)})
    messages.append({"role": "user", "content": f"[{language.code}] {text}"})
    return messages


def parse_answer(answer: str) -> list[_Item]:
    """The first JSON array in the model's answer, validated; raises ValueError when there is none."""
    match = re.search(r"\[.*\]", answer or "", re.DOTALL)
    if not match:
        raise ValueError("no JSON array in the answer")
    data = json.loads(match.group(0))
    if not isinstance(data, list):
        raise ValueError("not a list")
    items = []
    for raw in data:
        if isinstance(raw, str):
            raw = {"gloss": raw}
        try:
            items.append(_Item.model_validate(raw))
        except ValidationError:
            continue  # one malformed item (wrong type, control characters) is dropped, not the answer
    if data and not items:
        raise ValueError("no valid gloss in the answer")
    return items


def text_to_gloss(text: str, language: Language, settings: Settings | None = None, **unused) -> list[Gloss]:
    """Glosses from the configured LLM; raises NotConfiguredError without an endpoint."""
    if settings is None or not settings.llm_configured:
        raise NotConfiguredError("the llm glosser needs an OpenAI-compatible endpoint: set SIGNBRIDGE_LLM_BASE_URL "
                                 "(e.g. http://localhost:8000/v1) or use --glosser simple")
    from openai import OpenAIError

    from signbridge.knowledge.llm_client import openai_client

    client = openai_client(settings)
    try:
        raw = client.chat.completions.with_raw_response.create(
            model=settings.llm_model, messages=_messages(text, language), temperature=0.0, max_tokens=512)
        body = json.loads(raw.http_response.text)
        answer = body["choices"][0]["message"]["content"] or ""
        if not isinstance(answer, str):
            raise TypeError("content is not a string")
    except OpenAIError as error:
        raise SignbridgeError(f"the LLM endpoint {settings.llm_base_url} failed ({type(error).__name__}: "
                              f"{str(error)[:120]}); check it is running or use --glosser simple") from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise SignbridgeError(f"the LLM endpoint {settings.llm_base_url} answered something that is not a chat "
                              f"completion ({type(error).__name__}); check the server or use --glosser simple") from error
    try:
        items = parse_answer(answer)
    except (ValueError, ValidationError) as error:
        raise SignbridgeError(f"the LLM's answer was not a gloss list ({error.__class__.__name__}); "
                              "try again or use --glosser simple") from error

    words = tokenize(text)
    folded = [w.casefold() for w in words]
    rules = simple_glosses(text, language)
    forms = {}  # the rule glosser's lemma of each word also grounds a gloss ("gehe" -> GEHEN)
    for rule in rules:
        forms.setdefault(rule.gloss.casefold(), []).append(rule.position)
    glosses = []
    for item in items[: 3 * len(words) + 8]:  # a runaway answer cannot blow up the production
        position = position_of(item.gloss, item.word, folded, forms)
        if position is None:
            continue  # not grounded in the input: a gloss the text does not contain
        word = words[position]
        gloss = re.sub(r"\s+", "-", item.gloss.strip())
        kind = _kind(word, position, language.spoken_language)
        if kind == "sign" and not gloss.isupper() and gloss[:1].isupper():
            kind = "name"  # the model kept it as written ("Anna"), as the examples show for names
        lemma = word if kind != "sign" else gloss.lower().replace("-", " ")
        glosses.append(Gloss(gloss=gloss.upper(), word=word, lemma=lemma, kind=kind, position=position,
                             backend="llm"))
    covered = {g.position for g in glosses}
    for rule in rules:  # words the model lost: the rule glosser's gloss
        if rule.position not in covered:
            glosses.append(rule)
    return glosses


# --- sign-language word order only (the hybrid router asks any ChatBackend; grounded by glossing.order)

ORDER_EXAMPLES = [
    ("gsg", "Ich gehe morgen zur Schule.", ["MORGEN", "ICH", "SCHULE", "GEHEN"]),
    ("ase", "Where do you live?", ["YOU", "LIVE", "WHERE"]),
    ("ase", "I went to the store yesterday.", ["YESTERDAY", "STORE", "I", "GO"]),
]


def order_messages(text: str, language: Language) -> list[dict]:
    """A short few-shot prompt: the language's grammar notes, answer a JSON list of glosses only."""
    notes = GRAMMAR_NOTES.get(language.code, DEFAULT_NOTES)
    system = (f"You write {language.name} ({language.code}) glosses for {language.spoken_language} text, in the "
              f"sign language's word order. Grammar notes: {notes} Use only the text's words (dictionary form, "
              "upper case). Answer ONLY with a JSON array of glosses.")
    messages = [{"role": "system", "content": system}]
    for code, source, glosses in ORDER_EXAMPLES:
        messages += [{"role": "user", "content": f"[{code}] {source}"},
                     {"role": "assistant", "content": json.dumps(glosses, ensure_ascii=False)}]
    messages.append({"role": "user", "content": f"[{language.code}] {text}"})
    return messages


def read_glosses(answer: str) -> list[str]:
    """The model's gloss list (validated by `parse_answer`); ValueError when there is none."""
    return [item.gloss.strip() for item in parse_answer(answer)]
