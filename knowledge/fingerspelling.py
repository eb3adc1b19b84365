"""Fingerspelling: words -> letter units of a sign language's manual alphabet (pose clips and SignWriting).

Pose alphabets come from the MediaPipe Holistic letter clips that spoken-to-signed ships
(`signbridge.knowledge.package_data.fingerspelling_clips()`, 25 fps, 586 points). `spell(word, code)`
splits a word into the alphabet's units, longest first (German "sch", Spanish "ll", Croatian
"dž", Italian double letters), and maps letters the alphabet lacks to ones it has:

1. a per-spoken-language table (German "ä" -> "ae" only when the alphabet lacks "ä"; "ß" -> "ss"),
2. a generic table for letters Unicode does not decompose ("æ" -> "ae", "ø" -> "o", "ł" -> "l"),
3. the base letter without accents ("é" -> "e"),
4. digits spelled as their number word in the spoken language (no alphabet has number clips:
   this is a stand-in, marked in `LetterUnit.note`).

A character that still has no clip becomes a unit with `clip=None` so callers can report it as
`missing`. SignWriting fingerspelling (`signwriting_spell`) uses the signwriting package's FSW
alphabets; Korean Hangul syllables are decomposed into compatibility jamo first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from signbridge.knowledge.package_data import (
    FingerspellingClip,
    fingerspelling_clips,
    signwriting_fingerspelling_file,
    signwriting_fingerspelling_languages,
)


@dataclass(frozen=True)
class LetterUnit:
    """One fingerspelled unit: the input characters it covers and the clip that signs them."""

    source: str  # the input characters this unit stands for ("sch", "ä", "3")
    letters: str | None  # the alphabet unit signed ("sch", "a"); None when nothing could spell it
    clip: Path | None  # the letter's .pose clip; None when the alphabet has no clip for it
    word_index: int = 0  # which word of the spelled text this unit belongs to
    note: str | None = None  # how an unavailable letter was mapped ("ä spelled as ae")

    @property
    def spelled(self) -> bool:
        return self.clip is not None


@dataclass(frozen=True)
class Alphabet:
    """The manual alphabet of one sign language: unit -> clip."""

    language: str  # ISO 639-3 sign-language code
    spoken: str  # ISO 639-1 code of the written alphabet
    clips: dict[str, FingerspellingClip]
    units: tuple[str, ...]  # the keys of `clips`, longest first (greedy matching)


# Letters a spoken language writes that its sign language's alphabet may lack: the usual
# substitution in that language (used only when the alphabet has no clip for the letter).
LANGUAGE_MAPS: dict[str, dict[str, str]] = {
    "de": {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"},
    "sv": {"å": "a", "ä": "a", "ö": "o"},
    "da": {"æ": "ae", "ø": "oe", "å": "aa"},
    "nb": {"æ": "ae", "ø": "oe", "å": "aa"},
    "ar": {"ة": "ه", "ـ": ""},
    "el": {"ς": "σ"},
    "uk": {"ё": "е", "ы": "и", "э": "е", "ъ": ""},
}
# Letters Unicode does not decompose into base + accent.
GENERIC_MAP = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th",
               "ð": "d", "ħ": "h", "ŋ": "n", "ĸ": "k", "ſ": "s", "ĳ": "ij", "ς": "σ"}

# Digits have no clips in any alphabet: spell the digit's number word (a stand-in, marked in the note).
NUMBER_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    "de": ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"),
    "fr": ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
    "it": ("zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"),
    "es": ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"),
    "pt": ("zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"),
    "cs": ("nula", "jedna", "dva", "tři", "čtyři", "pět", "šest", "sedm", "osm", "devět"),
    "sk": ("nula", "jeden", "dva", "tri", "štyri", "päť", "šesť", "sedem", "osem", "deväť"),
    "hr": ("nula", "jedan", "dva", "tri", "četiri", "pet", "šest", "sedam", "osam", "devet"),
    "et": ("null", "üks", "kaks", "kolm", "neli", "viis", "kuus", "seitse", "kaheksa", "üheksa"),
    "lt": ("nulis", "vienas", "du", "trys", "keturi", "penki", "šeši", "septyni", "aštuoni", "devyni"),
    "sv": ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"),
    "tr": ("sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"),
    "el": ("μηδέν", "ένα", "δύο", "τρία", "τέσσερα", "πέντε", "έξι", "επτά", "οκτώ", "εννέα"),
    "uk": ("нуль", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"),
    "ar": ("صفر", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"),
}

# characters that separate words or carry no letter: never reported as missing
_SEPARATORS = re.compile(r"[\s\-‐–—_'’.,;:!?\"()\[\]{}«»„“”/\\]+")


def lower(text: str, spoken: str) -> str:
    """Lower-case as the spoken language does (Turkish dotted/dotless i; keeps German ß).

    Compatibility forms are folded first (NFKC: full-width letters, ligatures such as "ﬁ"), except
    for Korean, whose compatibility jamo are exactly what its alphabets list.
    """
    text = unicodedata.normalize("NFC" if spoken == "ko" else "NFKC", text)
    if spoken in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    return unicodedata.normalize("NFC", text.lower())


@lru_cache(maxsize=None)
def alphabet(code: str) -> Alphabet | None:
    """The pose alphabet of a sign language, or None when no letter clips are installed for it."""
    clips: dict[str, FingerspellingClip] = {}
    spoken = None
    for clip in fingerspelling_clips():
        if clip.signed_language != code:
            continue
        spoken = clip.spoken_language
        unit = unicodedata.normalize("NFC", clip.letters)
        if spoken in ("tr", "az"):  # index.csv has "I" (dotless) and "İ", lowered naively
            unit = {"i": "ı", "i̇": "i"}.get(unit, unit)
        best = clips.get(unit)
        if best is None or clip.priority < best.priority:
            clips[unit] = clip
    if not clips or spoken is None:
        return None
    units = tuple(sorted(clips, key=lambda u: (-len(u), u)))
    return Alphabet(language=code, spoken=spoken, clips=clips, units=units)


def pose_languages() -> list[str]:
    """Sign-language codes that have pose fingerspelling clips."""
    return sorted({c.signed_language for c in fingerspelling_clips()})


def words(text: str) -> list[str]:
    """Split text into the words that are spelled one after another."""
    return [w for w in _SEPARATORS.split(unicodedata.normalize("NFC", text)) if w]


def _substitute(char: str, spoken: str) -> tuple[str, str] | None:
    """A replacement spelling for a letter the alphabet lacks, with the reason, or None."""
    if char in LANGUAGE_MAPS.get(spoken, {}):
        return LANGUAGE_MAPS[spoken][char], "usual substitution"
    if char in GENERIC_MAP:
        return GENERIC_MAP[char], "substitution"
    if char.isdigit():
        value = unicodedata.digit(char, None)
        table = NUMBER_WORDS.get(spoken)
        if value is not None and table:
            return lower(table[value], spoken), "digit spelled as its number word (no number clips)"
        return None
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    base = unicodedata.normalize("NFC", base)
    if base and base != char:
        return base, "accent dropped"
    if unicodedata.category(char) == "Mn":  # a lone combining mark (Arabic harakat): nothing to sign
        return "", "diacritic dropped"
    return None


# units that only stand at the start of a word (Arabic "ال" is the article al-, after at most a
# one-letter proclitic such as bi-/wa-), not wherever the two letters happen to meet ("عالم")
WORD_INITIAL_UNITS: dict[str, tuple[set[str], str]] = {"ar": ({"ال"}, "وفبكل")}


def _allowed(unit: str, word: str, i: int, spoken: str) -> bool:
    rule = WORD_INITIAL_UNITS.get(spoken)
    if rule is None or unit not in rule[0]:
        return True
    return i == 0 or (i == 1 and word[0] in rule[1])


def _spell_word(word: str, abc: Alphabet, word_index: int, depth: int = 0) -> list[LetterUnit]:
    units: list[LetterUnit] = []
    i = 0
    while i < len(word):
        match = next((u for u in abc.units if word.startswith(u, i) and _allowed(u, word, i, abc.spoken)), None)
        if match is not None:
            units.append(LetterUnit(match, match, abc.clips[match].path, word_index))
            i += len(match)
            continue
        char = word[i]
        i += 1
        if _SEPARATORS.fullmatch(char):  # apostrophes inside number words and the like
            continue
        sub = _substitute(char, abc.spoken) if depth < 3 else None
        if sub is None:
            units.append(LetterUnit(char, None, None, word_index, f"no '{char}' in the {abc.language} alphabet"))
            continue
        replacement, reason = sub
        inner = _spell_word(replacement, abc, word_index, depth + 1)
        note = f"{char} spelled as {replacement} ({reason})" if replacement else f"{char}: {reason}"
        if any(u.clip is None for u in inner):
            units.append(LetterUnit(char, None, None, word_index, f"no '{char}' in the {abc.language} alphabet"))
        else:
            units += [LetterUnit(char, u.letters, u.clip, word_index, note) for u in inner]
    return units


def spell(word: str, language_code: str) -> list[LetterUnit]:
    """Letter units for a word (or several words) in a sign language's pose alphabet.

    Units of successive words carry increasing `word_index`. Characters that cannot be
    spelled get `clip=None`. With no alphabet for the language, every character is such a unit.

    >>> [u.letters for u in spell("Schule", "sgg")]
    ['sch', 'u', 'l', 'e']
    """
    abc = alphabet(language_code)
    units: list[LetterUnit] = []
    for index, word in enumerate(words(word)):
        if abc is None:
            units += [LetterUnit(c, None, None, index, f"no fingerspelling clips for {language_code}")
                      for c in word]
            continue
        units += _spell_word(lower(_decompose_hangul(word) if abc.spoken == "ko" else word, abc.spoken), abc, index)
    return units


# -- pose clips ---------------------------------------------------------------------------------

@lru_cache(maxsize=1024)
def _load_clip(path: str, mtime: float):
    from pose_format import Pose

    with open(path, "rb") as f:
        return Pose.read(f.read())


def load_clip(path: str | Path):
    """Read a .pose clip once per process (cached). Treat the returned Pose as read-only.

    Parsing a 30-frame Holistic clip takes ~0.3 ms here, so an on-disk cache of the parsed
    clips would not pay for itself: measured before deciding (see benchmarks/production.py).
    """
    path = Path(path)
    return _load_clip(str(path), path.stat().st_mtime)


def spell_pose(text: str, language_code: str, config=None):
    """Fingerspell text as one joined Pose; None when nothing in it could be spelled.

    Each word's last letter is held `config.last_letter_hold` seconds longer (readable holds);
    letters without a clip are skipped (callers that need coverage use `spell` directly).
    """
    from signbridge.knowledge.pose_join import JoinConfig, join_poses

    config = config or JoinConfig()
    units = [u for u in spell(text, language_code) if u.clip is not None]
    if not units:
        return None
    holds, caps, pauses = letter_timing(units, config)
    return join_poses([load_clip(u.clip) for u in units], config, holds=holds, max_seconds=caps, pauses=pauses)


def letter_timing(units: list[LetterUnit], config) -> tuple[list[float], list[float | None], list[float]]:
    """Per-letter `holds`, `max_seconds` and `pauses` for `join_poses`: each word's last letter is
    held `config.last_letter_hold`, letters are capped at `config.max_letter_seconds`, and words
    are separated by `config.word_pause`."""
    last = [i + 1 == len(units) or units[i + 1].word_index != u.word_index for i, u in enumerate(units)]
    holds = [config.last_letter_hold if is_last else 0.0 for is_last in last]
    caps = [config.max_letter_seconds] * len(units)
    pauses = [config.word_pause if is_last else 0.0 for is_last in last]
    return holds, caps, pauses


# -- SignWriting --------------------------------------------------------------------------------

_L = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_V = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_T = ["", "ㄱ", "ㄲ", "ㄱㅅ", "ㄴ", "ㄴㅈ", "ㄴㅎ", "ㄷ", "ㄹ", "ㄹㄱ", "ㄹㅁ", "ㄹㅂ", "ㄹㅅ", "ㄹㅌ", "ㄹㅍ", "ㄹㅎ",
      "ㅁ", "ㅂ", "ㅂㅅ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]
# compatibility-jamo clusters typed directly
_CLUSTERS = {"ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ",
             "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ"}


def _decompose_hangul(text: str) -> str:
    """Hangul syllables -> compatibility jamo, final clusters split ("닭" -> "ㄷㅏㄹㄱ")."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_L[code // 588] + _V[(code % 588) // 28] + _T[code % 28])
        else:
            out.append(_CLUSTERS.get(ch, ch))
    return "".join(out)


