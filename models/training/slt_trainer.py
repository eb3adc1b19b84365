"""RVLF stages 1 and 2 for fingerspelling-level SLT: CTC encoder pre-training, then LoRA SFT.

Stage 1 trains one skeleton encoder for all the run's languages (the CTC fingerspelling recogniser of
models/recognizer.py, over the joint letter set, on words and phrases). Stage 2 freezes it and trains the
projector and LoRA adapters of the language model on cross-entropy of the text.

Stage 2 is a short loop over peft, not trl's SFTTrainer: SFTTrainer tokenises text (or image) datasets
and feeds `input_ids` to the model, while our prompt is a mix of token embeddings and projected pose
vectors (`inputs_embeds`) with a second trainable module (the projector) that the LM does not own.
The loop is the same objective SFTTrainer would use (completion-only cross-entropy), in ~40 lines.

Resumable: every `save_every` steps the adapter, projector and `trainer_state.pt` (optimizer, scheduler,
step, RNG) are written; `resume=True` continues from there. Progress goes to stderr.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from signbridge.knowledge.errors import InputError
from signbridge.models.datasets import Sample
from signbridge.models.training.loop import loop_state, probe_loss, restore_loop, run_steps, warmup_cosine
from signbridge.models.training.losses import ctc_letters_loss
from signbridge.models.training.slt_config import SLTConfig

STATE = "trainer_state.pt"


@dataclass
class SLTResult:
    checkpoint: str
    languages: list[str]
    encoder_steps: int
    sft_steps: int
    encoder_loss: tuple[float, float]  # first and last 10-step means
    sft_loss: tuple[float, float]
    probe_loss: tuple[float, float]  # SFT loss on a fixed batch of training samples before / after stage 2
    dev: dict = field(default_factory=dict)  # {"ctc": scores, "sft": scores}
    train_seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


def score(hypotheses: list[str], references: list[str]) -> dict:
    """CER, BLEU-4 (corpus, words), ROUGE-L and the mean GRPO reward (lambda=0.5) with the shared metrics."""
    from signbridge.models.metrics import bleu, bleu_rouge_reward, cer, rouge_l

    if not references:
        return {}
    return {"cer": round(cer(hypotheses, references), 4), "bleu4": round(bleu(hypotheses, references), 2),
            "rouge_l": round(rouge_l(hypotheses, references), 2), "n": len(references),
            "reward": round(float(np.mean(bleu_rouge_reward(hypotheses, references=references))), 4),
            "exact": round(float(np.mean([h == r for h, r in zip(hypotheses, references)])), 4)}


def load_data(config: SLTConfig, settings, split: str, progress: bool) -> list[Sample]:
    """Samples of a split for all languages: FS-Bench words + phrases, or an imported corpus manifest."""
    if config.corpus:
        from signbridge.models.slt_corpora import read_manifest_split

        return read_manifest_split(Path(config.corpus), split, config.languages)
    from signbridge.models.slt_data import fsbench_slt

    out = []
    for code in config.languages:
        out += fsbench_slt(code, split, settings, config.words_per_language, config.phrases_per_split,
                           config.max_phrase_words, config.pause_frames, progress=progress)
    return out


def _augment_config(config: SLTConfig):
    from signbridge.models.training.recognizer_config import RecognizerConfig

    return RecognizerConfig(noise=config.noise * 1.5, time_stretch=0.2, shift=0.08, scale=0.08)


def train_encoder(config: SLTConfig, train: list[Sample], dev: list[Sample], out: Path, progress: bool):
    """Stage 1: the CTC skeleton encoder over the joint letters of the run's languages -> (group, losses)."""
    from signbridge.knowledge.fingerspelling import alphabet
    from signbridge.models.fsbench import _progress
    from signbridge.models.recognizer import (FingerspellingRecognizer, RecognizerGroup, RecognizerModelConfig,
                                              pad_frames, save_recognizer_group)
    from signbridge.models.training.recognizer_trainer import augment, optimizer_step
    from signbridge.models.vocab import CharVocab

    c, aug = config, _augment_config(config)
    letters = [s.text for s in train]
    for code in c.languages:
        abc = alphabet(code)
        letters += list(abc.clips) if abc else []
    vocab = CharVocab.build(letters + [" "])
    torch.manual_seed(c.seed)
    rng = np.random.default_rng(c.seed)
    model = FingerspellingRecognizer(RecognizerModelConfig(vocab_size=len(vocab), hidden=c.encoder_hidden,
                                                           layers=c.encoder_layers))
    optimizer = torch.optim.AdamW(model.parameters(), lr=c.encoder_lr, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, c.encoder_steps), eta_min=c.encoder_lr * 0.05)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    losses = []
    model.train()
    with _progress(progress, "SLT stage 1: CTC encoder", c.encoder_steps) as advance:
        for _ in range(c.encoder_steps):
            idx = rng.choice(len(train), size=min(4 * c.batch_size, len(train)), replace=False)
            frames, lengths = pad_frames([augment(train[i].data, train[i].conf, aug, rng) for i in idx])
            targets = [torch.tensor(vocab.encode(train[i].text, bos_eos=False)) for i in idx]
            loss = ctc_letters_loss(model, ctc, frames, lengths, targets)
            losses.append(optimizer_step(loss, model, optimizer, scheduler))
            advance()
    group = RecognizerGroup(model.eval(), vocab)
    ctc_dev = score(group.recognize([s.data for s in dev]), [s.text for s in dev]) if dev else {}
    save_recognizer_group(out / "encoder", group, c.to_json(), {"steps": c.encoder_steps, "losses": _ends(losses),
                                                                "dev": ctc_dev})
    return group, losses, ctc_dev


