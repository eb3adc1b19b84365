"""Start-up shortcuts give exactly what they replace: the folding fast paths, the language-name regex
built over candidate names only, and the planner's patterns compiled on demand (timings:
benchmarks/startup.py)."""

import re
import unicodedata
from pathlib import Path

import yaml

from signbridge.agents.lexicon import BUILTIN_DIR, CUE_INTENTS, Matcher, read_lexicon
from signbridge.knowledge import languages
from signbridge.knowledge.text import _FOLD, fold

SUITES = Path(__file__).resolve().parents[1] / "evals" / "suites"


def _fold_reference(text: str) -> str:
    """The definition: NFKD, every combining mark dropped, non-word characters as single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+|_", " ", text).strip()


def _prompts() -> list[str]:
    out = []
    for path in sorted(SUITES.glob("agent_*.yaml")):
        out += [case["input"]["prompt"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
                if "prompt" in case.get("input", {})]
    return out


def test_fold_shortcuts_equal_the_definition():
    # ASCII, Latin accents, the grapheme joiner (U+034F, not a combining mark), ligatures, Turkish
    # dotted I, Hangul, Han, Greek and Cyrillic accents, underscores and digits
    samples = ["Haus", "guten_Morgen!", "Rücken", "Straße", "A\u034fB", "e\u0301\u0327", "ﬁ ½ ²", "İşaret Dili",
               "한국 수어로", "手語", "Ἀθῆναι", "йо́д", "ŁÓDŹ", "Æsir-Œuvre", "  --  ", "", "x\u20dd"]
    samples += _prompts()
    samples += [name for lang in languages.all_languages() for name in (lang.name, lang.native_name, *lang.names)]
    assert len(samples) > 500
    assert [fold(s) for s in samples] == [_fold_reference(s) for s in samples]


def test_language_names_found_as_with_one_regex_over_all_names():
    by_word, by_start, _ = languages._mention_tables()
    every_name = frozenset(name for table in (by_word, by_start) for names in table.values() for name in names)
    full = languages._names_pattern(every_name)
    texts = _prompts()
    # names (every 25th) inside a sentence, inflected (Turkish, Korean endings), glued to a word, truncated
    for name in sorted(every_name)[::25]:
        texts += [f"Wie sagt man Haus in {name}?", f"{name}로 {name[:-1]} x{name} {name}nde"]
    assert len(texts) > 300
    for text in texts:
        norm = fold(text)
        small, _ = languages._mention_pattern(norm)
        assert [(m.span(), m.group(1)) for m in small.finditer(norm)] == \
               [(m.span(), m.group(1)) for m in full.finditer(norm)], text
    assert languages._mention_pattern("")[0].search("") is None  # no candidates: matches nothing


def test_planner_patterns_are_compiled_on_first_use_only():
    matcher = Matcher(tuple(read_lexicon(path, check_patterns=False) for path in sorted(BUILTIN_DIR.glob("*.yaml"))))
    assert not {"start", "end", "markers", "function_words"} & set(vars(matcher))  # nothing compiled yet
    assert not matcher.intent._done
    assert matcher.intent["fingerspell"].search("buchstabiere anna")
    assert set(matcher.intent._done) == {"fingerspell"} and set(matcher.intent) == set(CUE_INTENTS)
    assert matcher.start is matcher.start  # compiled once, then kept
    # "languages_weak" also reads the "languages" cues, as the classifier expects
    assert set(matcher.intent["languages"].pattern[9:-7].split("|")) <= \
           set(matcher.intent["languages_weak"].pattern[9:-7].split("|"))
