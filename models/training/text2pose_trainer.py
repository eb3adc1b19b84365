"""Train text-to-pose generators (SignLLM's MLSF and Prompt2LangGloss) with MSE or RL loss + PLC.

MLSF trains one group per language, one after another, each with its own optimizer, data and
checkpoint folder: training `gsg` never opens `ase`'s files. P2LG trains one shared group on all
languages at once, every token carrying its language marker.

The loop runs through `accelerate.Accelerator`, so the same code uses 1 CPU or N GPUs:

    accelerate launch -m signbridge.agents.cli train text2pose --preset base --languages ase --out runs/ase
    torchrun --nproc_per_node 4 -m signbridge.agents.cli train text2pose ...

(each process draws its own batches from a seed offset by its rank; gradients are averaged by
DDP; only the main process writes checkpoints.) Checkpoints hold the optimizer, scheduler, RNG
and PLC state, so `--resume` continues exactly where an interrupted run stopped.
"""

import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from signbridge.models.datasets import Sample
from signbridge.models.evaluation import mean_dtw
from signbridge.models.generator import Group, group_dir, load_group, save_group, write_manifest
from signbridge.models.text2pose import Text2Pose, Text2PoseModelConfig, count_parameters
from signbridge.models.training.losses import text2pose_loss
from signbridge.models.training.text2pose_config import Text2PoseConfig
from signbridge.models.vocab import CharVocab


@dataclass
class GroupResult:
    languages: list[str]
    checkpoint: str
    step: int  # optimizer steps done in total (including resumed ones)
    steps_this_run: int
    parameters: int
    loss_first: float | None  # mean training loss of this run's first 10 steps
    loss_last: float | None  # mean training loss of this run's last 10 steps
    dev: dict[str, dict]  # language -> {"dtw": float, "words": int}
    evals: list[dict] = field(default_factory=list)  # [{"step", "train_seconds", "dtw"}] during training
    train_seconds: float = 0.0  # optimizer-step time (evaluation excluded)
    reached_target_seconds: float | None = None  # train_seconds when dev DTW first met the target


@dataclass
class TrainResult:
    checkpoint: str
    config: Text2PoseConfig
    groups: dict[str, GroupResult]

    def to_json(self) -> dict:
        groups = list(self.groups.values())
        firsts = [g.loss_first for g in groups if g.loss_first is not None]
        lasts = [g.loss_last for g in groups if g.loss_last is not None]
        dev = {code: value for g in groups for code, value in g.dev.items()}
        return {
            "checkpoint": self.checkpoint, "mode": self.config.mode, "preset": self.config.preset,
            "loss": self.config.loss, "plc": self.config.plc, "languages": self.config.languages,
            "steps": sum(g.steps_this_run for g in groups),
            "train_loss_first": float(np.mean(firsts)) if firsts else None,
            "train_loss_last": float(np.mean(lasts)) if lasts else None,
            "dev": dev,
            "dev_dtw_mean": float(np.nanmean([d["dtw"] for d in dev.values()])) if dev else None,
            "train_seconds": round(sum(g.train_seconds for g in groups), 2),
            "groups": {name: g.__dict__ for name, g in self.groups.items()},
        }


def learned_points(samples: list[Sample], min_share: float = 0.05) -> list[bool]:
    """Per common-layout point: visible in at least `min_share` of the training frames."""
    import numpy as np

    conf = np.concatenate([s.conf for s in samples])  # (frames, 50)
    return [bool(v) for v in ((conf > 0).mean(0) >= min_share)]


def lr_lambda(config: Text2PoseConfig):
    """Linear warm-up, then cosine decay to `min_lr_ratio` (SignLLM: "LR gets smaller over time")."""
    def f(step: int) -> float:
        if step < config.warmup_steps:
            return (step + 1) / max(1, config.warmup_steps)
        progress = min(1.0, (step - config.warmup_steps) / max(1, config.steps - config.warmup_steps))
        return config.min_lr_ratio + (1 - config.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress))
    return f


