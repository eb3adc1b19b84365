"""The LoRA glosser with retrieval: data from the DGS dictionary and corpora, grounding, a few training steps
with the real SmolLM2, and `signbridge produce --glosser lora:DIR` (~30 s)."""

import copy
import json

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("peft")


def test_grounding_keeps_exact_matches_similar_and_marks_missing():
    from signbridge.models.glosser import GlossVocabulary, parse_glosses

    vocab = GlossVocabulary({"HAUS": ["Haus"], "GUTEN-MORGEN": ["guten Morgen"], "SCHULE": ["Schule"]}, "de")
    assert vocab.ground("haus").status == "exact"
    matched = vocab.ground("GUTEN MORGEN")
    assert (matched.gloss, matched.status) == ("GUTEN-MORGEN", "exact")
    near = vocab.ground("SCHULEN")
    assert (near.gloss, near.status) == ("SCHULE", "matched") and near.similarity >= 0.75
    assert vocab.ground("ZEBRA").status == "missing"
    assert vocab.retrieve("Häuser", k=1) == ["HAUS"]
    assert parse_glosses("Sure! HAUS <script> schule\n" + "X " * 100) [:3] == ["SURE", "HAUS", "SCRIPT"]
    assert len(parse_glosses("A " * 100)) == 24


def test_dictionary_examples_split_by_gloss_with_verified_inflections(kb):
    from signbridge.models.glosser_data import dictionary_examples

    entries = kb.entries("gsg", kind="sign")
    examples = dictionary_examples(entries, "de", inflections=2)
    kinds = {e.kind for e in examples}
    assert {"word", "inflected", "compound", "multiword"} <= kinds
    by_gloss = {}
    for e in examples:
        by_gloss.setdefault(e.gloss, set()).add(e.split)
    assert all(len(splits) == 1 for splits in by_gloss.values())  # never straddles train and test
    assert sum(e.split == "test" for e in examples) > 100
    haus = {e.text for e in examples if e.gloss == "HAUS"}
    assert "Haus" in haus and haus & {"Häuser", "Hauses", "Hause"}


def test_parallel_corpus_csv_and_phoenix_layout(tmp_path):
    from signbridge.knowledge.errors import InputError
    from signbridge.models.glosser_data import read_parallel_corpus

    phoenix = tmp_path / "PHOENIX-2014-T.train.corpus.csv"
    phoenix.write_text("name|video|start|end|speaker|orth|translation\n"
                       "01April_2010_Thursday_heute-6694|01April_2010_Thursday_heute-6694/1/*.png|-1|-1|Signer04|"
                       "JETZT WETTER MORGEN DONNERSTAG ZWOELF FEBRUAR|und nun die wettervorhersage für morgen donnerstag "
                       "den zwölften august\n", encoding="utf-8")
    rows = read_parallel_corpus(phoenix)
    assert rows[0].gloss.startswith("JETZT WETTER") and rows[0].text.startswith("und nun") and rows[0].kind == "corpus"
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("text,gloss\nIch gehe nach Hause,ICH HAUS GEHEN\n", encoding="utf-8")
    assert read_parallel_corpus(csv_file)[0].gloss == "ICH HAUS GEHEN"
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs columns text and gloss"):
        read_parallel_corpus(bad)


def test_lora_glosser_trains_and_produces(smollm2, kb, home, cli_env, tmp_path):
    from typer.testing import CliRunner

    from signbridge.agents.cli import app
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.settings import Settings
    from signbridge.models.training.gloss_trainer import GlossTrainConfig, GlossTrainer

    torch.set_num_threads(1)
    out = tmp_path / "gloss"
    cfg = GlossTrainConfig(steps=6, batch_size=4, eval_examples=2, save_every=3, lr=2e-3)
    result = GlossTrainer(cfg, Settings(home=home), out, progress=False, lm_bundle=copy.deepcopy(smollm2), kb=kb).train()
    assert result.probe_loss[1] < result.probe_loss[0]  # loss on fixed training examples fell
    assert result.examples["test"] > 100 and result.dev_examples == 2
    config = json.loads((out / "adapter" / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "smollm2" and config["peft_type"] == "LORA"
    from safetensors.torch import load_file

    b = {k: v for k, v in load_file(str(out / "adapter" / "adapter_model.safetensors")).items() if "lora_B" in k}
    assert b and all(float(v.abs().max()) > 0 for v in b.values())

    answer = CliRunner().invoke(app, ["produce", "Haus", "--lang", "gsg", "--glosser", f"lora:{out}", "--json"])
    assert answer.exit_code == 0, answer.output
    data = json.loads(answer.stdout)
    assert data["glosses"] and all(g["backend"].startswith("lora (") for g in data["gloss_tokens"])
    assert any("LoRA glosser" in n for n in data["notes"])
    missing = CliRunner().invoke(app, ["produce", "Haus", "--lang", "gsg", "--glosser", f"lora:{tmp_path / 'nope'}"])
    assert isinstance(missing.exception, InputError) and "does not exist" in str(missing.exception)
