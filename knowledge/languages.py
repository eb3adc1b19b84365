"""The sign-language registry: ISO 639-3 codes, names people type, spoken languages, what is installed.

`resolve("Deutsche Gebärdensprache")` -> the `gsg` Language; resolution ignores case, accents
and punctuation. `find_languages(text)` finds language mentions inside a free-text request.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from signbridge.knowledge.errors import UnknownLanguageError
from signbridge.knowledge.language_table import AMBIGUOUS, EXTRA_NAMES, LANGUAGES
from signbridge.knowledge.text import fold

# abbreviations and codes that are ordinary words in some spoken language: in free text they
# only count when written in capitals (e.g. "ins" is German for "into the")
_WORDLIKE = {"ins", "hab", "eso", "jos", "dsl", "icl", "ugy", "ns", "eng", "isn", "lsp", "vgt"}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# English names of the spoken languages (ISO 639-1), for answers and prompts
SPOKEN_NAMES = {"de": "German", "en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
                "nl": "Dutch", "pl": "Polish", "tr": "Turkish", "ko": "Korean", "ja": "Japanese", "zh": "Chinese",
                "ru": "Russian", "el": "Greek", "sv": "Swedish", "cs": "Czech", "uk": "Ukrainian", "ar": "Arabic",
                "he": "Hebrew", "th": "Thai", "hi": "Hindi", "bg": "Bulgarian", "ur": "Urdu"}

# Spoken-language words sign languages usually leave unsigned: articles, copulas/auxiliaries, infinitive markers,
# complementisers. Prepositions, pronouns, negation and question words are kept (they are signed).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("a an the is are am was were be been being do does did to of that 's 're 'm will would "
                    "shall has have had".split()),
    "de": frozenset("der die das den dem des ein eine einen einem einer eines ist sind bin bist seid war waren "
                    "wird werden wurde wurden hat habe hast haben hatte hatten zu dass es".split()),
    "fr": frozenset("le la les l' un une des du de d' est sont suis es sommes êtes était été a ai as ont avons "
                    "avez que qu' ce c'".split()),
    "es": frozenset("el la los las un una unos unas es son soy eres somos está están estoy fue ha he han hemos "
                    "de del al que lo".split()),
    "it": frozenset("il lo la i gli le un uno una un' l' è sono sei siamo era ha ho hanno abbiamo di del della "
                    "dei delle che".split()),
    "pt": frozenset("o a os as um uma uns umas é são sou está estão foi tem têm de do da dos das que".split()),
    "nl": frozenset("de het een is zijn ben bent was waren wordt worden heeft hebben had te dat".split()),
    "sv": frozenset("en ett den det de är var har hade att".split()),
    "da": frozenset("en et den det de er var har havde at".split()),
    "nb": frozenset("en ei et den det de er var har hadde å".split()),
}


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-3 sign-language code
    name: str  # English name
    native_name: str
    spoken: tuple[str, ...]  # ISO 639-1 codes; the first is used for lemmas and the alphabet
    script: str  # ISO 15924 of the spoken language's usual script
    abbreviations: tuple[str, ...] = ()
    names: tuple[str, ...] = field(default=(), repr=False)  # every generated name, for matching

    @property
    def spoken_language(self) -> str:
        return self.spoken[0]

    @property
    def function_words(self) -> frozenset[str]:
        """Words of the spoken language that signing usually leaves out (articles, copulas, ...)."""
        return FUNCTION_WORDS.get(self.spoken_language, frozenset())

    @property
    def aliases(self) -> list[str]:
        """What people type: abbreviations, English and native names, then a few generated names."""
        seen, out = set(), []
        for alias in (*self.abbreviations, self.name, self.native_name, *self.names):
            key = fold(alias)
            if key and key not in seen and alias != self.code:
                seen.add(key)
                out.append(alias)
        return out


def _spanish_masculine(adjective: str) -> str:
    for fem, masc in (("ola", "ol"), ("ana", "ano"), ("eña", "eño"), ("esa", "és")):
        if adjective.endswith(fem):
            return adjective[: -len(fem)] + masc
    return adjective[:-1] + "o" if adjective.endswith("a") else adjective


def _generated_names(adjectives: dict) -> list[str]:
    def each(lang):
        value = adjectives.get(lang, [])
        return [value] if isinstance(value, str) else list(value)

    names = []
    for a in each("en"):
        names += [f"{a} Sign Language", f"{a} SL"]
    for a in each("de"):
        stem = a[:-1] if a.endswith("e") else a
        names += [f"{stem}{end} Gebärdensprache" for end in ("e", "en", "er")]
        names += [f"{stem[0].upper()}{stem[1:]}e Gebärdensprache"]
    for a in each("fr"):
        names += [f"langue des signes {a}", f"langue de signes {a}"]
    for a in each("es"):
        names += [f"lengua de señas {a}", f"lengua de signos {a}", f"lenguaje de señas {_spanish_masculine(a)}",
                  f"lenguaje de signos {_spanish_masculine(a)}"]
    for a in each("it"):
        names += [f"lingua dei segni {a}", f"lingua {a} dei segni"]
    for a in each("pt"):
        names += [f"língua de sinais {a}", f"língua gestual {a}", f"língua {a} de sinais", f"linguagem de sinais {a}"]
    for a in each("tr"):
        names += [f"{a} İşaret Dili"]
    for a in each("ko"):
        names += [f"{a} 수어", f"{a} 수화", f"{a}수어", f"{a}수화", f"{a} 수화 언어"]
    # a common slip: the German adjective without its ending ("Deutsch Gebärdensprache")
    names += [f"{a[:1].upper()}{a[1:]} Gebärdensprache" for a in each("de") if not a.endswith("e")]
    return names


# Turkish and Korean attach case suffixes/particles to the noun ("Türk İşaret Dilinde" = in TİD,
# "한국 수어로" = in KSL): in free text a name may carry one of these endings
_INFLECTIONS = ("nde", "yle", "ne", "ni", "nin", "nden",  # Turkish, after "İşaret Dili"
                "로", "으로", "에서", "를", "을", "의", "는", "은", "가", "이")  # Korean particles


@lru_cache(maxsize=1)
def all_languages() -> tuple[Language, ...]:
    out = []
    for code, name, native, spoken, script, abbreviations, adjectives in LANGUAGES:
        names = _generated_names(adjectives)
        names += [n.translate(_UMLAUTS) for n in names if n.translate(_UMLAUTS) != n]
        names += EXTRA_NAMES.get(code, [])
        out.append(Language(code, name, native, tuple(spoken), script, tuple(abbreviations), tuple(names)))
    return tuple(out)


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    """normalized alias -> code; ambiguous abbreviations map to their documented default."""
    index: dict[str, str] = {}
    for lang in all_languages():
        for alias in (lang.code, *lang.aliases):
            index.setdefault(fold(alias), lang.code)
    for abbreviation, (default, _) in AMBIGUOUS.items():
        index[abbreviation] = default
    return index


def get(code: str) -> Language:
    for lang in all_languages():
        if lang.code == code:
            return lang
    raise UnknownLanguageError(f"unknown sign language code '{code}'")


def resolve(name: str | None) -> Language:
    """A code, abbreviation or name in any of several spoken languages -> Language."""
    if name is None or not str(name).strip():
        raise UnknownLanguageError("no sign language given: pass a code or name, e.g. --lang gsg or --lang DGS")
    key = fold(str(name))
    code = _alias_index().get(key)
    if code is None:
        key2 = re.sub(r"^(the|la|el|le|die|a) ", "", key)
        code = _alias_index().get(key2)
    if code is None:
        suggestions = suggest(name) if len(str(name)) <= 100 else []
        shown = str(name) if len(str(name)) <= 60 else str(name)[:57] + "..."
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        raise UnknownLanguageError(
            f"unknown sign language '{shown}'.{hint} Run 'signbridge languages' to list the codes and names."
        )
    return get(code)


def ambiguity_note(name: str) -> str | None:
    """For an ambiguous abbreviation, the sentence saying which default was taken."""
    entry = AMBIGUOUS.get(fold(name))
    if not entry or not entry[1]:
        return None
    default, others = entry
    return f"'{name}' was read as {default} ({get(default).name}); it can also mean {', '.join(others)}"


def suggest(name: str, n: int = 3) -> list[str]:
    import difflib

    key = fold(name)
    matches = difflib.get_close_matches(key, list(_alias_index()), n=n, cutoff=0.75)
    return sorted({_alias_index()[m] for m in matches})


@lru_cache(maxsize=1)
def _sign_phrases() -> dict[str, str]:
    """'swiss german sign' -> sgg, 'deutsche gebarde' -> gsg: how requests name a language in passing
    ("what's the Swiss German sign for Brot?"). Used for finding mentions only, not as aliases."""
    phrases: dict[str, str] = {}
    for code, _, _, _, _, _, adjectives in LANGUAGES:
        english = adjectives.get("en", [])
        german = adjectives.get("de", [])
        for a in [english] if isinstance(english, str) else english:
            phrases.setdefault(fold(f"{a} sign"), code)
        for a in [german] if isinstance(german, str) else german:
            stem = a[:-1] if a.endswith("e") else a
            for end in ("e", "en"):
                phrases.setdefault(fold(f"{stem}{end} gebärde"), code)
    return phrases


@lru_cache(maxsize=1)
def _mention_tables() -> tuple[dict[str, list[str]], dict[str, list[str]], re.Pattern]:
    """Names (normalized) of several words by their first word, one-word names by their first two
    letters, and the regex for abbreviations (on raw text, case-insensitive)."""
    names = set(_sign_phrases())
    abbreviations = set()
    for lang in all_languages():
        for alias in lang.aliases:
            if alias in lang.abbreviations:
                abbreviations.add(alias)
            else:
                names.add(fold(alias))
        abbreviations.add(lang.code)
    for abbreviation in AMBIGUOUS:
        abbreviations.add(abbreviation.upper())
    by_word: dict[str, list[str]] = {}
    by_start: dict[str, list[str]] = {}
    for name in names:
        if " " in name:
            by_word.setdefault(name.split(" ")[0], []).append(name)
        else:
            by_start.setdefault(name[:2], []).append(name)
    # an abbreviation may carry a Korean particle ("KSL로"), but not other letters
    abbr_re = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, abbreviations), key=len, reverse=True))
                         + r")(?![^\W\uac00-\ud7a3]|-)", re.IGNORECASE)
    return by_word, by_start, abbr_re


@lru_cache(maxsize=64)
def _names_pattern(names: frozenset[str]) -> re.Pattern:
    """Any of `names` as a whole word (longest first), optionally inflected (on normalized text)."""
    if not names:
        return re.compile(r"(?!x)x")  # matches nothing
    endings = "|".join(sorted(map(re.escape, {fold(e) for e in _INFLECTIONS}), key=len, reverse=True))
    return re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True))
                      + r")(?:" + endings + r")?(?!\w)")


def _mention_pattern(norm: str) -> tuple[re.Pattern, re.Pattern]:
    """Regexes for names in `norm` (normalized text) and for abbreviations (raw text).

    A name matches only at the start of a word: a name of several words only where its first word is
    one of the text's words, a one-word name (perhaps inflected) where a word starts like it. The regex
    is built over those few names (one over all ~2,300 cost every process 0.1 s to compile) and finds
    exactly what the full one would.
    """
    by_word, by_start, abbr_re = _mention_tables()
    candidates: set[str] = set()
    for token in norm.split():  # normalized text: words and single spaces
        candidates.update(by_word.get(token, ()))
        candidates.update(by_start.get(token[:2], ()))
        candidates.update(by_start.get(token[:1], ()) if len(token) > 1 else ())
    return _names_pattern(frozenset(candidates)), abbr_re


def find_languages(text: str) -> list[tuple[Language, str]]:
    """Language mentions in free text, in order of appearance: [(Language, matched text)].

    Full names match regardless of case and accents. Abbreviations match when written in capitals
    or as typed in the registry ('Libras', 'Auslan'); ISO codes match in lower case unless they are
    everyday words ('ins', 'eso').
    """
    norm = fold(text)
    names_re, abbr_re = _mention_pattern(norm)
    found: list[tuple[int, Language, str]] = []
    for m in names_re.finditer(norm):
        code = _alias_index().get(m.group(1)) or _sign_phrases()[m.group(1)]
        found.append((m.start() / max(len(norm), 1), get(code), m.group(1)))
    for m in abbr_re.finditer(text):
        token = m.group(1)
        key = fold(token)
        code = _alias_index().get(key)
        if code is None:
            continue
        is_code = key == code
        typed_as_registered = any(token == a for lang in all_languages() for a in lang.abbreviations)
        if token.isupper() and len(token) > 1:
            ok = True
        elif is_code and token.islower():
            ok = key not in _WORDLIKE
        else:
            ok = typed_as_registered and key not in _WORDLIKE
        if ok:
            found.append((m.start() / max(len(text), 1), get(code), token))
    found.sort(key=lambda item: item[0])
    out, seen = [], set()
    for _, lang, token in found:
        if lang.code not in seen:
            seen.add(lang.code)
            out.append((lang, token))
    return out


@lru_cache(maxsize=1)
def _nationalities() -> list[tuple[str, str]]:
    """(normalized one-word nationality adjective in any table language, code), in table order."""
    out = []
    for code, _, _, _, _, _, adjectives in LANGUAGES:
        for value in adjectives.values():
            for a in [value] if isinstance(value, str) else value:
                key = fold(a)
                if " " not in key and len(key) >= 4:
                    out.append((key, code))
    return out


def by_nationality(word: str) -> str | None:
    """'Französisch', 'français', 'German', 'española' -> the code of that nation's sign language, or None.

    Endings vary by gender and case ('francais'/'francaise', 'espanol'/'espanola'), so a word matches an
    adjective that it starts, or that starts it, within 3 letters; the first language in the table wins.
    Used only for chat follow-ups ("und auf Französisch?"), where a bare nationality means its sign language.
    """
    key = fold(word)
    if len(key) < 4:
        return None
    for adjective, code in _nationalities():
        if key == adjective:
            return code
    for adjective, code in _nationalities():
        short, long = sorted((key, adjective), key=len)
        if len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= 3:
            return code
    return None
