"""Fingerspelling-level SLT end to end with the real SmolLM2-135M-Instruct: CTC encoder, LoRA SFT, GRPO,
resume, peft adapters, and `signbridge translate --model`. Few steps and few FS-Bench words (~40 s)."""

import copy
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")
pytest.importorskip("trl")

from signbridge.models.training.slt_config import GRPOConfig, SLTConfig  # noqa: E402

WORDS = 24  # FS-Bench words per language, as in tests/test_train.py (shared cache)


def _lora_b(folder):
    from safetensors.torch import load_file

    weights = load_file(str(folder / "adapter_model.safetensors"))
    return {k: v for k, v in weights.items() if "lora_B" in k}


@pytest.fixture(scope="module")
def sft_run(smollm2, home, tmp_path_factory):
    from signbridge.knowledge.settings import Settings
    from signbridge.models.training.slt_trainer import SLTTrainer

    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("slt") / "sft"
    cfg = SLTConfig(languages=["ase"], words_per_language=WORDS, phrases_per_split=12, encoder_steps=40, sft_steps=8,
                    batch_size=4, eval_samples=2, save_every=4, max_new_tokens=6, lr=2e-3)
    result = SLTTrainer(cfg, Settings(home=home), out, progress=False, lm_bundle=copy.deepcopy(smollm2)).train()
    return out, result


