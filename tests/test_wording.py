"""Answers say what happened per token (signed, SignWriting only, fingerspelled, missing) and never contradict it."""

import json

from typer.testing import CliRunner

import signbridge.agents.cli  # noqa: F401  (registers every command)
from signbridge.agents.cli.app import app
from signbridge.agents.service import ask
from signbridge.tools import coverage_text
from signbridge.tools.types import Coverage

runner = CliRunner()


def test_every_kind_has_words_and_first_match_wins():
    items = [Coverage("Haus", "HAUS", "lexicon", entry_id="e"), Coverage("Anna", "ANNA", "fingerspelling"),
             Coverage("Dankeschön", "DANKE", "missing", entry_id="d", signwriting="M500x500S10000490x490"),
             Coverage("x", "X", "generated", provenance="checkpoint runs/t2p"),
             Coverage("y", "Y", "generated", provenance="animated from HamNoSys (rule-based)"),
             Coverage("ж", "Ж", "missing")]
    assert [coverage_text.kind_of(c).name for c in items] == [
        "signed", "fingerspelled", "signwriting", "generated", "hamnosys", "missing"]
    assert coverage_text.kind_of(items[2].to_json()).name == "signwriting"  # dicts read like objects
    assert items[0].to_json()["outcome"] == "signed"
    line = coverage_text.per_kind(items)
    assert "1 shown as SignWriting only (Dankeschön as DANKE)" in line and "1 missing (ж)" in line


def test_all_fingerspelled_is_not_called_signed(settings):
    result = ask("how do I sign 'thank you' in ASL?", settings, backend="offline")
    first = result.answer.splitlines()[0]
    assert first.startswith('Fingerspelled "thank you"') and "Signed" not in result.answer
    assert "a ASL" not in result.answer and "No ASL dictionary is installed" in result.answer


def test_dictionary_sign_without_pose_is_animated_not_signed_and_missing(settings):
    result = ask("Wie gebärdet man Danke in DGS?", settings, backend="offline")
    assert "Animated from SignWriting (rule-based, approximate)" in result.answer  # DANKE has no HamNoSys
    assert "Signed" not in result.answer and "missing (Danke)" not in result.answer


def test_installed_dictionary_is_not_offered_again(settings):
    result = ask("how do I sign 'thank you' in DGS?", settings, backend="offline")
    assert "To add" not in result.answer
    assert "installed DGS dictionary" in result.answer and "has no entry for this text" in result.answer


def test_batch_counts_items_that_wrote_nothing_apart(cli_env, tmp_path):
    texts = tmp_path / "texts.txt"
    texts.write_text("Anna\nДом\n", encoding="utf-8")  # Cyrillic: no sign and no letters in DGS
    result = runner.invoke(app, ["produce", "--batch", str(texts), "--lang", "gsg", "--out", "b", "--json"])
    summary = json.loads(result.stdout)
    assert (summary["produced"], summary["empty"]) == (1, 1)
    human = runner.invoke(app, ["produce", "--batch", str(texts), "--lang", "gsg", "--out", "c"])
    assert "1 produced, 1 with nothing to show" in human.stdout
    rows = [json.loads(r) for r in (tmp_path / "b" / "manifest.jsonl").read_text().splitlines()]
    assert [r["outcome"] for r in rows] == ["produced", "empty"]


def test_produce_headline_at_80_columns(cli_env, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["produce", "danke Anna", "--lang", "gsg"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # rich wraps at 80 columns
    assert "1 animated from SignWriting (rule-based, approximate) (danke)" in text and "1 fingerspelled (Anna)" in text


def test_eval_details_are_cut_between_words():
    from signbridge.agents.cli.evals_cmd import details

    hint = "no SLR model is installed; " * 9 + "train one: `signbridge train recognizer --languages ase`"
    short = details(hint, 250)
    assert len(short) <= 250 and short.endswith(" …") and not short[:-2].endswith("--langua")
    assert all(word in hint.split() for word in short[:-2].split())
