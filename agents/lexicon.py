"""The planner's knowledge of spoken languages, as data: one lexicon file per language, one matcher.

Each `agents/lexicons/<code>.yaml` says how people ask for things in that language: cue patterns per
intent, where the text to sign starts and ends, fillers, prepositions and the words for "sign
language". `Matcher` compiles every loaded lexicon into language-independent patterns; the planner only
ever talks to the matcher. Adding a spoken language = adding one file (to `agents/lexicons/`, or to a
folder passed to `load_matcher(extra_dirs)`); no code changes.

Patterns are regular-expression fragments matched as whole words on folded text (`textspans.fold`:
lower case, accents removed, punctuation -> one space, apostrophes dropped), except `lead_fillers`,
`name_fillers`, `suffixes` and `markers.raw`, which match the request as typed (case-insensitive).

>>> m = load_matcher()
>>> bool(m.intent["fingerspell"].search("buchstabiere anna"))
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from signbridge.knowledge.errors import InputError

BUILTIN_DIR = Path(__file__).resolve().parent / "lexicons"
# intents whose cues the classifier reads; `languages_weak` counts only when nothing else matched
CUE_INTENTS = ("fingerspell", "describe", "lookup", "translate", "recognize", "languages", "languages_weak", "help",
               "sign", "how", "off_topic", "question")
Patterns = list[str]
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it (8x faster), same result
Change = Literal["slower", "faster", "bigger", "smaller"]


class Markers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    raw: Patterns = Field(default_factory=list, description="regexes on the lower-cased request (scripts, letters)")
    folded: Patterns = Field(default_factory=list, description="words only this language has")


class Lexicon(BaseModel):
    """One spoken language's lexicon file. Every key but `language` is optional."""

    model_config = ConfigDict(extra="forbid")
    language: str = Field(description="ISO 639-1 code of the spoken language, e.g. 'de'")
    sign_language: str | None = Field(default=None, description="ISO 639-3 sign language assumed when none is named")
    markers: Markers = Field(default_factory=Markers, description="a match decides the spoken language outright")
    marker_priority: int = Field(default=100, description="markers are tried in this order (Korean before Chinese)")
    function_words: Patterns = Field(default_factory=list, description="common words: a vote on the spoken language")
    intents: dict[str, Patterns] = Field(default_factory=dict, description=f"cues per intent: {', '.join(CUE_INTENTS)}")
    sign_anywhere: Patterns = Field(default_factory=list, description="signing cues found inside words (CJK scripts)")
    greetings: Patterns = Field(default_factory=list, description="a request that is only a greeting gets help")
    follow_up: Patterns = Field(default_factory=list, description="openers of a chat follow-up ('and', 'und')")
    text_start: Patterns = Field(default_factory=list, description="the text to sign starts after the last of these")
    bare_question: Patterns = Field(default_factory=list, description="start cues that may also open the text itself")
    text_end: Patterns = Field(default_factory=list, description="the text to sign ends before these")
    pronouns: Patterns = Field(default_factory=list, description="'it', 'this': the whole text means the previous one")
    pronoun_adverbs: Patterns = Field(default_factory=list, description="may follow such a pronoun ('instead', 'too')")
    lead_fillers: Patterns = Field(default_factory=list, description="cut from the start of a text ('the word')")
    name_fillers: Patterns = Field(default_factory=list, description="cut from the start of a name to spell ('my name is')")
    trailing_words: Patterns = Field(default_factory=list, description="cut from the end of a text, besides prepositions")
    suffixes: Patterns = Field(default_factory=list, description="cut from the end of a text as typed (particles)")
    prepositions: Patterns = Field(default_factory=list, description="introduce a language: 'in', 'auf', 'en'")
    articles: Patterns = Field(default_factory=list, description="may follow a preposition: 'the', 'der'")
    sign_language_words: Patterns = Field(default_factory=list, description="'sign language' with no language named")
    alphabet_words: Patterns = Field(default_factory=list, description="'manual alphabet': how to spell, not what")
    translate_from: Patterns = Field(default_factory=list, description="'translate from DGS': signing to text")
    determiners: Patterns = Field(default_factory=list, description="'translate THIS video'")
    format_prepositions: Patterns = Field(default_factory=list, description="'as a video': an output format, not a video to read")
    media_words: Patterns = Field(default_factory=list, description="words for a recording to translate")
    render_words: dict[str, Patterns] = Field(default_factory=dict, description="output formats asked for: {mp4: [video]}")
    changes: dict[Change, Patterns] = Field(default_factory=dict, description="chat follow-ups that redo a production "
                                            "slower, faster, bigger or smaller: {slower: [slower, more slowly]}")
    use_instead: Patterns = Field(default_factory=list, description="'use the word': the text after it replaces the previous one")
    instead: Patterns = Field(default_factory=list, description="'instead': ends such a replacement text")


