"""`signbridge train slt|grpo|gloss`: LoRA (and GRPO) on a real pretrained language model.

    signbridge train slt --preset tiny --languages ase,gsg --out runs/slt          # RVLF stages 1 + 2
    signbridge train grpo --init runs/slt --out runs/slt-grpo                        # RVLF stage 3
    signbridge train gloss --lang gsg --out runs/gloss                                # AuraLLM-style glosser

torch, transformers, peft and trl are imported inside the commands.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from signbridge.agents.cli.app import JsonOpt, LangOpt, settings, train_app
from signbridge.agents.cli.output import console, print_json
from signbridge.agents.cli.train import _apply_options, _checkpoint_dir, _languages, _report, _require_train_extra

BaseOpt = Annotated[Optional[str], typer.Option("--base-model", help="Causal LM: smollm2 (default), a .gguf file or a Hugging Face model folder.")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Continue from the checkpoint in --out (optimizer, step, RNG restored).")]


def _require_lm_extra() -> None:
    from signbridge.knowledge.errors import require

    _require_train_extra()
    for module in ("transformers", "peft", "trl"):
        require(module, "train")


def _scores(d: dict) -> str:
    return (f"CER {d['cer']:.3f}  BLEU-4 {d['bleu4']:.1f}  ROUGE-L {d['rouge_l']:.1f}  exact {d['exact']:.2f}"
            if d else "-")


@train_app.command("slt")
def slt(
    languages: Annotated[str, typer.Option("--languages", "-l", help="Comma-separated sign languages with FS-Bench alphabets, e.g. ase,gsg.")] = "ase",
    preset: Annotated[str, typer.Option(help="Budget: tiny (CPU minutes) or base (GPU).")] = "tiny",
    encoder_steps: Annotated[Optional[int], typer.Option(min=0, help="Stage 1 (CTC encoder) steps; 0 reuses the encoder in --out.")] = None,
    sft_steps: Annotated[Optional[int], typer.Option(min=1, help="Stage 2 (LoRA SFT) steps.")] = None,
    words: Annotated[Optional[int], typer.Option(min=1, help="FS-Bench words per language.")] = None,
    corpus: Annotated[Optional[Path], typer.Option(help="A JSONL manifest from `signbridge.models.slt_corpora` instead of FS-Bench.")] = None,
    base_model: BaseOpt = None,
    seed: Annotated[Optional[int], typer.Option(help="Random seed.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="JSON file with SLTConfig fields; flags override it.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Model folder (default <home>/models/slt/sft-<languages>, where translate finds it).")] = None,
    resume: ResumeOpt = False,
    json_output: JsonOpt = False,
):
    """Fingerspelling-level SLT: CTC skeleton encoder, projector and SmolLM2 + LoRA (RVLF stages 1-2)."""
    _require_lm_extra()
    from signbridge.models.training.slt_config import SLTConfig, read_json_config
    from signbridge.models.training.slt_trainer import SLTTrainer

    s = settings()
    cfg = read_json_config(SLTConfig, config) if config else SLTConfig(preset=preset).apply_preset()
    _apply_options(cfg, {"languages": _languages(languages), "encoder_steps": encoder_steps, "sft_steps": sft_steps,
                         "words_per_language": words, "corpus": str(corpus) if corpus else None,
                         "base_model": base_model, "seed": seed})
    # default: under the data directory, where `translate` and the agent find it
    out_dir = _checkpoint_dir(out, s) if out else s.models_dir / "slt" / ("sft-" + "-".join(cfg.languages))
    result = SLTTrainer(cfg, s, out_dir, resume=resume, progress=True).train()
    _report(result, json_output, lambda r: [
        f"fingerspelling-level SLT ({', '.join(cfg.languages)}), {r.train_seconds:.0f} s",
        f"stage 1 CTC loss {r.encoder_loss[0]:.3f} -> {r.encoder_loss[1]:.3f}; "
        f"stage 2 SFT loss {r.sft_loss[0]:.3f} -> {r.sft_loss[1]:.3f}",
        f"dev, CTC recogniser: {_scores(r.dev.get('ctc', {}))}",
        f"dev, LoRA SFT:       {_scores(r.dev.get('sft', {}))}",
        f"model: {r.checkpoint}"])


@train_app.command("grpo")
def grpo(
    init: Annotated[Path, typer.Option("--init", help="A finished SFT model folder (from `train slt`).")],
    out: Annotated[Path, typer.Option("--out", help="New model folder for the GRPO result.")],
    steps: Annotated[Optional[int], typer.Option(min=1, help="GRPO steps.")] = None,
    group_size: Annotated[Optional[int], typer.Option(min=2, help="Completions sampled per sign sequence.")] = None,
    kl_coef: Annotated[Optional[float], typer.Option(min=0.0, help="Beta: weight of the KL penalty to the SFT policy.")] = None,
    seed: Annotated[Optional[int], typer.Option(help="Random seed.")] = None,
    resume: ResumeOpt = False,
    json_output: JsonOpt = False,
):
    """RVLF stage 3: GRPO with reward lambda*BLEU-4 + (1-lambda)*ROUGE-L and 1-CER on an SFT SLT model."""
    _require_lm_extra()
    from signbridge.knowledge.errors import InputError
    from signbridge.models.training.grpo_trainer import GRPOTrainer
    from signbridge.models.training.slt_config import GRPOConfig

    s = settings()
    if not init.is_dir():
        raise InputError(f"--init '{init}' is not a folder; train one with: signbridge train slt --out {init}")
    cfg = _apply_options(GRPOConfig(), {"steps": steps, "group_size": group_size, "kl_coef": kl_coef, "seed": seed})
    result = GRPOTrainer(cfg, s, init, _checkpoint_dir(out, s), resume=resume, progress=True).train()
    _report(result, json_output, lambda r: [
        f"GRPO {r.steps} steps ({r.train_seconds:.0f} s): sampled reward {r.train_reward[0]:.3f} -> {r.train_reward[1]:.3f}",
        f"dev reward (greedy) {r.dev_reward_before:.4f} -> {r.dev_reward_after:.4f}",
        f"dev before: {_scores(r.dev_before)}",
        f"dev after:  {_scores(r.dev_after)}",
        f"model: {r.checkpoint}"])


@train_app.command("gloss")
def gloss(
    lang: LangOpt = "gsg",
    out: Annotated[Optional[Path], typer.Option("--out", help="Glosser folder (default <out_dir>/gloss-<lang>).")] = None,
    corpus: Annotated[Optional[Path], typer.Option(help="Parallel corpus: CSV/TSV with text,gloss columns, or PHOENIX-2014T annotation (pipe-separated).")] = None,
    steps: Annotated[Optional[int], typer.Option(min=1, help="Optimizer steps.")] = None,
    base_model: BaseOpt = None,
    seed: Annotated[Optional[int], typer.Option(help="Random seed.")] = None,
    resume: ResumeOpt = False,
    json_output: JsonOpt = False,
):
    """A LoRA glosser with retrieval (AuraLLM): dictionary entries (+ a parallel corpus) -> text-to-gloss model."""
    _require_lm_extra()
    from signbridge.knowledge.errors import InputError
    from signbridge.knowledge.languages import resolve
    from signbridge.models.training.gloss_trainer import GlossTrainConfig, GlossTrainer

    s = settings()
    code = resolve(lang).code
    if corpus is not None and not corpus.is_file():
        raise InputError(f"corpus '{corpus}' is not a file")
    cfg = _apply_options(GlossTrainConfig(language=code), {"corpus": str(corpus) if corpus else None, "steps": steps,
                                                           "base_model": base_model, "seed": seed})
    out_dir = _checkpoint_dir(out, s) if out else s.out_dir / f"gloss-{code}"
    from signbridge.knowledge.store import KnowledgeHandle

    result = GlossTrainer(cfg, s, out_dir, resume=resume, progress=True, kb=KnowledgeHandle(s)).train()
    _report(result, json_output, lambda r: [
        f"LoRA glosser for {code}: {r.examples['train']} training examples, {r.steps} steps "
        f"({r.train_seconds:.0f} s); loss {r.loss[0]:.3f} -> {r.loss[1]:.3f}",
        f"dev gloss accuracy {r.dev_accuracy:.3f} on {r.dev_examples} held-out entries",
        f"model: {r.checkpoint} (use: signbridge produce TEXT --lang {code} --glosser lora:{r.checkpoint})"])


@train_app.command("slt-import")
def slt_import(
    layout: Annotated[str, typer.Option(help="Annotation layout: phoenix, how2sign or csl-daily.")],
    annotation: Annotated[Path, typer.Option(help="The corpus's annotation file (CSV/TSV).")],
    poses: Annotated[Path, typer.Option(help="Folder with one pose file per sample, named by the sample id.")],
    manifest: Annotated[Path, typer.Option(help="JSONL manifest to append to (then: train slt --corpus MANIFEST).")],
    lang: Annotated[Optional[str], typer.Option("--lang", help="Sign language (default: the layout's: gsg, ase, csl).")] = None,
    split: Annotated[Optional[str], typer.Option(help="Split when neither a column nor the file name says (train/dev/test).")] = None,
    json_output: JsonOpt = False,
):
    """Import an SLT corpus (PHOENIX-2014T / How2Sign / CSL-Daily layout: keypoints + annotation) as a manifest."""
    from signbridge.knowledge.languages import resolve
    from signbridge.models.slt_corpora import import_corpus

    code = resolve(lang).code if lang else None
    report = import_corpus(layout, annotation, poses, manifest, code, split)
    if json_output:
        print_json(report.__dict__)
        return
    console().print(f"{report.written} of {report.rows} samples -> {report.manifest} ({report.missing_pose} without a pose "
                    f"file); splits: {report.splits}")
