"""Training: FS-Bench determinism, the text-to-pose smoke run, checkpoints, MLSF isolation, P2LG,
the PLC, streamed corpora, the recogniser and the CLI. Tiny configs, few words: well under a minute."""

import hashlib
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("wordfreq")
torch.set_num_threads(1)

from signbridge.models import fsbench  # noqa: E402
from signbridge.models.training.text2pose_config import Text2PoseConfig  # noqa: E402
from signbridge.models.training.text2pose_trainer import Text2PoseTrainer  # noqa: E402

WORDS = 24  # FS-Bench words per language in these tests
FS = fsbench.FSBenchConfig(words_per_language=WORDS)


def config(**kw) -> Text2PoseConfig:
    base = dict(languages=["ase"], steps=30, batch_size=8, words_per_language=WORDS, eval_words=3,
                warmup_steps=5, save_every=0, lr=3e-3, max_frames=90)
    return Text2PoseConfig(**{**base, **kw})


def train(settings, out, resume=False, **kw):
    return Text2PoseTrainer(config(**kw), settings, out, resume=resume, progress=False, fsbench_config=FS).train()


def weights(folder):
    from safetensors.torch import load_file

    return load_file(str(folder / "model.safetensors"))


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- FS-Bench ------------------------------------------------------------------------------------

def test_fsbench_words_and_split_are_deterministic(settings):
    first = fsbench.select_words("gsg", FS)
    assert first == fsbench.select_words("gsg", FS) and len(first) == WORDS
    assert all(w.isalpha() and 2 <= len(w) <= 8 for w in first)
    splits = [fsbench.split_of("gsg", w, FS) for w in first]
    assert splits == [fsbench.split_of("gsg", w, FS) for w in first]
    assert set(splits) <= set(fsbench.SPLITS) and splits.count("train") > WORDS // 2
    # a word's split does not depend on the list it is in
    assert fsbench.split_of("gsg", first[-1], fsbench.FSBenchConfig(words_per_language=5)) == splits[-1]


def test_fsbench_targets_are_cached_normalised_and_identical_twice(settings):
    a = fsbench.load("ase", "train", settings, FS, progress=False)
    b = fsbench.load("ase", "train", settings, FS, progress=False)
    assert [s.text for s in a] == [s.text for s in b] and a
    for x, y in zip(a, b):
        assert np.array_equal(x.data, y.data) and np.array_equal(x.conf, y.conf)
    s = a[0]
    assert s.data.shape[1:] == (50, 3) and s.conf.shape == s.data.shape[:2]
    # shoulder-centred and shoulder-width scaled: shoulders (2, 5) about one unit apart around 0
    width = np.linalg.norm(s.data[:, 2, :2] - s.data[:, 5, :2], axis=-1)
    assert 0.8 < np.median(width) < 1.2 and np.abs(s.data[:, [2, 5]].mean((0, 1))[:2]).max() < 0.2
    all_words = {x.text for split in fsbench.SPLITS for x in fsbench.load("ase", split, settings, FS, progress=False)}
    assert len(all_words) == WORDS  # splits are disjoint and cover the list
    assert "not natural continuous" in fsbench.__doc__.lower()


# --- text-to-pose training -----------------------------------------------------------------------

def test_smoke_loss_falls_and_every_parameter_changes(settings, tmp_path):
    out = tmp_path / "smoke"
    first = train(settings, out, steps=1)
    before = weights(out / "groups" / "ase")
    result = train(settings, out, resume=True, steps=40)
    after = weights(out / "groups" / "ase")
    group = result.groups["ase"]
    assert first.groups["ase"].loss_first > group.loss_last * 3, (first.groups["ase"].loss_first, group.loss_last)
    unchanged = [name for name in before if torch.equal(before[name], after[name])]
    assert not unchanged, f"parameters that did not change: {unchanged}"
    assert group.step == 40 and group.steps_this_run == 39
    assert np.isfinite(group.dev["ase"]["dtw"]) and group.dev["ase"]["words"] > 0