def _ends(losses: list[float]) -> tuple[float, float]:
    """Means of the first and last (up to) 10 values, never overlapping."""
    if not losses:
        return (float("nan"), float("nan"))
    n = max(1, min(10, len(losses) // 2))
    return (float(np.mean(losses[:n])), float(np.mean(losses[-n:])))


def set_threads(n: int) -> None:
    if n and not torch.cuda.is_available():
        torch.set_num_threads(n)


class SLTTrainer:
    """Stages 1 + 2 into `out`. `lm_bundle` = (model, tokenizer, source) to skip loading (tests)."""

    def __init__(self, config: SLTConfig, settings, out: Path, resume: bool = False, progress: bool = True,
                 lm_bundle=None):
        self.config, self.settings, self.out = config, settings, Path(out)
        self.resume, self.progress, self.lm_bundle = resume, progress, lm_bundle

    def train(self) -> SLTResult:
        from signbridge.models.recognizer import load_recognizer_group

        c = self.config
        if not c.languages:
            raise InputError("give at least one language (--languages ase,gsg)")
        set_threads(c.cpu_threads)
        started = time.perf_counter()
        train = load_data(c, self.settings, "train", self.progress)
        dev = self._dev()
        if not train:
            raise InputError("no SLT training samples (empty corpus or word list)")
        self.out.mkdir(parents=True, exist_ok=True)
        have_encoder = (self.out / "encoder" / "model.safetensors").is_file()
        if have_encoder and (self.resume or c.encoder_steps == 0):
            group = load_recognizer_group(self.out / "encoder")
            enc_losses, ctc_dev = [], score(group.recognize([s.data for s in dev]), [s.text for s in dev])
        elif c.encoder_steps == 0:
            raise InputError(f"--encoder-steps 0 needs a stage-1 encoder in '{self.out}/encoder'")
        else:
            group, enc_losses, ctc_dev = train_encoder(c, train, dev, self.out, self.progress)
        model, sft_losses, probe = self._sft(group, train)
        sft_dev = score(model.translate([s.data for s in dev], [s.language for s in dev], c.max_new_tokens),
                        [s.text for s in dev]) if dev else {}
        result = SLTResult(str(self.out), c.languages, c.encoder_steps, c.sft_steps, _ends(enc_losses),
                           _ends(sft_losses), probe, {"ctc": ctc_dev, "sft": sft_dev},
                           round(time.perf_counter() - started, 1))
        self._write_meta(model, complete=True, dev=result.dev)
        return result

    def _dev(self) -> list[Sample]:
        from signbridge.models.slt_data import balanced

        dev = load_data(self.config, self.settings, "dev", self.progress)
        out = []
        for code in self.config.languages:
            out += balanced([s for s in dev if s.language == code], self.config.eval_samples)
        return out

    def _meta(self, model, complete: bool, dev: dict | None = None) -> dict:
        from signbridge.models.slt import FORMAT, NOTE

        source = self._source
        p = model.projector
        return {"format": FORMAT, "note": NOTE, "base_model": self.config.base_model,
                "base_model_source": source.name, "base_model_license": source.license,
                "languages": self.config.languages, "stages": ["sft"], "complete": complete,
                "projector": {"hidden": p.mlp[0].in_features, "vocab_size": p.letters.in_features,
                              "d_model": p.letters.out_features, "pool": p.pool},
                "data": self.config.corpus or "FS-Bench words + phrases (compositions of real letter clips)",
                "config": self.config.to_json(), "dev": dev or {}}

    def _write_meta(self, model, complete: bool, dev: dict | None = None) -> None:
        from signbridge.models.slt import write_meta

        write_meta(self.out, self._meta(model, complete, dev))

    def _sft(self, group, train: list[Sample]):
        from signbridge.models.language_model import load_causal_lm
        from signbridge.models.slt import SignProjector, SLTModel, init_letter_rows, new_lora
        from signbridge.models.training.recognizer_trainer import augment, optimizer_step

        c = self.config
        lm, tokenizer, self._source = self.lm_bundle or load_causal_lm(c.base_model, self.settings.models_dir)
        for p in group.model.parameters():
            p.requires_grad_(False)
        torch.manual_seed(c.seed)
        lm = new_lora(lm, c.lora_r, c.lora_alpha, c.lora_dropout, c.lora_targets)
        embeddings = lm.get_input_embeddings()
        projector = SignProjector(c.encoder_hidden, len(group.vocab), embeddings.weight.shape[1], c.pool)
        init_letter_rows(projector, group.vocab, tokenizer, embeddings)
        model = SLTModel(group.model, group.vocab, projector, lm, tokenizer)
        if torch.cuda.is_available():
            model.to("cuda")
        lora_params = [p for p in lm.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW([{"params": lora_params, "lr": c.lr},
                                       {"params": list(projector.parameters()), "lr": c.projector_lr}], weight_decay=0.0)
        scheduler = warmup_cosine(optimizer, c.warmup_steps, c.sft_steps)
        rng = np.random.default_rng(c.seed + 1)
        aug = _augment_config(c)
        step, losses = 0, []
        probe = [train[int(i)] for i in np.random.default_rng(c.seed + 2).choice(len(train), min(8, len(train)), replace=False)]
        probe_before = self._probe(model, probe)
        if self.resume and (self.out / STATE).is_file():
            step, losses = self._restore(model, optimizer, scheduler, rng)

        def one_step() -> float:
            idx = rng.choice(len(train), size=min(c.batch_size, len(train)), replace=False)
            arrays = [augment(train[i].data, train[i].conf, aug, rng) for i in idx]
            loss = model.sft_loss(arrays, [train[i].language for i in idx], [train[i].text for i in idx])
            return optimizer_step(loss, lora_params + list(projector.parameters()), optimizer, scheduler)

        lm.train()
        run_steps(one_step, step, c.sft_steps, losses, progress=self.progress, label="SLT stage 2: LoRA SFT",
                  save=lambda at: self._save(model, optimizer, scheduler, rng, at, losses), save_every=c.save_every)
        lm.eval()
        projector.eval()
        return model, losses, (probe_before, self._probe(model, probe))

    @staticmethod
    def _probe(model, samples: list[Sample]) -> float:
        """Loss on fixed, un-augmented training samples (eval mode): did stage 2 learn?"""
        return probe_loss(model.lm, lambda: model.sft_loss([s.data for s in samples], [s.language for s in samples],
                                                           [s.text for s in samples]))

    def _save(self, model, optimizer, scheduler, rng, step: int, losses: list[float]) -> None:
        from signbridge.knowledge.atomic import atomic_path
        from signbridge.models.slt import save_adapter, save_projector

        save_adapter(model.lm, self.out / "adapters" / "sft", self.config.base_model)
        save_projector(model.projector, self.out / "projector.safetensors")
        with atomic_path(self.out / STATE) as tmp:
            torch.save(loop_state(step, losses, optimizer, scheduler, rng, torch_rng=torch.get_rng_state()), tmp)
        self._write_meta(model, complete=False)

    def _restore(self, model, optimizer, scheduler, rng) -> tuple[int, list[float]]:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        state = torch.load(self.out / STATE, weights_only=False)
        set_peft_model_state_dict(model.lm, load_file(str(self.out / "adapters" / "sft" / "adapter_model.safetensors")))
        model.projector.load_state_dict(load_file(str(self.out / "projector.safetensors")))
        torch.set_rng_state(state["torch_rng"])
        return restore_loop(state, optimizer, scheduler, rng)
