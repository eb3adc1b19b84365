"""LLM refinement: rewrite the rule-based parts fluently, without adding facts (OpenAI-compatible API).

GSP-MC found that raw LLM sign descriptions hallucinate and hurt recognition, while descriptions
anchored in expert dictionaries help. So the model only sees the dictionary entry, the
rule-based structured parts and passages retrieved from imported documents, and is told to
rephrase, not to add. Its answer is then checked: any sign-description term (handshape, body
site, direction, movement, facial feature) that appears in a rewritten text but nowhere in the
retrieved context drops that text, and the rule-based one is kept. Generated synonym words are
kept only if the lexicon maps them to the same sign. The prompt is versioned; every row records
`prompt_version` and `model`, and keeps the rule-based parts in `structured`.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, field_validator

from signbridge.knowledge.config import check_fields
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.types import LexiconEntry
from signbridge.tools.describe.types import PART_NAMES, Description, Parts, SourceRef

PROMPT_VERSION = "describe-refine-v1"

SYSTEM_PROMPT = """You rewrite sign-language descriptions for a sign recognition model.
You get a dictionary entry's structured description (parts: right_hand, left_hand, face, mouth, body,
movement) and optional reference passages. Rewrite each non-empty part as one or two fluent,
concrete sentences about what the body does. Rules:
- Use ONLY facts stated in the structured description or the passages. Never add a handshape,
  location, direction, movement, repetition or facial expression that is not stated there.