def test_sft_learns_and_saves_peft_adapters(sft_run):
    out, result = sft_run
    assert result.encoder_loss[1] < result.encoder_loss[0]  # stage 1 CTC loss fell
    assert result.probe_loss[1] < result.probe_loss[0]  # stage 2: loss on fixed training samples fell
    config = json.loads((out / "adapters" / "sft" / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "smollm2" and config["peft_type"] == "LORA"
    assert set(config["target_modules"]) == {"q_proj", "v_proj"}
    b = _lora_b(out / "adapters" / "sft")
    assert b and all(float(v.abs().max()) > 0 for v in b.values())  # every LoRA B (zero at init) was trained
    meta = json.loads((out / "slt.json").read_text())
    assert meta["complete"] and meta["stages"] == ["sft"] and "fingerspelling-level" in meta["note"]
    assert set(result.dev) == {"ctc", "sft"} and result.dev["sft"]["n"] == 2


def test_phrases_join_held_out_words_with_pauses(home):
    from signbridge.knowledge.settings import Settings
    from signbridge.models.slt_data import fsbench_slt

    train = fsbench_slt("ase", "train", Settings(home=home), WORDS, 6, progress=False)
    test = fsbench_slt("ase", "test", Settings(home=home), WORDS, 6, progress=False)
    train_words = {s.text for s in train if " " not in s.text}
    phrases = [s for s in test if " " in s.text]
    assert phrases and all(not set(p.text.split()) & train_words for p in phrases)
    words = {s.text: s for s in test}
    p = phrases[0]
    parts = [words[w] for w in p.text.split()]
    assert p.frames > sum(w.frames for w in parts)  # pauses between the words
    np.testing.assert_array_equal(p.data[: parts[0].frames], parts[0].data)


def test_grpo_updates_a_new_adapter_resumes_and_translates(sft_run, smollm2, home, cli_env, tmp_path):
    from safetensors.torch import load_file
    from typer.testing import CliRunner

    from signbridge.agents.cli import app
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.settings import Settings
    from signbridge.models.posedata import array_to_pose
    from signbridge.models.training.grpo_trainer import GRPOTrainer
    from signbridge.models.fsbench import FSBenchConfig, load

    sft_dir, _ = sft_run
    out = tmp_path / "grpo"
    settings = Settings(home=home)
    cfg = dict(prompts_per_step=2, group_size=4, max_new_tokens=2, eval_samples=1, save_every=1, lr=1e-3)
    first = GRPOTrainer(GRPOConfig(steps=1, **cfg), settings, sft_dir, out, progress=False,
                        lm_bundle=copy.deepcopy(smollm2)).train()
    assert first.steps == 1
    after_one = load_file(str(out / "adapters" / "grpo" / "adapter_model.safetensors"))
    resumed = GRPOTrainer(GRPOConfig(steps=2, **cfg), settings, sft_dir, out, resume=True, progress=False,
                          lm_bundle=copy.deepcopy(smollm2)).train()
    assert resumed.steps == 2 and resumed.dev_before == first.dev_before  # restored, not re-run
    b = _lora_b(out / "adapters" / "grpo")
    assert b and any(float(v.abs().max()) > 0 for v in b.values())  # the new adapter moved off zero
    after_two = load_file(str(out / "adapters" / "grpo" / "adapter_model.safetensors"))
    assert any(not torch.equal(after_one[k], after_two[k]) for k in after_two)  # the resumed step trained
    meta = json.loads((out / "slt.json").read_text())
    assert meta["stages"] == ["sft", "grpo"] and meta["grpo"]["group_size"] == 4
    assert json.loads((out / "adapters" / "grpo" / "adapter_config.json").read_text())["peft_type"] == "LORA"

    word = load("ase", "test", settings, FSBenchConfig(words_per_language=WORDS), limit=1, progress=False)[0]
    pose_path = tmp_path / "word.pose"
    with open(pose_path, "wb") as f:
        array_to_pose(word.data, word.conf).write(f)
    result = CliRunner().invoke(app, ["translate", str(pose_path), "--lang", "ase", "--model", str(out), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["ok"] and isinstance(answer["text"], str) and answer["model"] == str(out)
    assert "fingerspelling-level SLT" in answer["message"] and "GRPO" in answer["message"]

    # the agent's translate tool finds a finished model under <home>/models/slt/ by itself
    import shutil

    from signbridge.tools import recognition

    installed = settings.models_dir / "slt" / "test-ase-grpo"
    shutil.copytree(out, installed)
    try:
        found = recognition.translate(pose_path, "ase", settings)
        assert found.ok and found.model == str(installed) and found.text == answer["text"]
    finally:
        shutil.rmtree(installed)

    bad = CliRunner().invoke(app, ["translate", str(pose_path), "--lang", "ase", "--model", str(tmp_path)])
    assert isinstance(bad.exception, InputError) and "is not a signbridge-fingerspelling-slt folder" in str(bad.exception)


def test_grpo_reward_and_loss():
    from signbridge.models.training.grpo_trainer import grpo_loss, reward

    cfg = GRPOConfig(bleu_weight=0.5, cer_weight=0.5, kl_coef=0.1)
    r = reward(["guten abend", "guten", "xyz"], ["guten abend"] * 3, cfg)
    assert r[0] == 1.0 and r[0] > r[1] > r[2]
    logps = torch.zeros(2, 3, requires_grad=True)
    loss, kl = grpo_loss(logps, logps.detach(), torch.zeros(2, 3), torch.tensor([1.0, -1.0]), torch.ones(2, 3), cfg)
    loss.backward()
    assert kl == 0.0 and logps.grad[0].sum() < 0 < logps.grad[1].sum()  # raise the better completion's log-probs


def test_corpus_importers_phoenix_and_how2sign(home, tmp_path):
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.settings import Settings
    from signbridge.models.fsbench import FSBenchConfig, load
    from signbridge.models.posedata import array_to_pose
    from signbridge.models.slt_corpora import import_corpus, read_manifest_split

    word = load("ase", "train", Settings(home=home), FSBenchConfig(words_per_language=WORDS), limit=1, progress=False)[0]
    poses = tmp_path / "poses"
    (poses / "dev").mkdir(parents=True)
    for path in (poses / "dev" / "01April_2010_Thursday_heute-6694.pose", poses / "g01.pose"):
        with open(path, "wb") as f:
            array_to_pose(word.data, word.conf).write(f)
    phoenix = tmp_path / "PHOENIX-2014-T.dev.corpus.csv"
    phoenix.write_text("name|video|start|end|speaker|orth|translation\n"
                       "01April_2010_Thursday_heute-6694|x/1/*.png|-1|-1|Signer04|JETZT WETTER|und nun das wetter\n"
                       "absent|x|-1|-1|Signer01|REGEN|regen\n", encoding="utf-8")
    manifest = tmp_path / "corpus.jsonl"
    report = import_corpus("phoenix", phoenix, poses, manifest)
    assert (report.written, report.missing_pose, report.splits) == (1, 1, {"dev": 1})
    how2sign = tmp_path / "how2sign_realigned_train.csv"
    how2sign.write_text("VIDEO_ID\tVIDEO_NAME\tSENTENCE_ID\tSENTENCE_NAME\tSTART_REALIGNED\tEND_REALIGNED\tSENTENCE\n"
                        "g0\tg0-1\tg0_1\tg01\t0.0\t1.5\tHi there.\n", encoding="utf-8")
    assert import_corpus("how2sign", how2sign, poses, manifest).splits == {"train": 1}
    dev = read_manifest_split(manifest, "dev", ["gsg"])
    assert [s.text for s in dev] == ["und nun das wetter"] and dev[0].frames == word.frames
    assert [s.text for s in read_manifest_split(manifest, "train", ["ase"])] == ["Hi there."]
    row = [json.loads(line) for line in manifest.read_text().splitlines()][0]
    assert row["gloss"] == "JETZT WETTER" and row["language"] == "gsg"
    with pytest.raises(InputError, match="not in the how2sign layout"):
        import_corpus("how2sign", phoenix, poses, manifest)