class Text2PoseTrainer:
    def __init__(self, config: Text2PoseConfig, settings, out: Path, resume: bool = False,
                 progress: bool = True, fsbench_config=None):
        self.config = config
        self.settings, self.out, self.resume, self.progress = settings, Path(out), resume, progress
        self.fsbench_config = fsbench_config

    # --- data ---
    def _fsbench(self, language: str, split: str, limit: int | None = None) -> list[Sample]:
        from signbridge.models import fsbench

        cfg = self.fsbench_config or fsbench.FSBenchConfig(words_per_language=self.config.words_per_language)
        samples = fsbench.load(language, split, self.settings, cfg, limit=None, progress=self.progress)
        samples = [s for s in samples if 0 < s.frames <= self.config.max_frames]
        return samples[:limit] if limit is not None else samples

    def _animated(self, language: str, split: str, limit: int | None = None) -> list[Sample]:
        """The DGS dictionary animated by the rule-based animator (labelled synthetic): word -> pose.

        Every 20th animatable entry is dev, the rest train; `words_per_language` caps the train split.
        """
        from signbridge.knowledge.animation import iter_animations
        from signbridge.knowledge.errors import InputError
        from signbridge.models.posedata import pose_to_array

        if language != "gsg":
            raise InputError(f"--data dgs-animated is the DGS dictionary: train it with --languages gsg, not {language}")
        cap = limit if split == "dev" else self.config.words_per_language
        out: list[Sample] = []
        for k, item in enumerate(iter_animations()):
            if (k % 20 == 0) != (split == "dev") or not item.entry.words:
                continue
            array = pose_to_array(item.animation.pose)
            if 0 < len(array.data) <= self.config.max_frames:
                out.append(Sample(item.entry.words[0], language, array.data, array.conf, id=item.entry.id))
            if cap is not None and len(out) >= cap:
                break
        return out

    def _vocab(self, languages: list[str], samples: list[Sample]) -> CharVocab:
        from signbridge.knowledge.fingerspelling import alphabet

        texts = [s.text for s in samples]
        for code in languages:  # the whole alphabet, so rare letters are never <unk>
            abc = alphabet(code)
            if abc is not None:
                texts += list(abc.clips)
        return CharVocab.build(texts, languages if self.config.mode == "p2lg" else [])

    def _source(self, languages, vocab, mark, accelerator, train_samples):
        from signbridge.models.training.sources import IndexedSource, StreamSource

        c = self.config
        plc = c.plc_config() if c.plc else None
        seed = c.seed + accelerator.process_index * 1009
        if c.data in ("fsbench", "dgs-animated"):
            return IndexedSource(train_samples, c.batch_size, vocab, mark, plc, seed, c.input_noise)
        from signbridge.models.datasets import open_stream

        stream = open_stream(c.data, languages[0] if len(languages) == 1 else None, c.max_frames, fps=c.data_fps)
        return StreamSource(stream, c.batch_size, vocab, mark, plc, seed, c.stream_buffer, c.input_noise, c.max_frames)

    # --- training ---
    def train(self) -> TrainResult:
        c = self.config
        from signbridge.knowledge.errors import InputError
        from signbridge.models.generator import read_manifest

        existing = read_manifest(self.out)
        if existing is not None and existing["mode"] != c.mode:
            raise InputError(f"'{self.out}' holds a {existing['mode']} checkpoint; train {c.mode} into another --out folder")
        threads = c.cpu_threads or (1 if c.preset == "tiny" else 0)
        if threads and not torch.cuda.is_available():
            torch.set_num_threads(threads)
        results: dict[str, GroupResult] = {}
        if c.mode == "mlsf":
            for code in c.languages:
                results[code] = self._train_group([code], group_dir(self.out, "mlsf", code))
        else:
            results["shared"] = self._train_group(list(c.languages), group_dir(self.out, "p2lg", ""))
        return TrainResult(str(self.out), c, results)

    def _train_group(self, languages: list[str], folder: Path) -> GroupResult:
        from accelerate import Accelerator

        from signbridge.knowledge.errors import InputError
        from signbridge.models.checkpoints import recover_folder

        c = self.config
        mark = c.mode == "p2lg"
        accelerator = Accelerator(cpu=not torch.cuda.is_available())
        recover_folder(folder)  # a save killed half-way: keep the whole old or whole new checkpoint
        exists = (folder / "model.safetensors").exists()
        if exists and not self.resume:
            raise InputError(f"'{folder}' already holds a trained group; pass --resume to continue it or choose another --out")

        train_samples: list[Sample] = []
        dev: dict[str, list[Sample]] = {}
        if c.data in ("fsbench", "dgs-animated"):
            load = self._fsbench if c.data == "fsbench" else self._animated
            for code in languages:
                train_samples += load(code, "train")
                dev[code] = load(code, "dev", limit=c.eval_words)

        state: dict = {"step": 0, "history": [], "evals": [], "train_seconds": 0.0}
        resume_state = None
        if exists:
            group, saved = load_group(folder)
            model, vocab = group.model, group.vocab
            if mark and sorted(vocab.languages) != sorted(languages):
                raise InputError(f"the P2LG checkpoint was trained for {','.join(vocab.languages)}; resume with the same --languages")
            import json

            state = json.loads((folder / "trainer_state.json").read_text(encoding="utf-8"))
            if (folder / "trainer_state.pt").exists():
                resume_state = torch.load(folder / "trainer_state.pt", weights_only=False)
        else:
            torch.manual_seed(c.seed)
            vocab = self._vocab(languages, train_samples + [s for v in dev.values() for s in v])
            extra = {} if c.pose_dropout is None else {"pose_dropout": c.pose_dropout}
            model_config = Text2PoseModelConfig.from_preset(
                c.preset, vocab_size=len(vocab), n_languages=vocab.n_languages if mark else 1, **extra)
            model = Text2Pose(model_config)
        model.train()

        optimizer = torch.optim.AdamW(model.parameters(), lr=c.peak_lr, weight_decay=c.weight_decay)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda(c))
        source = self._source(languages, vocab, mark, accelerator, train_samples)
        # points the training data shows (e.g. no left hand in one-handed letters): generation draws only these
        learned = learned_points(train_samples) if train_samples else None
        if resume_state is not None:
            optimizer.load_state_dict(resume_state["optimizer"])
            scheduler.load_state_dict(resume_state["scheduler"])
            source.load_state_dict(resume_state["source"])
            torch.set_rng_state(resume_state["torch_rng"])
        model, optimizer = accelerator.prepare(model, optimizer)
        raw_model = accelerator.unwrap_model(model)

        start_step = int(state["step"])
        run_losses: list[float] = []
        train_seconds = float(state.get("train_seconds", 0.0))
        reached = state.get("reached_target_seconds")

        def evaluate() -> dict[str, dict]:
            group = Group(raw_model, vocab, mark)
            return {code: {"dtw": mean_dtw(group, samples, code, c.max_frames), "words": len(samples)}
                    for code, samples in dev.items()}

        def save() -> None:
            if not accelerator.is_main_process:
                return
            resume = {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                      "source": source.state_dict(), "torch_rng": torch.get_rng_state()}
            state.update(step=step, train_seconds=train_seconds, reached_target_seconds=reached)
            save_group(folder, raw_model, vocab, c.mode, {**c.to_json(), "learned_points": learned}, state, resume)
            write_manifest(self.out, c.mode, c.preset, languages)

        step = start_step
        label = "+".join(languages)
        with _Bar(self.progress and accelerator.is_main_process, f"{c.mode} {label}", c.steps, start_step) as bar:
            try:
                while step < c.steps:
                    t0 = time.perf_counter()
                    batch, weights = source.next_batch()
                    batch = batch.to(accelerator.device)
                    poses, counters = model(batch.tokens, batch.languages, batch.frames_in, batch.frame_mask.eq(0))
                    loss, sample_mse = text2pose_loss(
                        c.loss, poses, batch.target, batch.mask, counters, batch.counter_target, batch.frame_mask,
                        counter_weight=c.counter_weight,
                        sample_weights=weights.to(accelerator.device) if weights is not None else None)
                    optimizer.zero_grad(set_to_none=True)
                    accelerator.backward(loss)
                    if c.grad_clip > 0:
                        accelerator.clip_grad_norm_(model.parameters(), c.grad_clip)
                    optimizer.step()
                    scheduler.step()
                    # RL view: reward r_i = -MSE_i of each sample, fed to the PLC
                    source.report(batch.indices, (-sample_mse).cpu().tolist())
                    train_seconds += time.perf_counter() - t0
                    step += 1
                    value = float(loss.detach())
                    run_losses.append(value)
                    if step % c.log_every == 0 or step == start_step + 1:
                        state["history"].append([step, value])
                    bar.update(step, value)
                    if c.eval_every and step % c.eval_every == 0 and step < c.steps:
                        scores = evaluate()
                        mean = float(np.nanmean([v["dtw"] for v in scores.values()])) if scores else float("nan")
                        state["evals"].append({"step": step, "train_seconds": round(train_seconds, 3), "dtw": mean})
                        if c.target_dev_dtw is not None and reached is None and mean <= c.target_dev_dtw:
                            reached = train_seconds
                            break
                    if c.save_every and step % c.save_every == 0 and step < c.steps:
                        save()
            except KeyboardInterrupt:
                save()  # nothing lost: --resume continues from here
                raise

        scores = evaluate() if dev else {}
        if scores:
            mean = float(np.nanmean([v["dtw"] for v in scores.values()]))
            state["evals"].append({"step": step, "train_seconds": round(train_seconds, 3), "dtw": mean})
            if c.target_dev_dtw is not None and reached is None and mean <= c.target_dev_dtw:
                reached = train_seconds
        state["dev"] = scores
        save()
        head, tail = run_losses[:10], run_losses[-10:]
        return GroupResult(
            languages=languages, checkpoint=str(folder), step=step, steps_this_run=step - start_step,
            parameters=count_parameters(raw_model),
            loss_first=float(np.mean(head)) if head else None, loss_last=float(np.mean(tail)) if tail else None,
            dev=scores, evals=list(state["evals"]), train_seconds=round(train_seconds, 3),
            reached_target_seconds=reached,
        )


class _Bar:
    """Training progress with the current loss, reported to knowledge/progress.py; silent when disabled."""

    def __init__(self, progress, label: str, total: int, done: int):
        from signbridge.knowledge.progress import tracker

        self.bar, self.label, self.total, self.done = tracker(progress), label, total, done

    def __enter__(self):
        self.bar.__enter__()
        self._task = self.bar.add_task(self.label, total=self.total, completed=self.done)
        return self

    def update(self, step: int, loss: float) -> None:
        self.bar.update(self._task, completed=step, description=f"{self.label} (loss {loss:.4f})")

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)
        return False
