"""signbridge.models.metrics against known values: sacrebleu's own test numbers, hand-computed CER/WER/ROUGE-L,
and DTW against an independent straightforward implementation."""

import doctest
import math
import subprocess
import sys

import numpy as np
import pytest

from signbridge.models import metrics

# sacrebleu's README example (also its test_bleu.py: 48.530827 with the default 13a tokenizer)
SYS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
REF_STREAMS = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
]
REFS_PER_HYP = [list(refs) for refs in zip(*REF_STREAMS)]  # our layout: the references of each hypothesis


def test_doctests_run():
    from signbridge.models.metrics import poses, ranking, rewards, text

    results = [doctest.testmod(module) for module in (text, poses, ranking, rewards)]
    assert sum(r.attempted for r in results) >= 25 and sum(r.failed for r in results) == 0


def test_metrics_import_nothing_else_of_ours():
    """Trainers import the metrics as rewards: that must not pull in other signbridge code or heavy libraries."""
    code = ("import sys, signbridge.models.metrics; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('signbridge','torch','pydantic','matplotlib') and not m.startswith('signbridge.models.metrics')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(["signbridge", "signbridge.knowledge", "signbridge.knowledge.errors",
                                      "signbridge.knowledge.text", "signbridge.models"]), out.stderr


@pytest.mark.parametrize("tokenize, expected", [("13a", 48.530827), ("none", 49.1919566), ("intl", 43.91623493)])
def test_bleu_matches_sacrebleu_reference_numbers(tokenize, expected):
    assert metrics.bleu(SYS, REFS_PER_HYP, tokenize=tokenize) == pytest.approx(expected, abs=1e-6)


def test_bleu_1_to_4_by_hand():
    # sacrebleu's README: 82.4/50.0/45.5/37.5 (BP = 0.943, hyp_len = 17, ref_len = 18)
    p = [14 / 17, 7 / 14, 5 / 11, 3 / 8]
    bp = math.exp(1 - 18 / 17)
    scores = metrics.bleu_1_to_4(SYS, REFS_PER_HYP)
    for n in range(1, 5):
        by_hand = 100 * bp * math.exp(sum(math.log(x) for x in p[:n]) / n)
        assert scores[f"bleu{n}"] == pytest.approx(by_hand, abs=1e-6)
    assert scores["bleu4"] == pytest.approx(48.530827, abs=1e-6)


def test_bleu_empty_hypotheses_score_zero():
    assert metrics.bleu(["", "", ""], REFS_PER_HYP) == 0.0


def test_chrf_matches_sacrebleu_reference_numbers():
    # sacrebleu test_chrf.py: corpus chrF with beta=3, eps smoothing; sentence chrF (beta=2, eps smoothing)
    hyp = " Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "
    ref = "Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."
    assert metrics.chrf([hyp], [ref], beta=3, eps_smoothing=True) == pytest.approx(64.1302698, abs=1e-4)
    hyp = "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře."
    ref = "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře."
    assert metrics.chrf([hyp], [ref], eps_smoothing=True) == pytest.approx(39.14078509, abs=1e-4)


def test_sentence_bleu_short_sentences():
    assert metrics.sentence_bleu("guten abend", "guten abend") == pytest.approx(100.0)
    assert metrics.sentence_bleu("hallo", "guten abend") == 0.0


def test_rouge_l_by_hand():
    # LCS("a b c d", "a c d e f") = "a c d": P = 3/4, R = 3/5, F = 2PR / (P + R)
    p, r = 3 / 4, 3 / 5
    assert metrics.rouge_l(["a b c d"], ["a c d e f"]) == pytest.approx(100 * 2 * p * r / (p + r))
    # several references: the best one counts
    assert metrics.rouge_l_sentence("a b", ["x y", "a b"]) == pytest.approx(100.0)


def test_rouge_l_keeps_non_ascii_words():
    # rouge-score's default tokenizer drops everything outside [a-z0-9]; ours must not
    assert metrics.rouge_l(["größer als"], ["kleiner als"]) == pytest.approx(50.0)
    assert metrics.rouge_l(["你好世界"], ["你好"]) == pytest.approx(100 * 2 * (2 / 4) * 1 / (2 / 4 + 1))
    assert metrics.rouge_l(["привет мир"], ["привет"]) == pytest.approx(100 * 2 * 0.5 * 1 / 1.5)


