"""`signbridge train ...`: text-to-pose generators, fingerspelling recognisers, FS-Bench.

    signbridge train text2pose --preset tiny --languages ase,gsg --mode mlsf --loss rl --plc --out runs/fs
    signbridge train recognizer --languages ase,gsg --out runs/fs
    signbridge train evaluate --checkpoint runs/fs --languages ase,gsg
    signbridge train fsbench --languages ase,gsg
    signbridge train slr --preset tiny --lang gsg --descriptions letters.json --out runs/slr
    signbridge train slr-import --format autsl --labels AUTSL/ --poses AUTSL-poses/ --out autsl.jsonl

Heavy imports (torch, accelerate) happen inside the commands.
"""

import dataclasses
from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, settings, train_app
from signbridge.agents.cli.output import console, err_console, print_json

LanguagesOpt = Annotated[str, typer.Option("--languages", "-l", help="Comma-separated sign languages (codes or names), e.g. ase,gsg.")]
OutOpt = Annotated[Optional[Path], typer.Option("--out", help="Checkpoint folder (default <out_dir>/text2pose).")]


def _languages(value: str | None) -> list[str] | None:
    if value is None:
        return None
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.languages import resolve

    codes = [resolve(part.strip()).code for part in value.split(",") if part.strip()]
    if not codes:
        raise InputError("--languages is empty: give codes such as ase,gsg")
    return list(dict.fromkeys(codes))


def _checkpoint_dir(out: Path | None, s) -> Path:
    """--out: a checkpoint folder (the user's own path: anywhere the OS allows)."""
    if out is None:
        return s.out_dir / "text2pose"
    from signbridge.knowledge.errors import InputError

    folder = s.paths.write(out, what="checkpoint folder")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"checkpoint folder '{out}' is a file: give a folder for --out")
    return folder


def _apply_options(cfg, options: dict):
    """Set the options given on the command line on a config (None: not given, the config's value stays)."""
    for key, value in options.items():
        if value is not None:
            setattr(cfg, key, value)
    return cfg


def _report(result, json_output: bool, lines) -> None:
    """A trainer's result: its JSON with --json, else the summary lines (`lines(result)`) for people."""
    if json_output:
        print_json(result.to_json())
        return
    con = console()
    for line in lines(result):
        con.print(line)


def _require_train_extra() -> None:
    from signbridge.knowledge.errors import require

    for module in ("torch", "accelerate", "safetensors", "wordfreq"):
        require(module, "train")



# documented upper bounds, checked by the option parser before any work starts (README: Reliability)
MAX_WORDS = 20_000  # FS-Bench scans the 20,000 most frequent words of a language
MAX_STEPS = 1_000_000
MAX_BATCH = 4096


