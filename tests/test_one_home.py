"""The shared pieces that replaced copies: text forms, frame resampling, config checks, back-translation scores."""

import doctest

import numpy as np
import pytest

from signbridge.knowledge import config as config_checks
from signbridge.knowledge import frames, text
from signbridge.knowledge.errors import InputError
from signbridge.models import backtranslate


@pytest.mark.parametrize("module", [text, frames, config_checks, backtranslate])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted >= 1 and result.failed == 0


def test_text_forms():
    assert text.fold("Türk İşaret Dili!") == "turk isaret dili"
    assert text.fold("Straße") == text.fold("STRASSE") == "strasse"
    assert text.normalize_text("  Guten\tABEND ") == "guten abend"
    assert text.slug("Jürgen Müller") == "jurgen-muller"
    assert text.slug("안녕") == "안녕"  # Hangul stays composed, not split into jamo
    assert text.slug("!!!") == "sign" and len(text.slug("x" * 100)) == 40


@pytest.mark.parametrize("value, message", [
    ("", "empty word: give a word"), ("x" * 101, "word too long (101 characters, at most 100)"),
    ("a\x01b", "control characters"), ("a\ue000b", "private-use"), (3, "must be text"),
])
def test_plain_text_refuses(value, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        text.plain_text(value, "word", 100, "give a word", "give one word")


def test_plain_text_keeps_newlines_only_when_asked():
    assert text.plain_text(" a\nb ", "text", 10, "-", "-", multiline=True) == "a\nb"
    with pytest.raises(InputError):
        text.plain_text("a\nb", "text", 10, "-", "-")


def test_the_resampler_modes_agree_where_every_point_is_seen():
    rng = np.random.default_rng(0)
    data, conf = rng.normal(size=(9, 4, 3)).astype(np.float32), np.ones((9, 4), np.float32)
    by_fps = frames.resample(data, conf, 10.0, 20.0)  # 17 frames, first and last kept
    by_count = frames.resample_frames(data, conf, 17)
    np.testing.assert_allclose(by_fps[0], by_count[0], atol=1e-6)
    np.testing.assert_array_equal(by_fps[0][::2], data)


def test_the_resampler_drops_or_keeps_points_seen_on_one_side():
    data = np.arange(2, dtype=np.float32).reshape(2, 1, 1) + 1
    conf = np.array([[1.0], [0.0]], np.float32)
    dropped = frames.resample_frames(data, conf, 5, keep_one_sided=False)
    kept = frames.resample_frames(data, conf, 5)
    assert dropped[1][:, 0].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert kept[1][:, 0].tolist() == [1.0, 1.0, 0.0, 0.0, 0.0]  # nearer neighbour: frame 0 up to the midpoint


def _configs():
    from signbridge.knowledge.importers.documents import ChunkConfig
    from signbridge.knowledge.lookup_match import LookupConfig
    from signbridge.knowledge.pose_join import JoinConfig
    from signbridge.models.fsbench import FSBenchConfig
    from signbridge.models.recognizer import RecognizerModelConfig
    from signbridge.models.text2pose import Text2PoseModelConfig
    from signbridge.models.training.plc import PLCConfig
    from signbridge.models.training.recognizer_config import RecognizerConfig
    from signbridge.models.training.slr_config import SLRConfig
    from signbridge.models.training.text2pose_config import Text2PoseConfig
    from signbridge.tools.describe.llm import LLMConfig
    from signbridge.tools.production import ProductionConfig
    from signbridge.tools.render.animation import AnimationConfig

    return [(JoinConfig, {"fps": 0}), (JoinConfig, {"layout": "nope"}), (LookupConfig, {"vector_k": 0}),
            (ChunkConfig, {"chunk_overlap": 500}), (ProductionConfig, {"lookup_k": 0}), (AnimationConfig, {"margin": 1.5}),
            (LLMConfig, {"retries": 0}), (FSBenchConfig, {"min_letters": 9}), (PLCConfig, {"transform": "square"}),
            (RecognizerConfig, {"steps": 0}), (Text2PoseConfig, {"log_every": 0}),
            (RecognizerModelConfig, {"dropout": 2.0}), (Text2PoseModelConfig, {"n_heads": 0}), (SLRConfig, {"loss": "l2"})]


def test_configs_are_valid_or_refused_when_made():
    for cls, bad in _configs():
        cls()  # the defaults are valid
        field = next(iter(bad))
        message = "min_letters must not exceed" if cls.__name__ == "FSBenchConfig" else field
        with pytest.raises(InputError, match=message):
            cls(**bad)


def test_backtranslation_scores_are_written_once():
    scores = backtranslate.scores([("haus", "haus"), ("baum", "raum")])
    assert scores["words"] == 2 and scores["cer"] == pytest.approx(1 / 8) and scores["exact_match"] == 0.5
    assert scores["bleu"] == pytest.approx(backtranslate.scores([("Haus", "haus"), ("Baum", "raum")])["bleu"])