def test_cer_wer_by_hand():
    assert metrics.cer(["kitten"], ["sitting"]) == pytest.approx(3 / 7)  # k->s, e->i, +g
    assert metrics.cer(["ab", "xyz"], ["ab", "abc"]) == pytest.approx(3 / 5)  # pooled over the corpus
    assert metrics.wer(["the cat sat"], ["the cat sat down"]) == pytest.approx(1 / 4)
    assert metrics.wer(["a x c"], ["a b c"]) == pytest.approx(1 / 3)
    assert metrics.cer(["toolongword"], ["ab"]) > 1  # CER is not capped
    with pytest.raises(ValueError):
        metrics.cer(["a"], [""])
    with pytest.raises(ValueError):
        metrics.cer(["a", "b"], ["a"])


def _dtw_reference(a, b, conf_a=None, conf_b=None):
    """Independent O(n*m) DTW-MJE with plain loops (same definition, same tie order)."""
    n, m, joints = len(a), len(b), a.shape[1]
    cost = [[None] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            dists = []
            for k in range(joints):
                if conf_a is not None and conf_a[i][k] <= 0:
                    continue
                if conf_b is not None and conf_b[j][k] <= 0:
                    continue
                dists.append(math.sqrt(sum((float(a[i][k][d]) - float(b[j][k][d])) ** 2 for d in range(a.shape[2]))))
            cost[i][j] = sum(dists) / len(dists) if dists else None
    known = [c for row in cost for c in row if c is not None]
    fill = sum(known) / len(known)
    inf = float("inf")
    acc = [[inf] * (m + 1) for _ in range(n + 1)]
    length = [[0] * (m + 1) for _ in range(n + 1)]
    acc[0][0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [(acc[i - 1][j - 1], length[i - 1][j - 1]), (acc[i - 1][j], length[i - 1][j]), (acc[i][j - 1], length[i][j - 1])]
            best = min(range(3), key=lambda t: options[t][0])  # first minimum wins
            c = cost[i - 1][j - 1]
            acc[i][j] = (fill if c is None else c) + options[best][0]
            length[i][j] = options[best][1] + 1
    return acc[n][m] / length[n][m]


@pytest.mark.parametrize("seed, n, m", [(0, 7, 11), (1, 12, 5), (2, 1, 6), (3, 9, 9)])
def test_dtw_matches_independent_implementation(seed, n, m):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, 5, 3))  # (frames, joints, dims)
    b = rng.normal(size=(m, 5, 3))
    assert metrics.dtw_mje(a, b) == pytest.approx(_dtw_reference(a, b), rel=1e-9)
    conf_a = (rng.random((n, 5)) > 0.3).astype(float)  # (frames, joints)
    conf_b = (rng.random((m, 5)) > 0.3).astype(float)
    if n > 1:
        conf_a[0, :] = 0  # one frame with nothing visible: its pairs cost the mean
    assert metrics.dtw_mje(a, b, conf_a, conf_b) == pytest.approx(_dtw_reference(a, b, conf_a, conf_b), rel=1e-9)


def test_dtw_properties():
    rng = np.random.default_rng(7)
    a = np.cumsum(rng.normal(size=(10, 4, 2)), axis=0)
    assert metrics.dtw_mje(a, a) == 0.0
    assert metrics.dtw_mje(a, np.repeat(a, 3, axis=0)) == pytest.approx(0.0)  # slower signing is not an error
    shift = np.array([3.0, 4.0])
    assert metrics.dtw_mje(a, a + shift) == pytest.approx(5.0)  # every joint off by |(3, 4)| = 5
    b = rng.normal(size=(6, 4, 2))
    assert metrics.dtw_mje(a, b) == pytest.approx(metrics.dtw_mje(b, a))
    # a joint with zero confidence does not count, whatever garbage it holds
    noisy = a.copy()
    noisy[:, 0] = 1e6
    conf = np.ones((10, 4))
    conf[:, 0] = 0
    assert metrics.dtw_mje(a, noisy, conf, conf) == pytest.approx(0.0)
    nan = a.copy()
    nan[2, 1] = np.nan
    assert metrics.dtw_mje(a, nan) == pytest.approx(0.0)  # non-finite coordinates are masked too
    assert math.isnan(metrics.dtw_mje(a, a, np.zeros((10, 4)), conf))  # nothing comparable
    with pytest.raises(ValueError):
        metrics.dtw_mje(a, rng.normal(size=(5, 3, 2)))