@train_app.command("text2pose")
def text2pose(
    languages: Annotated[Optional[str], typer.Option("--languages", "-l", help="Comma-separated sign languages, e.g. ase,gsg.")] = None,
    preset: Annotated[Optional[str], typer.Option(help="Model size: tiny (CPU) or base (~40M parameters per group).")] = None,
    mode: Annotated[Optional[str], typer.Option(help="mlsf (one encoder-decoder group per language) or p2lg (Prompt2LangGloss: one shared model).")] = None,
    loss: Annotated[Optional[str], typer.Option(help="mse, or rl (SignLLM's RL loss, reward = -MSE per sample).")] = None,
    plc: Annotated[Optional[bool], typer.Option("--plc/--no-plc", help="Priority Learning Channel (needs --loss rl).")] = None,
    steps: Annotated[Optional[int], typer.Option(min=1, max=MAX_STEPS, help="Optimizer steps per group (MLSF) or in total (P2LG).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(min=1, max=MAX_BATCH, help="Samples per step.")] = None,
    data: Annotated[Optional[str], typer.Option(help="fsbench (default), dgs-animated (the DGS dictionary animated by the rule-based animator: labelled synthetic, --languages gsg), a Prompt2Sign .skels file or a .jsonl manifest (streamed).")] = None,
    words: Annotated[Optional[int], typer.Option(min=1, max=MAX_WORDS, help="FS-Bench words per language.")] = None,
    eval_every: Annotated[Optional[int], typer.Option(min=0, max=MAX_STEPS, help="Dev DTW every N steps (0 = only at the end).")] = None,
    seed: Annotated[Optional[int], typer.Option(min=0, max=2**32 - 1, help="Random seed.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="JSON file with Text2PoseConfig fields; flags override it.")] = None,
    out: OutOpt = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the groups already in --out (optimizer, step, RNG restored).")] = False,
    json_output: JsonOpt = False,
):
    """Train a text-to-pose generator (SignLLM's MLSF or Prompt2LangGloss) on FS-Bench or a real corpus."""
    _require_train_extra()
    from signbridge.models.training.text2pose_config import Text2PoseConfig
    from signbridge.models.training.text2pose_trainer import Text2PoseTrainer

    s = settings()
    cfg = Text2PoseConfig.read(config) if config else Text2PoseConfig()
    overrides = {"languages": _languages(languages), "preset": preset, "mode": mode, "loss": loss, "plc": plc,
                 "steps": steps, "batch_size": batch_size, "data": data, "words_per_language": words,
                 "eval_every": eval_every, "seed": seed}
    overrides = {key: value for key, value in overrides.items() if value is not None}
    if overrides.get("plc", cfg.plc) and loss is None and config is None:
        overrides["loss"] = "rl"  # --plc alone implies the RL loss it needs
    cfg = dataclasses.replace(cfg, **overrides)  # validated again (Text2PoseConfig.__post_init__)
    out_dir = _checkpoint_dir(out, s)
    result = Text2PoseTrainer(cfg, s, out_dir, resume=resume, progress=True).train()
    payload = result.to_json()
    if json_output:
        print_json(payload)
        return
    from rich.table import Table

    table = Table(title=f"text2pose {cfg.mode} ({cfg.preset}, loss {cfg.loss}{' + PLC' if cfg.plc else ''})")
    for column in ("group", "steps", "params", "loss first -> last", "dev DTW (shoulder widths)", "train s"):
        table.add_column(column)
    for name, g in result.groups.items():
        dev = ", ".join(f"{k} {v['dtw']:.3f}" for k, v in g.dev.items()) or "-"
        table.add_row(name, str(g.step), f"{g.parameters:,}", f"{g.loss_first:.4f} -> {g.loss_last:.4f}"
                      if g.loss_first is not None else "-", dev, f"{g.train_seconds:.1f}")
    console().print(table)
    console().print(f"checkpoint: {payload['checkpoint']}")


@train_app.command("recognizer")
def recognizer(
    languages: LanguagesOpt = "ase",
    steps: Annotated[int, typer.Option(min=1, max=MAX_STEPS, help="Optimizer steps per language.")] = 1600,
    words: Annotated[int, typer.Option(min=1, max=MAX_WORDS, help="FS-Bench words per language.")] = 600,
    seed: Annotated[int, typer.Option(min=0, max=2**32 - 1, help="Random seed.")] = 0,
    out: OutOpt = None,
    json_output: JsonOpt = False,
):
    """Train fingerspelling recognisers (pose -> letters, CTC) for back-translation."""
    _require_train_extra()
    from signbridge.models.training.recognizer_config import RecognizerConfig
    from signbridge.models.training.recognizer_trainer import RecognizerTrainer

    s = settings()
    cfg = RecognizerConfig(languages=_languages(languages), steps=steps, words_per_language=words, seed=seed)
    out_dir = _checkpoint_dir(out, s)
    results = RecognizerTrainer(cfg, s, out_dir, progress=True).train()
    if json_output:
        print_json({"checkpoint": str(out_dir), "languages": {r.language: r.__dict__ for r in results}})
        return
    for r in results:
        console().print(f"{r.language}: dev CER {r.dev_cer:.3f}, char BLEU {r.dev_bleu:.1f} on {r.dev_words} "
                        f"ground-truth words ({r.train_seconds:.0f} s) -> {r.checkpoint}")


@train_app.command("evaluate")
def evaluate(
    checkpoint: Annotated[Path, typer.Option("--checkpoint", help="Generator folder (from train text2pose).")],
    languages: Annotated[Optional[str], typer.Option("--languages", "-l", help="Languages (default: all the generator has).")] = None,
    recognizer_dir: Annotated[Optional[Path], typer.Option("--recognizer", help="Recogniser folder (default: --checkpoint if it has one).")] = None,
    split: Annotated[str, typer.Option(help="FS-Bench split: dev or test.")] = "test",
    limit: Annotated[int, typer.Option(min=1, max=MAX_WORDS, help="Words per language.")] = 60,
    words: Annotated[int, typer.Option(min=1, max=MAX_WORDS, help="FS-Bench words per language (must match training).")] = 600,
    json_output: JsonOpt = False,
):
    """Score a generator on FS-Bench: DTW, and back-translation CER/BLEU (generated vs ground truth)."""
    _require_train_extra()
    from signbridge.knowledge.errors import InputError
    from signbridge.models.evaluation import evaluate_checkpoint, mean_pose_baseline
    from signbridge.models.fsbench import FSBenchConfig
    from signbridge.models.generator import read_manifest

    if split not in ("dev", "test"):
        raise InputError("--split must be dev or test")
    manifest = read_manifest(checkpoint)
    if manifest is None:
        raise InputError(f"'{checkpoint}' is not a text-to-pose checkpoint (no generator.json)")
    codes = _languages(languages) or list(manifest["groups"])
    if manifest.get("preset") == "tiny":
        import torch

        torch.set_num_threads(1)  # tiny matrices: one thread is fastest (and far faster on a busy CPU)
    if recognizer_dir is not None and not recognizer_dir.is_dir():
        raise InputError(f"recogniser folder '{recognizer_dir}' does not exist; train one with: "
                         f"signbridge train recognizer --out {recognizer_dir}")
    rec = recognizer_dir or (checkpoint if (checkpoint / "recognizer").is_dir() else None)
    s = settings()
    fs = FSBenchConfig(words_per_language=words)
    scores = evaluate_checkpoint(checkpoint, rec, codes, s, split=split, limit=limit, fsbench_config=fs)
    for code in codes:
        scores[code]["dtw_mean_pose_baseline"] = mean_pose_baseline(code, s, split, limit, fs)
    if json_output:
        print_json({"checkpoint": str(checkpoint), "split": split, "languages": scores})
        return
    from rich.table import Table

    table = Table(title=f"FS-Bench {split}: {checkpoint}")
    for column in ("language", "words", "DTW", "DTW mean-pose", "CER gen", "CER GT", "BLEU gen", "BLEU GT"):
        table.add_column(column)
    for code, r in scores.items():
        fmt = lambda key, spec=".3f": format(r[key], spec) if key in r else "-"  # noqa: E731
        table.add_row(code, str(r["words"]), fmt("dtw"), fmt("dtw_mean_pose_baseline"), fmt("cer_generated"),
                      fmt("cer_ground_truth"), fmt("bleu_generated", ".1f"), fmt("bleu_ground_truth", ".1f"))
    console().print(table)


@train_app.command("fsbench")
def fsbench_cmd(
    languages: LanguagesOpt = "ase",
    words: Annotated[int, typer.Option(min=1, max=MAX_WORDS, help="Words per language.")] = 600,
    json_output: JsonOpt = False,
):
    """Build (and cache) FS-Bench for some languages and show its datasheet."""
    _require_train_extra()
    from signbridge.models import fsbench

    s = settings()
    codes = _languages(languages)
    cfg = fsbench.FSBenchConfig(words_per_language=words)
    rows = {}
    for code in codes:
        counts = {split: len(fsbench.load(code, split, s, cfg, progress=True)) for split in fsbench.SPLITS}
        rows[code] = {**counts, "cache": str(fsbench.cache_dir(s, code, cfg))}
    if json_output:
        print_json({"languages": rows, "note": "targets are compositions of real letter clips, not natural continuous signing"})
        return
    err_console().print("FS-Bench targets are compositions of real letter clips, not natural continuous signing.")
    console().print(fsbench.datasheet(codes, s, cfg))


def _slr_texts(descriptions: Path | None, data: str, lang: str) -> dict:
    """Description texts by label: the --descriptions file, else (letters) the alphabet's SignWriting."""
    from signbridge.models.slr_data import class_texts, read_descriptions

    if descriptions is not None:
        return read_descriptions(descriptions)
    if data == "letters":
        from signbridge.knowledge.errors import InputError
        from signbridge.tools.describe.letters import describe_letters

        try:
            return {d.word: class_texts(d.word, d.to_json()) for d in describe_letters(lang)}
        except InputError:
            return {}  # no SignWriting alphabet: cross-entropy only
    return {}


@train_app.command("slr")
def slr(
    lang: Annotated[str, typer.Option("--lang", help="Sign language (code or name), e.g. gsg.")],
    descriptions: Annotated[Optional[Path], typer.Option("--descriptions", help="label -> texts JSON from `signbridge describe ... --export-slr FILE` (letters: default the alphabet's SignWriting).")] = None,
    data: Annotated[Optional[str], typer.Option(help="letters (real letter clips), dgs (HamNoSys-animated, rule-generated) or a .jsonl manifest from `train slr-import`.")] = None,
    preset: Annotated[str, typer.Option(help="tiny (CPU, minutes) or base (GPU).")] = "tiny",
    loss: Annotated[Optional[str], typer.Option(help="ce, mc (multi-positive contrastive) or both (GSP-MC).")] = None,
    mc_weight: Annotated[Optional[float], typer.Option("--mc-weight", min=0.0, help="Weight of the contrastive term with --loss both.")] = None,
    text_encoder: Annotated[Optional[str], typer.Option("--text-encoder", help="minilm (all-MiniLM-L6-v2, packaged) or lexical.")] = None,
    steps: Annotated[Optional[int], typer.Option(min=1, max=MAX_STEPS, help="Optimizer steps (default: the preset's).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(min=2, max=MAX_BATCH, help="Samples per step.")] = None,
    words: Annotated[Optional[int], typer.Option(min=1, max=MAX_WORDS, help="FS-Bench words per language (letters data).")] = None,
    zero_shot: Annotated[Optional[int], typer.Option("--zero-shot-percent", min=0, max=99, help="Hold out this share of described classes (zero-shot test).")] = None,
    seed: Annotated[Optional[int], typer.Option(min=0, max=2**32 - 1, help="Random seed.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="JSON file with SLRConfig fields; flags override it.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Model folder (default <home>/models/slr/<lang>, where `recognize` finds it).")] = None,
    json_output: JsonOpt = False,
):
    """Train an isolated-sign recogniser (GSP-MC: skeleton encoder + frozen text encoder over descriptions)."""
    _require_train_extra()
    from signbridge.knowledge.languages import resolve
    from signbridge.models.slr_sources import build_dataset
    from signbridge.models.training.slr_config import SLRConfig
    from signbridge.models.training.slr_trainer import SLRTrainer

    s = settings()
    code = resolve(lang).code
    cfg = SLRConfig.read(config) if config else SLRConfig()
    cfg.preset = preset
    cfg.apply_preset()
    _apply_options(cfg, {"language": code, "data": data, "loss": loss, "mc_weight": mc_weight,
                         "text_encoder": text_encoder, "steps": steps, "batch_size": batch_size, "words": words,
                         "zero_shot_percent": zero_shot, "seed": seed})
    cfg.check()
    out_dir = _checkpoint_dir(out, s) if out is not None else s.models_dir / "slr" / code
    texts = _slr_texts(descriptions, cfg.data, code)
    dataset = build_dataset(cfg, s, texts)
    if cfg.loss == "both" and not any(t.texts for t in texts.values()):
        cfg.loss = "ce"  # nothing to contrast with: say so below
        err_console().print("no description texts for these classes: training with cross-entropy only")
    _, result = SLRTrainer(cfg, dataset, out_dir, s, progress=not json_output).train()
    if json_output:
        print_json(result.to_json())
        return
    d = result.data
    console().print(f"SLR {code}: {d['classes']} classes, {d['train']} training / {d['test']} test samples "
                    f"({d['data']}), loss {result.loss}, {result.steps} steps, {result.parameters:,} parameters, "
                    f"{result.train_seconds:.0f} s; loss {result.loss_first:.3f} -> {result.loss_last:.3f}")
    for mode, r in result.test.items():
        console().print(f"test ({mode}): top-1 {r['top1']:.3f}, top-5 {r['top5']:.3f} on {r['n']} samples")
    if result.zero_shot:
        z = result.zero_shot
        console().print(f"zero-shot ({z['classes']} held-out classes, text only): top-1 {z['top1']:.3f} "
                        f"(chance {z['chance_top1']:.3f}) on {z['n']} samples")
    err_console().print(f"data: {d['provenance']}")
    console().print(f"model: {out_dir}")


@train_app.command("slr-import")
def slr_import(
    fmt: Annotated[str, typer.Option("--format", help="wlasl, autsl, slr500 or csv (path,label[,split,signer]).")],
    labels: Annotated[Path, typer.Option("--labels", help="The corpus's label file (WLASL_v0.3.json, AUTSL labels folder, SLR500 dictionary.txt, or a CSV).")],
    out: Annotated[Path, typer.Option("--out", help="Manifest to write (.jsonl), for `train slr --data`.")],
    poses: Annotated[Optional[Path], typer.Option("--poses", help="Folder of pose files extracted from the corpus videos.")] = None,
    json_output: JsonOpt = False,
):
    """Turn a real isolated-sign corpus (as pose files + its labels) into a training manifest."""
    from signbridge.knowledge.errors import InputError
    from signbridge.models.slr_corpora import import_corpus, write_manifest

    s = settings()
    if out.suffix != ".jsonl":
        raise InputError(f"--out '{out}' should end in .jsonl")
    target = s.paths.write(out, what="manifest")  # the user's own path: anywhere the OS allows
    report = import_corpus(fmt, labels, poses)
    path = write_manifest(report, target)
    payload = {"manifest": str(path), "samples": len(report.rows), "classes": report.classes,
               "missing_pose_files": report.missing, "splits": report.counts()}
    if json_output:
        print_json(payload)
        return
    console().print(f"{len(report.rows)} samples, {report.classes} classes ({payload['splits']}) -> {path}")
    if report.missing:
        err_console().print(f"{report.missing} labelled samples had no pose file and were skipped")