def test_checkpoint_round_trip_and_interrupted_resume_is_exact(settings, tmp_path, monkeypatch):
    from signbridge.models.generator import Generator, load_group, save_group
    from signbridge.models.generator import load_generator
    from signbridge.models.training import sources

    straight = tmp_path / "straight"
    train(settings, straight, steps=16, loss="rl", plc=True)

    # interrupt the same run after 9 steps (Ctrl-C): it saves, then --resume finishes it
    interrupted = tmp_path / "interrupted"
    original = sources.IndexedSource.next_batch
    calls = {"n": 0}

    def flaky(self):
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt
        return original(self)

    monkeypatch.setattr(sources.IndexedSource, "next_batch", flaky)
    with pytest.raises(KeyboardInterrupt):
        train(settings, interrupted, steps=16, loss="rl", plc=True)
    monkeypatch.setattr(sources.IndexedSource, "next_batch", original)
    state = json.loads((interrupted / "groups/ase/trainer_state.json").read_text())
    assert state["step"] == 9
    resumed = train(settings, interrupted, resume=True, steps=16, loss="rl", plc=True)
    assert resumed.groups["ase"].step == 16 and resumed.groups["ase"].steps_this_run == 7
    a, b = weights(straight / "groups/ase"), weights(interrupted / "groups/ase")
    assert all(torch.equal(a[k], b[k]) for k in a), "resumed run diverged from the uninterrupted one"

    # save -> load -> save -> load gives identical weights and identical generated poses
    group, saved = load_group(straight / "groups/ase")
    copy = tmp_path / "copy"
    save_group(copy / "groups/ase", group.model, group.vocab, "mlsf", saved["train"], {"step": 0})
    (copy / "generator.json").write_text((straight / "generator.json").read_text())
    words = ["hello", "sign"]
    one = load_generator(straight).generate_arrays(words, "ase")
    two = Generator.load(copy).generate_arrays(words, "ase")
    assert all(np.array_equal(x, y) for x, y in zip(one, two)) and all(x.shape[1:] == (50, 3) for x in one)
    pose = load_generator(straight).generate("hi", "ase")
    assert pose.body.fps == 12.5 and pose.body.data.shape[2] == 50


def test_mlsf_adding_and_training_a_language_leaves_other_groups_bit_identical(settings, tmp_path):
    from signbridge.models.generator import read_manifest

    out = tmp_path / "mlsf"
    train(settings, out, steps=5)
    ase = out / "groups/ase"
    snapshot = {p.name: digest(p) for p in ase.iterdir()}
    train(settings, out, languages=["gsg"], steps=5)  # adds a group
    train(settings, out, resume=True, languages=["gsg"], steps=12)  # trains it further
    assert {p.name: digest(p) for p in ase.iterdir()} == snapshot
    assert sorted(read_manifest(out)["groups"]) == ["ase", "gsg"]
    assert json.loads((out / "groups/gsg/trainer_state.json").read_text())["step"] == 12
    with pytest.raises(Exception, match="--resume"):
        train(settings, out, steps=5)  # never silently overwrites a trained group
    with pytest.raises(Exception, match="holds a mlsf checkpoint"):
        train(settings, out, mode="p2lg", languages=["ase", "gsg"], steps=5)


def test_p2lg_one_model_serves_several_languages(settings, tmp_path):
    from signbridge.models.generator import Generator

    out = tmp_path / "p2lg"
    result = train(settings, out, mode="p2lg", languages=["ase", "gsg"], steps=25, batch_size=8)
    assert set(result.groups) == {"shared"} and set(result.groups["shared"].dev) == {"ase", "gsg"}
    generator = Generator.load(out)
    assert generator.languages == ["ase", "gsg"] and generator.group("ase") is generator.group("gsg")
    model = generator.group("ase").model
    assert model.language_embedding is not None and model.language_embedding.num_embeddings == 3
    a = generator.generate_arrays(["hand"], "ase", max_frames=12)[0]
    g = generator.generate_arrays(["hand"], "gsg", max_frames=12)[0]
    n = min(len(a), len(g))
    assert not np.allclose(a[:n], g[:n]), "the language marker should change the output"
    assert generator.group("ase").vocab.marked("hi", "ase") == ["<ase h>", "<ase i>"]
    from signbridge.knowledge.errors import NotConfiguredError

    with pytest.raises(NotConfiguredError):
        generator.generate("hi", "fsl")


def test_plc_probabilities_transforms_and_state():
    from signbridge.models.training.plc import PLCConfig, PriorityLearningChannel

    plc = PriorityLearningChannel(4, PLCConfig(eta=2.0, uniform_mix=0.0), seed=1)
    assert np.allclose(plc.probabilities(), 0.25)  # nothing seen: uniform
    plc.update([0, 1, 2, 3], [-1.0, -2.0, -3.0, -4.0])
    p = plc.probabilities()
    expected = np.array([1.001, 2.001, 3.001, 4.001]) ** 2
    assert np.allclose(p, expected / expected.sum())
    flat = PriorityLearningChannel(4, PLCConfig(eta=0.0, uniform_mix=0.0))
    flat.update([0, 1, 2, 3], [-1.0, -2.0, -3.0, -4.0])
    assert np.allclose(flat.probabilities(), 0.25)
    reward = PriorityLearningChannel(4, PLCConfig(eta=1.0, transform="reward", uniform_mix=0.0))
    reward.update([0, 1, 2, 3], [-1.0, -2.0, -3.0, -4.0])
    assert np.all(np.diff(reward.probabilities()) < 0)  # higher reward, higher priority
    idx, w = plc.sample(64)
    assert np.bincount(idx, minlength=4)[3] > np.bincount(idx, minlength=4)[0]
    clone = PriorityLearningChannel(4, seed=9)
    clone.load_state_dict(json.loads(json.dumps(plc.state_dict())))
    assert np.array_equal(clone.sample(8)[0], plc.sample(8)[0])
    with pytest.raises(Exception, match="needs --loss rl"):
        config(plc=True, loss="mse")