def test_dtw_poses_duck_typed():
    class Body:
        def __init__(self, data):
            self.data = np.ma.masked_array(data)
            self.confidence = np.ones(data.shape[:-1])

    class Pose:
        def __init__(self, data):
            self.body = Body(data)

    data = np.random.default_rng(1).normal(size=(8, 1, 6, 3))  # (frames, people, points, dims)
    assert metrics.dtw_mje_poses(Pose(data), Pose(data + [1.0, 0, 0])) == pytest.approx(1.0)


def test_top_k_and_retrieval():
    scores = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])  # (samples, classes)
    labels = [1, 1, 0]
    assert metrics.top1_accuracy(scores, labels) == pytest.approx(1 / 3)
    assert metrics.top_k_accuracy(scores, labels, k=2) == pytest.approx(2 / 3)
    assert metrics.top5_accuracy(scores, labels) == 1.0
    assert metrics.top1_accuracy([["A", "B"], ["C"]], ["A", "B"]) == 0.5
    assert metrics.recall_at_k([["A", "B", "C"]], [{"C", "D"}], k=2) == 0.0
    assert metrics.recall_at_k([["A", "B", "C"]], [{"C", "D"}], k=3) == 0.5
    assert metrics.reciprocal_rank(["A", "B"], "B") == 0.5
    assert metrics.reciprocal_rank(["A", "B"], "Z") == 0.0


def test_latency_percentiles_match_numpy():
    values = list(np.random.default_rng(3).exponential(100, size=101))
    summary = metrics.latency_percentiles(values)
    assert summary["n"] == 101
    assert summary["p50"] == pytest.approx(np.median(values))
    assert summary["p95"] == pytest.approx(np.percentile(values, 95))
    assert metrics.latency_percentiles([]) == {"n": 0}


@pytest.mark.parametrize("name", sorted(metrics.REWARDS))
def test_rewards_follow_the_trl_signature(name):
    reward = metrics.get_reward(name)
    if name == "dtw":
        x = np.zeros((4, 3, 2))
        completions, references = [x, x + 2.0], [x, x]
    else:
        completions, references = ["guten abend", "xyz qqq"], ["guten abend", "guten abend"]
    out = reward(completions, references=references, prompts=["p1", "p2"], completion_ids=[[1], [2]])
    assert isinstance(out, list) and len(out) == 2 and all(isinstance(v, float) for v in out)
    assert out[0] == pytest.approx(1.0) and 0.0 <= out[1] < out[0]
    with pytest.raises(ValueError):
        reward(completions)  # no references


def test_rewards_accept_conversational_completions():
    chat = [[{"role": "assistant", "content": "guten abend"}]]
    assert metrics.REWARDS["bleu"](chat, references=["guten abend"]) == [pytest.approx(1.0)]
    assert metrics.REWARDS["cer"](chat, references=[["guten abend", "hallo"]]) == [1.0]


def test_unknown_reward():
    with pytest.raises(ValueError, match="known:"):
        metrics.get_reward("nope")


def test_variable_number_of_references():
    # one hypothesis with two references, one with a single reference string
    hyps = ["the cat sat", "a dog ran fast"]
    refs = [["a cat sat", "the cat sat"], "a dog ran fast"]
    assert metrics.bleu(hyps, refs) == pytest.approx(100.0)
    assert metrics.chrf(hyps, refs) == pytest.approx(100.0)
    assert metrics.rouge_l(hyps, refs) == pytest.approx(100.0)
    assert metrics.exact_match(hyps, refs) == 1.0
    with pytest.raises(ValueError):
        metrics.bleu(["a"], [[]])