- Keep empty parts empty (""). Do not explain meaning, etymology or usage; describe the action only.
- "global": one or two sentences describing the whole sign.
- "synonyms": up to 3 alternative phrasings of the global description (same facts, other words).
- "synonym_words": up to 3 words of the spoken language that mean the same as the word (may be empty).
Answer with one JSON object only:
{"global": str, "parts": {"right_hand": str, "left_hand": str, "face": str, "mouth": str, "body": str,
"movement": str}, "synonyms": [str], "synonym_words": [str]}"""


@dataclass
class LLMConfig:
    retries: int = field(default=3, metadata={"help": "attempts per word before keeping the rule-based text"})
    backoff: float = field(default=1.0, metadata={"help": "seconds before the first retry; doubles each time"})
    temperature: float = field(default=0.2, metadata={"help": "sampling temperature of the rewrite"})
    max_tokens: int = field(default=1200, metadata={"help": "completion budget per word"})
    passages: int = field(default=3, metadata={"help": "document passages retrieved per word"})
    passage_chars: int = field(default=1200, metadata={"help": "characters kept per passage"})

    def __post_init__(self):
        check_fields(self, positive=("retries", "max_tokens", "passage_chars"),
                     non_negative=("backoff", "temperature", "passages"))


DEFAULT_CONFIG = LLMConfig()
MAX_TEXT = 2000  # characters per rewritten text; a longer one is not a rewrite of a dictionary entry
_PLAIN_TEXT = re.compile(r"^[^\W\d_][^<>`${}\\\x00-\x1f]{2,1999}$")  # prose: no markup, shell or control characters
_WORD = re.compile(r"^[^\W\d_](?:[\w' -]{0,58}[^\W\d_])?$")  # one word or short phrase of letters
# a rewrite must not flip a side or direction the context states (left <-> right, up <-> down, ...)
OPPOSITES = {"left": "right", "right": "left", "up": "down", "down": "up", "upward": "downward",
             "downward": "upward", "upwards": "downwards", "downwards": "upwards", "forward": "backward",
             "backward": "forward", "forwards": "backwards", "backwards": "forwards", "inward": "outward",
             "outward": "inward", "above": "below", "below": "above", "front": "behind", "behind": "front"}

# Terms that state a fact about how a sign is made. A rewrite may use one only if the context does.
FACT_TERMS = frozenset("""
fist flat index middle ring little pinky pinkie thumb thumbs palm palms knuckle knuckles fingertip fingertips
claw hooked bent spread curved pinch pinched
head forehead eyebrow eyebrows eye eyes nose nostril nostrils ear ears earlobe cheek cheeks lip lips mouth tongue
teeth chin neck shoulder shoulders chest stomach belly waist hip hips elbow wrist forearm arm
up upward upwards down downward downwards left right forward forwards backward backwards outward inward
circle circles circular arc zigzag wavy spiral ellipse twist twisting nod nodding swing swinging wiggle wiggling
repeat repeated repeats twice several tap taps tapping brush brushing rub rubbing touch touching grasp strike
fast slow tense smile smiling frown frowning puff puffed raised squint blink
""".split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zäöüß]+", text.lower()))


def _normal(term: str) -> str:
    """Crude stemming so 'touches'/'touched' match 'touching', 'circles' match 'circle'."""
    for suffix in ("ing", "ed", "es", "s"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def unsupported_terms(text: str, context: str) -> list[str]:
    """Fact terms of `text` that the context never mentions.

    >>> unsupported_terms("the flat hand taps the chin", "a flat hand touching the chin")
    ['taps']
    """
    allowed = {_normal(w) for w in _words(context)}
    bad = {w for w in _words(text) if w in FACT_TERMS and _normal(w) not in allowed}
    return sorted(bad | flipped_directions(text, context))


def flipped_directions(text: str, context: str) -> set[str]:
    """Directions/sides of `text` whose opposite the context states but which it never states itself.

    >>> sorted(flipped_directions("the hand moves to the right", "the hand moves to the left"))
    ['right']
    """
    said, stated = _words(text), _words(context)
    return {w for w in said if w in OPPOSITES and OPPOSITES[w] in stated and w not in stated}


def passages(kb, word: str, description: Description, config: LLMConfig) -> list[tuple[LexiconEntry, str]]:
    """Related passages from imported documents (the knowledge base's "document" chunks), if any.

    Only chunks that share a word with the query count (`signbridge.knowledge.lookup.search_documents` scores
    similarity and word overlap): a passage about another sign must not leak facts into this one.
    """
    if kb is None or config.passages <= 0:
        return []
    from signbridge.knowledge.lookup import search_documents

    query = " ".join(dict.fromkeys(filter(None, [word, (description.gloss or "").replace("-", " ").lower()])))
    try:
        hits = search_documents(query, description.language, k=config.passages, kb=kb)
    except Exception:  # no vector store / no documents: the entry alone is the context
        return []
    found = []
    for hit in hits:
        text = (hit.entry.description or "").strip()[: config.passage_chars]
        words = {w.lower() for w in query.split() if len(w) > 2}
        if text and any(w in text.lower() for w in words):
            found.append((hit.entry, text))
    return found


def build_messages(description: Description, entries: list[LexiconEntry], docs: list[tuple[LexiconEntry, str]]) -> list[dict]:
    structured = {"word": description.word, "language": description.language, "gloss": description.gloss,
                  "global": description.global_, "parts": description.parts.model_dump(),
                  "dictionary_variants": description.synonyms[1:]}
    user = "Structured description (from the dictionary):\n" + json.dumps(structured, ensure_ascii=False, indent=1)
    if docs:
        user += "\n\nReference passages:\n" + "\n---\n".join(text for _, text in docs)
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


class _Parts(BaseModel):
    model_config = ConfigDict(extra="ignore")
    right_hand: str = Field(default="", max_length=MAX_TEXT)
    left_hand: str = Field(default="", max_length=MAX_TEXT)
    face: str = Field(default="", max_length=MAX_TEXT)
    mouth: str = Field(default="", max_length=MAX_TEXT)
    body: str = Field(default="", max_length=MAX_TEXT)
    movement: str = Field(default="", max_length=MAX_TEXT)


class Answer(BaseModel):
    """The model's answer, validated: wrong types, oversized texts and junk synonyms are refused here."""

    model_config = ConfigDict(extra="ignore")
    global_: str = Field(default="", alias="global", max_length=MAX_TEXT)
    parts: _Parts = Field(default_factory=_Parts)
    synonyms: list[str] = Field(default_factory=list, max_length=10)
    synonym_words: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("synonyms", "synonym_words", mode="before")
    @classmethod
    def _a_list(cls, value):
        if value is None:
            return []
        if not isinstance(value, list):  # a string would otherwise become one-letter synonyms
            raise ValueError("must be a list of strings")
        return value

    @field_validator("synonyms")
    @classmethod
    def _sentences(cls, value):
        return [v.strip() for v in value if _PLAIN_TEXT.match(v.strip()) and len(v) <= MAX_TEXT]

    @field_validator("synonym_words")
    @classmethod
    def _words(cls, value):
        return [v.strip() for v in value if _WORD.match(v.strip())]


def _parse_answer(content: str) -> Answer:
    """The first JSON object in the model's answer (code fences and chatter tolerated), validated."""
    content = (content or "").strip()
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("the model's answer holds no JSON object")
    data = json.loads(content[start:end + 1])
    if not isinstance(data, dict):
        raise ValueError("the model's answer is not a JSON object")
    return Answer.model_validate(data)


def make_client(settings: Settings):
    from signbridge.knowledge.llm_client import openai_client

    return openai_client(settings)


def _complete(client, settings: Settings, messages: list[dict], config: LLMConfig) -> Answer:
    last: Exception | None = None
    for attempt in range(max(1, config.retries)):
        if attempt:
            time.sleep(config.backoff * 2 ** (attempt - 1))
        try:
            response = client.chat.completions.create(model=settings.llm_model, messages=messages,
                                                      temperature=config.temperature, max_tokens=config.max_tokens)
            choices = getattr(response, "choices", None) or []
            if not choices:
                raise ValueError("the response has no choices")
            return _parse_answer(choices[0].message.content)
        except Exception as error:  # network, HTTP 5xx/429, malformed or wrongly typed answer: retry, then give up
            last = error
    raise RuntimeError(f"{type(last).__name__}: {str(last)[:200]}")


def _confirmed_synonym_words(words: list, description: Description, settings: Settings, kb) -> list[str]:
    """Keep generated synonym words only if the lexicon maps them confidently to the same gloss."""
    from signbridge.tools.describe.offline import confident_entries

    kept = []
    for word in words[:5]:
        if not isinstance(word, str) or not word.strip() or len(word) > 60:
            continue
        try:
            entries = confident_entries(word.strip(), description.language, settings, kb=kb)
        except Exception:
            continue
        if any(e.gloss == description.gloss for e in entries) and word.strip().lower() != description.word.lower():
            kept.append(word.strip())
    return kept


def refine(description: Description, entries: list[LexiconEntry], settings: Settings, *, kb, client=None,
           config: LLMConfig | None = None) -> Description:
    """The LLM row for a rule-based description; ungrounded words are returned without calling the model."""
    config = config or DEFAULT_CONFIG
    out = description.model_copy(deep=True)
    out.backend = "openai"
    out.prompt_version = PROMPT_VERSION
    out.model = settings.llm_model
    if not description.grounded:  # nothing to ground a rewrite in: never ask the model to invent
        return out
    docs = passages(kb, description.word, description, config)
    messages = build_messages(description, entries, docs)
    client = client or make_client(settings)
    try:
        answer = _complete(client, settings, messages, config)
    except RuntimeError as error:
        out.notes.append(f"llm failed after {config.retries} attempts ({error}); rule-based text kept")
        return out
    context = "\n".join([description.global_, *description.synonyms[:1],
                         *(getattr(description.parts, n) for n in PART_NAMES), *(t for _, t in docs)])
    out.structured = description.parts.model_copy()
    new_parts = {}
    for name in PART_NAMES:
        original = getattr(description.parts, name)
        text = getattr(answer.parts, name)
        if not original or not text.strip():
            new_parts[name] = original  # an empty part stays empty; a missing rewrite keeps the rule text
            continue
        bad = unsupported_terms(text, context)
        if bad:
            out.notes.append(f"llm rewrite of {name} dropped: it added {', '.join(bad)}")
            new_parts[name] = original
        else:
            new_parts[name] = text.strip()
    out.parts = Parts(**new_parts)
    if answer.global_.strip():
        bad = unsupported_terms(answer.global_, context)
        if bad:
            out.notes.append(f"llm global text dropped: it added {', '.join(bad)}")
        else:
            out.global_ = answer.global_.strip()
    synonyms = list(description.synonyms)
    for text in answer.synonyms[:3]:
        bad = unsupported_terms(text, context)
        if bad:
            out.notes.append(f"llm synonym dropped: it added {', '.join(bad)}")
        else:
            synonyms.append(text)
    words = _confirmed_synonym_words(answer.synonym_words, description, settings, kb)
    synonyms += [f"{description.word} is also glossed as '{w}' in the dictionary" for w in words]
    out.synonyms = list(dict.fromkeys(synonyms))
    out.method = "llm-rewrite"
    out.sources = list(description.sources) + [
        SourceRef(id=e.id, source=e.source.name, license=e.source.license, version=e.source.version,
                  kind="document", notation="document", gloss=e.gloss) for e, _ in docs]
    return out