def read_lexicon(path: Path, check_patterns: bool = True) -> Lexicon:
    """One lexicon file, validated; `check_patterns` compiles each pattern alone to name a broken one
    (skipped for the built-in files, which a test checks: compiling ~900 patterns costs every process)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        lexicon = Lexicon.model_validate(data)
    except ValidationError as e:
        error = e.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise InputError(f"lexicon {path.name}: {where}: {error['msg']}") from None
    except (OSError, yaml.YAMLError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(f"lexicon {path.name}: {first}") from None
    if not check_patterns:
        return lexicon
    for key, patterns in _all_patterns(lexicon):
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as e:
                raise InputError(f"lexicon {path.name}: {key}: bad pattern {pattern!r} ({e})") from None
    return lexicon


def _all_patterns(lex: Lexicon):
    for name, value in lex:
        if isinstance(value, list):
            yield name, value
        elif isinstance(value, dict):
            yield from ((f"{name}.{k}", v) for k, v in value.items())
        elif isinstance(value, Markers):
            yield f"{name}.raw", value.raw
            yield f"{name}.folded", value.folded


def _words(parts: list[str]) -> re.Pattern:
    """One whole-word alternation; an empty list matches nothing."""
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _alt(parts: list[str]) -> str:
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


class _Lazy(Mapping):
    """A read-only dict whose values are compiled on first access (`make(key)`), then kept."""

    def __init__(self, keys, make):
        self._keys, self._make, self._done = tuple(keys), make, {}

    def __getitem__(self, key):
        if key not in self._done:
            if key not in self._keys:
                raise KeyError(key)
            self._done[key] = self._make(key)
        return self._done[key]

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)


@dataclass
class Matcher:
    """Every lexicon compiled into the patterns the planner uses (language-independent).

    Each pattern is compiled when the planner first asks for it (a request needs only some of them;
    compiling them all cost a fresh process ~0.1 s), then kept.
    """

    lexicons: tuple[Lexicon, ...]

    def __post_init__(self):
        lexs = self.lexicons
        if len({lex.language for lex in lexs}) != len(lexs):
            raise InputError("two lexicons for one spoken language: " + ", ".join(lex.language for lex in lexs))
        self.intent = _Lazy(CUE_INTENTS, self._intent)
        formats = dict.fromkeys(fmt for lex in lexs for fmt in lex.render_words)
        self.render_words = _Lazy(formats, self._render_words)
        self.changes = _Lazy(Change.__args__, self._change)  # type: ignore[attr-defined]
        self.default_sign_language = {lex.language: lex.sign_language for lex in lexs if lex.sign_language}

    def _union(self, key: str) -> list[str]:
        return list(dict.fromkeys(p for lex in self.lexicons for p in getattr(lex, key)))

    def _merged(self, table: str, *keys: str) -> re.Pattern:
        """One word pattern over every lexicon's `table[key]` lists (each phrase once, in file order)."""
        phrases = (p for lex in self.lexicons for key in keys for p in getattr(lex, table).get(key, []))
        return _words(list(dict.fromkeys(phrases)))

    def _intent(self, name: str) -> re.Pattern:
        keys = ("languages", "languages_weak") if name == "languages_weak" else (name,)
        return self._merged("intents", *keys)

    def _render_words(self, fmt: str) -> re.Pattern:
        return self._merged("render_words", fmt)

    def _change(self, name: str) -> re.Pattern:
        return self._merged("changes", name)

    @cached_property
    def sign_anywhere(self) -> re.Pattern:
        return re.compile(_alt(self._union("sign_anywhere")))

    @cached_property
    def greeting(self) -> re.Pattern:
        return re.compile(r"^\W*" + _alt(self._union("greetings")) + r"\W*$")

    @cached_property
    def follow_up(self) -> re.Pattern:
        return re.compile(r"^\W*" + _alt(self._union("follow_up")) + r"(?!\w)")

    @cached_property
    def start(self) -> re.Pattern:
        return _words(self._union("text_start"))

    @cached_property
    def bare_question(self) -> re.Pattern:
        return re.compile(_alt(self._union("bare_question")))

    @cached_property
    def _with_article(self) -> str:
        return _alt(self._union("prepositions")) + r"(?:\s+" + _alt(self._union("articles")) + ")?"

    @cached_property
    def end(self) -> re.Pattern:
        alphabet = r"(?:" + self._with_article + r"\s+)?" + _alt(self._union("alphabet_words"))
        return _words(self._union("text_end") + [alphabet])

    @cached_property
    def pronoun_text(self) -> re.Pattern:
        return re.compile(_alt(self._union("pronouns")) + r"(?:\s+" + _alt(self._union("pronoun_adverbs")) + ")*")

    @cached_property
    def lead_fillers(self) -> re.Pattern:
        return re.compile(r"^" + _alt(self._union("lead_fillers")) + r"[\s,:]+", re.IGNORECASE)

    @cached_property
    def name_fillers(self) -> re.Pattern:
        return re.compile(r"^" + _alt(self._union("name_fillers")) + r"[\s,:]+", re.IGNORECASE)

    @cached_property
    def trail_fillers(self) -> re.Pattern:
        # one-letter prepositions ("w PJM") only after a word: alone they are a letter to sign
        preps = self._union("prepositions")
        long_words = [w for w in preps if len(w) > 1] + self._union("trailing_words")
        short_words = [w for w in preps if len(w) == 1]
        return re.compile(r"(?:^|\s+)" + _alt(long_words) + r"\s*$|\s+" + _alt(short_words) + r"\s*$")

    @cached_property
    def suffixes(self) -> re.Pattern:
        return re.compile(_alt(self._union("suffixes")) + "$", re.IGNORECASE)

    @cached_property
    def generic_sign_language(self) -> re.Pattern:
        return re.compile(r"(?<!\w)(?:" + self._with_article + r"\s+)?" + _alt(self._union("sign_language_words"))
                          + r"(?!\w)")

    @cached_property
    def preposition_before(self) -> re.Pattern:
        return re.compile(r"(?<!\w)" + _alt(self._union("prepositions")) + r"\s+$")

    @cached_property
    def preposition_article_before(self) -> re.Pattern:
        return re.compile(r"(?<!\w)" + self._with_article + r"\s+$")

    @cached_property
    def in_nationality(self) -> re.Pattern:
        return re.compile(r"(?<!\w)" + self._with_article + r"\s+(\w{4,})")

    @cached_property
    def translate_from(self) -> re.Pattern:
        return _words(self._union("translate_from"))

    @cached_property
    def media(self) -> re.Pattern:
        return _words(self._union("media_words"))

    @cached_property
    def media_object(self) -> re.Pattern:
        lookbehinds = "".join(f"(?<!{re.escape(w)} )" for w in self._union("format_prepositions"))
        return re.compile(r"(?<!\w)" + lookbehinds + _alt(self._union("determiners")) + r" (?:\w+ )?"
                          + _alt(self._union("media_words")))

    @cached_property
    def use_instead(self) -> re.Pattern:
        return _words(self._union("use_instead"))

    @cached_property
    def instead(self) -> re.Pattern:
        return _words(self._union("instead"))

    @cached_property
    def function_words(self) -> dict[str, re.Pattern]:
        return {lex.language: _words(lex.function_words) for lex in self.lexicons if lex.function_words}

    @cached_property
    def markers(self) -> list[tuple[str, list[re.Pattern], list[re.Pattern]]]:
        return [(lex.language, [re.compile(p) for p in lex.markers.raw], [_words(lex.markers.folded)])
                for lex in sorted(self.lexicons, key=lambda lex: lex.marker_priority)
                if lex.markers.raw or lex.markers.folded]

    def spoken_language(self, folded: str, raw: str) -> str | None:
        """The spoken language a request is written in: a marker (script, letters), else a vote of common words."""
        lowered = raw.lower()
        for language, raw_markers, folded_markers in self.markers:
            if any(p.search(lowered) for p in raw_markers) or any(p.search(folded) for p in folded_markers):
                return language
        scores = {language: len(cue.findall(folded)) for language, cue in self.function_words.items()}
        best = max(scores, key=lambda k: scores[k], default=None)
        return best if best is not None and scores[best] else None


def lexicon_files(extra_dirs: tuple[Path, ...] = ()) -> list[Path]:
    """The built-in lexicons, then those in `extra_dirs` (a file for a language already loaded is refused)."""
    files = sorted(BUILTIN_DIR.glob("*.yaml"))
    for folder in extra_dirs:
        if not Path(folder).is_dir():
            raise InputError(f"lexicon folder not found: {folder}")
        files += sorted(Path(folder).glob("*.yaml"))
    return files


@lru_cache(maxsize=8)
def load_matcher(extra_dirs: tuple[Path, ...] = ()) -> Matcher:
    """The matcher over the built-in lexicons plus any `*.yaml` lexicons in `extra_dirs` (cached)."""
    return Matcher(tuple(read_lexicon(path, check_patterns=path.parent != BUILTIN_DIR)
                         for path in lexicon_files(tuple(extra_dirs))))
