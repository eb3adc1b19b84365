"""The planner's lexicons: one data file per spoken language, compiled by one language-independent matcher."""

from pathlib import Path

import pytest

from signbridge.agents.lexicon import BUILTIN_DIR, load_matcher, read_lexicon
from signbridge.agents.planner import plan, understand
from signbridge.knowledge.errors import InputError
from signbridge.knowledge.languages import get

# a spoken language the built-in lexicons do not cover: Swedish, as a user would add it
SWEDISH = """\
language: sv
sign_language: swl
function_words: [hur, man, jag, 'teckna\\w*', pa, och, bokstavera]
intents:
  fingerspell: ['bokstaver\\w*']
  sign: ['teckna\\w*']
  how: [hur]
text_start: ['hur (?:tecknar|sager) (?:man|jag|du)', 'bokstavera(?: namnet)?']
prepositions: [pa]
sign_language_words: ['teckensprak\\w*']
"""


def test_a_new_spoken_language_is_one_file_and_no_code(tmp_path):
    (tmp_path / "sv.yaml").write_text(SWEDISH, encoding="utf-8")
    before = understand("Hur tecknar man tack på teckenspråk?")
    assert before.intent == "unsupported"  # nothing in the built-in lexicons reads Swedish
    matcher = load_matcher((tmp_path,))
    u = understand("Hur tecknar man tack på teckenspråk?", matcher=matcher)
    assert (u.intent, u.language, u.text, u.language_assumed) == ("sign", "swl", "tack", True)
    assert "sv request" in u.notes[-1]
    u = understand("Bokstavera namnet Erik på STS", matcher=matcher)
    assert (u.intent, u.language, u.text) == ("fingerspell", "swl", "Erik")
    assert [c.tool for c in plan(u)] == ["fingerspell"]
    # the built-in languages still read as before with the extra file loaded
    assert understand("Wie gebärdet man Haus in DGS?", matcher=matcher).text == "Haus"


def test_builtin_lexicons_are_valid_and_name_known_sign_languages():
    files = sorted(BUILTIN_DIR.glob("*.yaml"))
    assert {f.stem for f in files} >= {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ko", "ja", "zh"}
    for path in files:
        lexicon = read_lexicon(path)
        assert lexicon.language == path.stem
        assert get(lexicon.sign_language).code == lexicon.sign_language


@pytest.mark.parametrize("content, message", [
    ("language: sv\nintent: {sign: [x]}\n", "sv.yaml: intent"),  # a typo in a key is refused, not ignored
    ("language: sv\ntext_start: ['(unclosed']\n", "bad pattern"),
    ("language: sv\nprepositions: [no]\n", "sv.yaml: prepositions"),  # YAML's bare no is false, not a word
])
def test_a_broken_lexicon_is_one_clear_error(tmp_path, content, message):
    (tmp_path / "sv.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_matcher((Path(tmp_path),))


def test_a_second_file_for_a_loaded_language_is_refused(tmp_path):
    (tmp_path / "de.yaml").write_text("language: de\n", encoding="utf-8")
    with pytest.raises(InputError, match="two lexicons"):
        load_matcher((tmp_path,))


def test_confidence_reflects_what_decided():
    explicit = understand("How do I sign 'thank you' in ASL?")
    assumed = understand("How do I sign 'thank you'?")
    fallback = understand("Haus DGS")  # no cue: a few words next to a language name
    missing = understand("fingerspell in ASL")  # a text intent without a text
    nothing = understand("the blue one")
    assert explicit.confidence == 0.9
    assert explicit.confidence > assumed.confidence > fallback.confidence > nothing.confidence
    assert missing.confidence < assumed.confidence
    assert understand("write me a poem").confidence == 0.9  # an explicit off-topic cue: surely unsupported
