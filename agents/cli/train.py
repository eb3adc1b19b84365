"""`signbridge train ...`: text-to-pose generators, fingerspelling recognisers, FS-Bench.

    signbridge train text2pose --preset tiny --languages ase,gsg --mode mlsf --loss rl --plc --out runs/fs
    signbridge train recognizer --languages ase,gsg --out runs/fs
    signbridge train evaluate --checkpoint runs/fs --languages ase,gsg
    signbridge train fsbench --languages ase,gsg

Heavy imports (torch, accelerate) happen inside the commands.
"""

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
    """--out: a checkpoint folder inside the working dir, the output dir or the data dir."""
    if out is None:
        return s.out_dir / "text2pose"
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.paths import confine

    folder = confine(out, [Path.cwd(), Path(s.out_dir), Path(s.home)], what="checkpoint folder")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"checkpoint folder '{out}' is a file: give a folder for --out")
    return folder


def _require_train_extra() -> None:
    from signbridge.knowledge.errors import require

    for module in ("torch", "accelerate", "safetensors", "wordfreq"):
        require(module, "train")


@train_app.command("text2pose")
def text2pose(
    languages: Annotated[Optional[str], typer.Option("--languages", "-l", help="Comma-separated sign languages, e.g. ase,gsg.")] = None,
    preset: Annotated[Optional[str], typer.Option(help="Model size: tiny (CPU) or base (~40M parameters per group).")] = None,
    mode: Annotated[Optional[str], typer.Option(help="mlsf (one encoder-decoder group per language) or p2lg (Prompt2LangGloss: one shared model).")] = None,
    loss: Annotated[Optional[str], typer.Option(help="mse, or rl (SignLLM's RL loss, reward = -MSE per sample).")] = None,
    plc: Annotated[Optional[bool], typer.Option("--plc/--no-plc", help="Priority Learning Channel (needs --loss rl).")] = None,
    steps: Annotated[Optional[int], typer.Option(min=1, help="Optimizer steps per group (MLSF) or in total (P2LG).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(min=1, help="Samples per step.")] = None,
    data: Annotated[Optional[str], typer.Option(help="fsbench (default), a Prompt2Sign .skels file or a .jsonl manifest (streamed).")] = None,
    words: Annotated[Optional[int], typer.Option(min=1, help="FS-Bench words per language.")] = None,
    eval_every: Annotated[Optional[int], typer.Option(min=0, help="Dev DTW every N steps (0 = only at the end).")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Random seed.")] = None,
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
    for key, value in overrides.items():
        if value is not None:
            setattr(cfg, key, value)
    if cfg.plc and loss is None and config is None:
        cfg.loss = "rl"  # --plc alone implies the RL loss it needs
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
    steps: Annotated[int, typer.Option(min=1, help="Optimizer steps per language.")] = 1600,
    words: Annotated[int, typer.Option(min=1, help="FS-Bench words per language.")] = 600,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
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
    limit: Annotated[int, typer.Option(min=1, help="Words per language.")] = 60,
    words: Annotated[int, typer.Option(min=1, help="FS-Bench words per language (must match training).")] = 600,
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
    words: Annotated[int, typer.Option(min=1, help="Words per language.")] = 600,
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