def signwriting_languages() -> tuple[str, ...]:
    return signwriting_fingerspelling_languages()


def _sw_spell(word: str, file_language: str) -> list[str] | None:
    from signwriting.fingerspelling.fingerspelling import spell as sw_spell

    try:
        fsw = sw_spell(word, language=file_language, vertical=True, seed=0)
        return None if fsw is None else [fsw]
    except ValueError:  # too long for one sign box: spell the halves
        if len(word) < 2:
            return None
        half = len(word) // 2
        left, right = _sw_spell(word[:half], file_language), _sw_spell(word[half:], file_language)
        return None if left is None or right is None else left + right


def signwriting_spell(text: str, language_code: str) -> list[str | None]:
    """SignWriting (FSW) fingerspelling, one or more signs per word; None for a word it cannot spell.

    Returns [] when the signwriting package has no alphabet for the language.
    """
    if language_code not in signwriting_fingerspelling_languages():
        return []
    file_language = signwriting_fingerspelling_file(language_code).stem
    out: list[str | None] = []
    for word in words(text):
        if file_language == "ko":
            word = _decompose_hangul(word)
        signs = _sw_spell(word, file_language)
        if signs is None:  # try the substitutions the pose alphabet uses (ß -> ss, æ -> ae, ...)
            mapped = "".join((_substitute(c, "") or (c, ""))[0] if not c.isdigit() else c for c in word.lower())
            signs = _sw_spell(mapped, file_language) if mapped and mapped != word.lower() else None
        out.extend(signs if signs is not None else [None])
    return out