def test_streamed_prompt2sign_corpus_trains_with_the_same_code(settings, tmp_path):
    from signbridge.knowledge.formats.prompt2sign import write_prompt2sign_text
    from signbridge.models.datasets import open_stream
    from signbridge.models.posedata import array_to_pose

    samples = fsbench.load("ase", "train", settings, FS, progress=False)[:6]
    corpus = tmp_path / "train.skels"
    write_prompt2sign_text([array_to_pose(s.data, s.conf) for s in samples], corpus)
    (tmp_path / "train.text").write_text("".join(s.text + "\n" for s in samples), encoding="utf-8")
    streamed = list(open_stream(str(corpus), "ase", fps=12.5))
    assert [s.text for s in streamed] == [s.text for s in samples]
    assert np.allclose(streamed[0].data, samples[0].data, atol=0.02)
    result = train(settings, tmp_path / "stream", data=str(corpus), data_fps=12.5, steps=6, batch_size=4, stream_buffer=5,
                   loss="rl", plc=True)
    assert result.groups["ase"].step == 6 and result.groups["ase"].dev == {}


# --- recogniser, back-translation, CLI -----------------------------------------------------------

def test_recognizer_trains_and_backtranslates(settings, tmp_path):
    from signbridge.models.backtranslate import backtranslate
    from signbridge.models.training.recognizer_config import RecognizerConfig
    from signbridge.models.training.recognizer_trainer import RecognizerTrainer

    out = tmp_path / "ck"
    train(settings, out, steps=3)
    cfg = RecognizerConfig(languages=["ase"], steps=25, batch_size=8, hidden=32, layers=1, eval_words=3)
    (result,) = RecognizerTrainer(cfg, settings, out, progress=False, fsbench_config=FS).train()
    assert result.loss_last < result.loss_first and np.isfinite(result.dev_cer) and result.dev_words > 0
    pairs = backtranslate(["hello", "sign"], "ase", out, out, settings)
    from signbridge.models.recognizer import load_recognizer

    letters = set(load_recognizer(out, "ase").vocab.chars)
    assert [r for r, _ in pairs] == ["hello", "sign"] and all(set(h) <= letters for _, h in pairs)
    from signbridge.knowledge.errors import NotConfiguredError

    with pytest.raises(NotConfiguredError):
        backtranslate(["hallo"], "gsg", out, out, settings)
    from signbridge.models.evaluation import evaluate_checkpoint

    scores = evaluate_checkpoint(out, out, ["ase"], settings, split="dev", limit=2, fsbench_config=FS)["ase"]
    assert scores["words"] == 2 and np.isfinite(scores["dtw"]) and np.isfinite(scores["cer_ground_truth"])
    assert "cer_generated" in scores and "bleu_generated" in scores


def test_cli_train_text2pose_json_and_errors(cli_env, tmp_path):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401  (registers commands)
    from signbridge.agents.cli.app import app

    runner = CliRunner()
    out = tmp_path / "cli"
    args = ["train", "text2pose", "--languages", "ASL", "--steps", "4", "--words", str(WORDS),
            "--out", str(out), "--loss", "rl", "--plc", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    for key in ("checkpoint", "steps", "train_loss_first", "train_loss_last", "dev"):
        assert key in payload
    assert payload["steps"] == 4 and payload["languages"] == ["ase"] and payload["plc"] is True
    assert "dtw" in payload["dev"]["ase"]
    bad = runner.invoke(app, ["train", "text2pose", "--mode", "nope", "--out", str(tmp_path / "x"), "--json"])
    assert bad.exit_code != 0


def test_streamed_signverse_manifest(settings, tmp_path):
    from signbridge.knowledge.formats.signverse import write_signverse_npz
    from signbridge.models.datasets import open_stream
    from signbridge.models.posedata import array_to_pose

    samples = fsbench.load("gsg", "train", settings, FS, progress=False)[:2]
    rows = []
    for n, s in enumerate(samples):
        write_signverse_npz(array_to_pose(s.data, s.conf), tmp_path / f"{n}.npz")
        rows.append(json.dumps({"pose": f"{n}.npz", "text": s.text, "language": "gsg"}))
    (tmp_path / "train.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    streamed = list(open_stream(str(tmp_path / "train.jsonl"), None))
    assert [(s.text, s.language) for s in streamed] == [(s.text, "gsg") for s in samples]
    assert all(x.data.shape[1:] == (50, 3) and x.frames > 0 for x in streamed)
