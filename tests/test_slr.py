"""Isolated sign recognition (GSP-MC): the multi-positive loss by hand, the split, training, corpus
importers, and the CLI end to end (describe --letters -> train slr -> recognize) on real letter clips."""

import json
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("wordfreq")
torch.set_num_threads(1)

from signbridge.models.training.slr_loss import class_positives, multi_positive_contrastive  # noqa: E402

WORDS = 40  # FS-Bench words in these tests (the split still puts a few in test)


# --- the loss -----------------------------------------------------------------------------------

def test_multi_positive_term_matches_a_hand_computed_batch():
    # two skeletons (classes A, B), three texts: t0 and t2 describe A, t1 describes B; tau = 1
    f = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    t = torch.tensor([[2.0, 0.0], [0.0, 3.0], [1.0, 0.0]])  # norms differ: the loss uses cosines
    pos = torch.tensor([[True, False, True], [False, True, False]])
    e = math.e
    # skeleton -> text: row A target (.5, 0, .5) vs softmax(1, 0, 1); row B target one-hot vs softmax(0, 1, 0)
    s2t = (math.log((2 * e + 1) / (2 * e)) + math.log((e + 2) / e)) / 2
    # text -> skeleton: every column has one positive skeleton, logits (1, 0) -> -log(e / (e + 1))
    t2s = math.log((e + 1) / e)
    expected = (s2t + t2s) / 2
    got = float(multi_positive_contrastive(f, t, pos, temperature=1.0))
    assert got == pytest.approx(expected, abs=1e-6)
    # a temperature sharpens: the same batch at tau 0.1 has a much lower loss
    assert float(multi_positive_contrastive(f, t, pos, temperature=0.1)) < got / 10


def test_one_positive_each_is_clip_infonce_and_shared_texts_are_never_negatives():
    g = torch.Generator().manual_seed(0)
    f, t = torch.randn(4, 8, generator=g), torch.randn(4, 8, generator=g)
    logits = torch.nn.functional.normalize(f, dim=-1) @ torch.nn.functional.normalize(t, dim=-1).T / 0.5
    clip = (torch.nn.functional.cross_entropy(logits, torch.arange(4))
            + torch.nn.functional.cross_entropy(logits.T, torch.arange(4))) / 2
    assert float(multi_positive_contrastive(f, t, torch.eye(4, dtype=torch.bool), 0.5)) == pytest.approx(float(clip), abs=1e-5)
    # a text describing two classes (same SignWriting) is a positive for both skeletons
    text_classes = torch.tensor([[True, True], [False, True]])  # (N texts, K classes)
    positives = class_positives(torch.tensor([0, 1, 1]), text_classes)  # (B=3, N=2)
    assert positives.tolist() == [[True, False], [True, True], [True, True]]


# --- data and split -------------------------------------------------------------------------------

def test_letter_split_never_puts_a_clip_or_a_word_in_both_train_and_test(settings):
    from signbridge.models.slr_data import ClassTexts, letter_dataset, segment_samples

    train_seg = segment_samples("gsg", "train", settings, WORDS)
    test_seg = segment_samples("gsg", "test", settings, WORDS)
    assert train_seg and test_seg
    words = lambda samples: {s.id.split(":")[2] for s in samples}  # noqa: E731
    assert not words(train_seg) & words(test_seg)
    texts = {c: ClassTexts(c, [("global", f"letter {c}")], True) for c in "abcdefghijklmnopqrstuvwxyz"}
    d = letter_dataset("gsg", settings, texts, zero_shot_percent=30, words=WORDS)
    train_ids, test_ids = {s.id for s in d.train}, {s.id for s in d.test + d.zero_shot_test}
    assert not train_ids & test_ids
    assert all(i.startswith("segment:") for i in test_ids)  # never an isolated training clip
    assert {s.text for s in d.train} == set(d.classes)
    assert d.zero_shot and not set(d.zero_shot) & {s.text for s in d.train}  # held-out: no training pose
    assert {s.text for s in d.zero_shot_test} <= set(d.zero_shot)
    # a cut letter is a real piece of a composition: normalised common layout, a few frames
    s = test_seg[0]
    assert s.data.shape[1:] == (50, 3) and 3 <= s.frames <= 40 and s.conf.max() > 0


def test_training_lowers_the_loss_changes_every_parameter_and_scores_zero_shot(settings, tmp_path):
    from signbridge.models.slr import load_predictor
    from signbridge.models.slr_data import ClassTexts, letter_dataset
    from signbridge.models.training.slr_config import SLRConfig
    from signbridge.models.training.slr_trainer import SLRTrainer
    from signbridge.models.text_encoder import TextEncoder

    texts = {c: ClassTexts(c, [("global", f"the letter {c}"), ("right_hand", f"right hand shape {c * 3}"),
                               ("left_hand", f"left hand {c}{c}"), ("face", f"face {c}")], True)
             for c in "abcdefghijklmnopqrstuvwxyz"}  # every part has texts, so every projection trains
    d = letter_dataset("gsg", settings, texts, train_segments=False, zero_shot_percent=20, words=WORDS)
    cfg = SLRConfig(language="gsg", hidden=16, layers=1, steps=25, batch_size=16, lr=1e-2, text_encoder="lexical")
    torch.manual_seed(0)
    from signbridge.models.slr import SLRModel, SLRModelConfig

    before = SLRModel(SLRModelConfig(num_classes=len(d.classes), hidden=16, layers=1, text_dim=512)).state_dict()
    predictor, result = SLRTrainer(cfg, d, tmp_path / "m", settings, progress=False,
                                   encoder=TextEncoder("lexical")).train()
    assert result.loss_last < result.loss_first
    after = predictor.model.state_dict()
    unchanged = [k for k in before if k in after and torch.equal(before[k], after[k]) and k != "prototypes"]
    assert not unchanged, unchanged
    assert set(result.test) == {"ce", "text"} and result.zero_shot["classes"] == len(d.zero_shot)
    loaded = load_predictor(tmp_path / "m")
    assert loaded.labels == predictor.labels and loaded.trained == len(d.classes)
    s = d.test[0]
    assert [p.label for p in loaded.top_k(s.data, s.conf, k=3)] == [p.label for p in predictor.top_k(s.data, s.conf, k=3)]
    zs = loaded.top_k(s.data, s.conf, k=len(loaded.labels), mode="text")  # text mode scores held-out classes too
    assert {p.label for p in zs} == set(loaded.labels)


def test_dgs_signs_animated_from_hamnosys_are_labelled_rule_generated(settings):
    from signbridge.models.slr_data import ClassTexts
    from signbridge.models.slr_dgs import dgs_dataset, dgs_entries_by_key

    by_gloss, _ = dgs_entries_by_key()
    glosses = sorted(by_gloss)[:3]
    texts = {g: ClassTexts(g, [("global", f"the sign {g}")], True, gloss=g) for g in glosses}
    d = dgs_dataset("gsg", settings, texts, train_renditions=1, test_renditions=1)
    assert "rule-generated" in d.provenance and set(d.classes) <= set(glosses) and len(d.classes) >= 2
    assert not {s.id for s in d.train} & {s.id for s in d.test}
    a = next(s for s in d.train if s.text == d.classes[0])
    b = next(s for s in d.test if s.text == d.classes[0])
    assert a.data.shape[1:] == (50, 3) and a.frames > 5  # same notation, other timing: not the same pose
    assert a.frames != b.frames or not np.allclose(a.data, b.data)
    again = dgs_dataset("gsg", settings, texts, train_renditions=1, test_renditions=1)  # from the cache
    assert [s.id for s in again.train] == [s.id for s in d.train]


# --- corpus importers -----------------------------------------------------------------------------

def _pose_file(path, letter="a"):
    from signbridge.knowledge.fingerspelling import alphabet

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(alphabet("gsg").clips[letter].path.read_bytes())
    return path


def test_importers_read_wlasl_autsl_slr500_and_csv_layouts(tmp_path):
    from signbridge.knowledge.errors import InputError
    from signbridge.models.slr_corpora import import_corpus, read_manifest, write_manifest
    from signbridge.models.slr_data import manifest_dataset
    from signbridge.models.slr_data import ClassTexts

    poses = tmp_path / "poses"
    for name, letter in (("101", "a"), ("102", "b"), ("103", "a")):
        _pose_file(poses / f"{name}.pose", letter)
    wlasl = tmp_path / "WLASL_v0.3.json"
    wlasl.write_text(json.dumps([
        {"gloss": "book", "instances": [{"video_id": "101", "split": "train", "signer_id": 1},
                                        {"video_id": "103", "split": "test", "signer_id": 2},
                                        {"video_id": "999", "split": "train", "signer_id": 3}]},
        {"gloss": "drink", "instances": [{"video_id": "102", "split": "train", "signer_id": 1}]}]))
    report = import_corpus("wlasl", wlasl, poses)
    assert (len(report.rows), report.missing, report.classes) == (3, 1, 2)
    manifest = write_manifest(report, tmp_path / "wlasl.jsonl")
    assert [r.label for r in read_manifest(manifest)] == ["book", "book", "drink"]
    d = manifest_dataset(manifest, "ase", {"book": ClassTexts("book", [("global", "a book")], True)})
    assert d.classes == ["book", "drink"] and len(d.train) == 2 and [s.text for s in d.test] == ["book"]

    autsl = tmp_path / "autsl"
    autsl.mkdir()
    _pose_file(poses / "signer0_sample1_color.pose")
    (autsl / "train_labels.csv").write_text("signer0_sample1,0\nsigner0_sample2,1\n")
    (autsl / "SignList_ClassId_TR_EN.csv").write_text("ClassId,TR,EN\n0,abla,sister\n1,acele,hurry\n")
    report = import_corpus("autsl", autsl, poses)
    assert [(r.label, r.split, r.signer) for r in report.rows] == [("sister", "train", "signer0")] and report.missing == 1

    slr500 = tmp_path / "slr500"
    _pose_file(slr500 / "000000" / "P01_01_00_0_color.pose")
    _pose_file(slr500 / "000001" / "P40_01_00_0_color.pose")
    (tmp_path / "dictionary.txt").write_text("000000\t你\n000001\t好\n", encoding="utf-8")
    rows = import_corpus("slr500", tmp_path / "dictionary.txt", slr500).rows
    assert [(r.label, r.split) for r in rows] == [("你", "train"), ("好", "test")]  # signers 36-50 are test

    (tmp_path / "labels.csv").write_text("path,label,split\nposes/101.pose,book,train\n")
    assert import_corpus("csv", tmp_path / "labels.csv", None).rows[0].label == "book"
    with pytest.raises(InputError):
        import_corpus("autsl", tmp_path / "nothing", poses)


# --- the CLI end to end -----------------------------------------------------------------------------

def test_cli_describe_letters_train_recognize_and_agent_hook(cli_env, tmp_path, settings):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401  (registers commands)
    from signbridge.agents.cli.app import app
    from signbridge.knowledge.formats import write_poses
    from signbridge.knowledge.settings import Settings
    from signbridge.models.posedata import array_to_pose
    from signbridge.models.slr_data import segment_samples

    runner = CliRunner()
    r = runner.invoke(app, ["describe", "--letters", "--lang", "gsg", "--out", "letters.jsonl", "--export-slr", "letters.json"])
    assert r.exit_code == 0, r.output
    exported = json.loads((tmp_path / "letters.json").read_text(encoding="utf-8"))
    assert exported["b"]["grounded"] and "SignWriting" in exported["b"]["parts"]["right_hand"]

    home = Settings.from_env()
    model = home.models_dir / "slr" / "gsg"  # where `recognize` and the agent look by default
    r = runner.invoke(app, ["train", "slr", "--preset", "tiny", "--lang", "gsg", "--descriptions", "letters.json",
                            "--steps", "3", "--words", str(WORDS), "--out", str(model), "--json"])
    assert r.exit_code == 0, r.output
    payload = json.loads(r.stdout)
    assert payload["loss"] == "both" and set(payload["test"]) == {"ce", "text"}
    assert payload["data"]["described"] >= 20 and "real" in payload["data"]["provenance"]

    sample = segment_samples("gsg", "test", settings, WORDS)[0]
    write_poses(array_to_pose(sample.data, sample.conf), tmp_path / "sign.pose")
    r = runner.invoke(app, ["recognize", "sign.pose", "--lang", "gsg", "--model", str(model), "--top-k", "3"])
    assert r.exit_code == 0, r.output
    ranked = [line.split() for line in r.stdout.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(ranked) == 3 and all(0 <= float(row[-1]) <= 1 for row in ranked)
    r = runner.invoke(app, ["recognize", "sign.pose", "--lang", "gsg", "--json"])  # found under the data dir
    result = json.loads(r.stdout)
    assert result["ok"] and len(result["candidates"]) == 5 and result["text"] == result["candidates"][0]["gloss"]
    scores = [c["score"] for c in result["candidates"]]
    assert scores == sorted(scores, reverse=True) and sum(scores) <= 1.0 + 1e-6

    from signbridge.tools.agent_tools import ToolContext, VideoArgs, recognize_sign

    out = recognize_sign(VideoArgs(path="sign.pose", language="gsg"), ToolContext(settings=home, cwd=tmp_path))
    assert out.ok and out.data["candidates"][0]["gloss"] == result["text"]

    (tmp_path / "sign.mp4").write_bytes(b"\x00" * 64)  # a video: the model needs its poses first
    video = json.loads(runner.invoke(app, ["recognize", "sign.mp4", "--lang", "gsg", "--json"]).stdout)
    assert not video["ok"] and ".pose" in video["message"]

    from signbridge.knowledge.errors import InputError  # main() turns it into one line and exit 2

    bad = runner.invoke(app, ["recognize", "sign.pose", "--lang", "gsg", "--model", "missing"])
    assert isinstance(bad.exception, InputError) and "does not exist" in str(bad.exception)
    bad = runner.invoke(app, ["train", "slr", "--lang", "gsg", "--descriptions", "nope.json"])
    assert isinstance(bad.exception, InputError) and "not found" in str(bad.exception)
