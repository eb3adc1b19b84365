"""Train the LoRA glosser (models/glosser.py) on dictionary entries and an optional parallel corpus.

Every example's prompt carries the candidates the retriever finds for its text (as at inference), so the
model learns to pick and order vocabulary glosses, and to write a gloss when none fits. Loss:
cross-entropy on the answer tokens only. A short loop over peft (the same objective as trl's SFTTrainer
with completion-only loss) keeps one training style with the SLT stages and its resumable state.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from signbridge.knowledge.atomic import atomic_path, atomic_write_text
from signbridge.knowledge.errors import InputError
from signbridge.models.training.loop import loop_state, probe_loss, restore_loop, run_steps, warmup_cosine
from signbridge.models.training.recognizer_trainer import optimizer_step

STATE = "trainer_state.pt"


@dataclass
class GlossTrainConfig:
    language: str = field(default="gsg", metadata={"help": "sign language whose knowledge-base entries are the vocabulary"})
    corpus: str = field(default="", metadata={"help": "optional parallel corpus: CSV/TSV (text, gloss) or PHOENIX-2014T annotation"})
    base_model: str = field(default="smollm2", metadata={"help": "causal LM: smollm2, a .gguf file or a HF model folder"})
    steps: int = field(default=150, metadata={"help": "optimizer steps"})
    batch_size: int = field(default=8, metadata={"help": "examples per step"})
    lr: float = field(default=1e-3, metadata={"help": "LoRA learning rate"})
    lora_r: int = field(default=8, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA alpha"})
    lora_targets: list[str] = field(default_factory=lambda: ["q_proj", "v_proj"], metadata={"help": "modules with LoRA"})
    candidates: int = field(default=8, metadata={"help": "retrieved candidate glosses in the prompt"})
    inflections: int = field(default=2, metadata={"help": "inflected forms per dictionary word (simplemma)"})
    match_threshold: float = field(default=0.75, metadata={"help": "cosine needed to map an unknown output gloss to a vocabulary gloss"})
    eval_examples: int = field(default=60, metadata={"help": "held-out dev examples scored after training"})
    save_every: int = field(default=50, metadata={"help": "checkpoint every N steps (0 = only at the end)"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    cpu_threads: int = field(default=1, metadata={"help": "torch CPU threads (0 = torch's default)"})


@dataclass
class GlossTrainResult:
    checkpoint: str
    steps: int
    examples: dict
    loss: tuple[float, float]
    probe_loss: tuple[float, float]
    dev_accuracy: float
    dev_examples: int
    train_seconds: float

    def to_json(self) -> dict:
        return asdict(self)


def examples_for(config: GlossTrainConfig, kb):
    """(examples, vocabulary, spoken code): dictionary pairs (+ corpus pairs) and the grounding vocabulary."""
    from signbridge.knowledge.languages import resolve
    from signbridge.models.glosser import GlossVocabulary
    from signbridge.models.glosser_data import dictionary_examples, read_parallel_corpus

    language = resolve(config.language)
    entries = kb.entries(language.code, kind="sign")
    corpus = read_parallel_corpus(Path(config.corpus)) if config.corpus else []
    if not entries and not corpus:
        raise InputError(f"no dictionary entries for {language.name} in the knowledge base and no --corpus: "
                         "nothing to train a glosser on")
    spoken = language.spoken_language
    examples = dictionary_examples(entries, spoken, config.inflections) + corpus
    corpus_glosses = sorted({g for ex in corpus for g in ex.gloss.split()})
    return examples, GlossVocabulary.from_entries(entries, spoken, corpus_glosses), spoken, corpus_glosses


def accuracy(predicted: list[str], gold: list[str]) -> float:
    from signbridge.models.glosser import normalise_gloss

    if not gold:
        return float("nan")
    return float(np.mean([normalise_gloss(p) == normalise_gloss(g) for p, g in zip(predicted, gold)]))


class GlossTrainer:
    def __init__(self, config: GlossTrainConfig, settings, out: Path, resume: bool = False, progress: bool = True,
                 lm_bundle=None, *, kb):
        """`kb`: the knowledge base (or a `KnowledgeHandle`, opened when training starts) whose entries ground
        the vocabulary."""
        self.config, self.settings, self.out = config, settings, Path(out)
        self.resume, self.progress, self.lm_bundle, self.kb = resume, progress, lm_bundle, kb

    def _batch(self, tokenizer, prompts: list[str], answers: list[str]):
        end = "<|im_end|>"
        ids, labels = [], []
        for p, a in zip(prompts, answers):
            pi = tokenizer.encode(p, add_special_tokens=False)
            ai = tokenizer.encode(a + end, add_special_tokens=False)
            ids.append(pi + ai)
            labels.append([-100] * len(pi) + ai)
        L = max(len(x) for x in ids)
        pad = tokenizer.pad_token_id
        input_ids = torch.tensor([x + [pad] * (L - len(x)) for x in ids])  # (B, L)
        mask = torch.tensor([[1] * len(x) + [0] * (L - len(x)) for x in ids])
        lab = torch.tensor([x + [-100] * (L - len(x)) for x in labels])
        return input_ids, mask, lab

    def train(self) -> GlossTrainResult:
        from signbridge.knowledge.languages import resolve
        from signbridge.models.glosser import FORMAT, LoraGlosser, prompt
        from signbridge.models.language_model import load_causal_lm
        from signbridge.models.slt import new_lora, save_adapter

        c = self.config
        if c.cpu_threads and not torch.cuda.is_available():
            torch.set_num_threads(c.cpu_threads)
        started = time.perf_counter()
        from signbridge.knowledge.store import KnowledgeHandle

        kb = KnowledgeHandle.wrap(self.kb).get()
        examples, vocab, spoken, corpus_glosses = examples_for(c, kb)
        train = [e for e in examples if e.split == "train"]
        dev = [e for e in examples if e.split == "dev"][: c.eval_examples]
        name = resolve(c.language).name
        lm, tokenizer, source = self.lm_bundle or load_causal_lm(c.base_model, self.settings.models_dir)
        torch.manual_seed(c.seed)
        lm = new_lora(lm, c.lora_r, c.lora_alpha, 0.05, c.lora_targets)
        params = [p for p in lm.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(params, lr=c.lr, weight_decay=0.0)
        scheduler = warmup_cosine(optimizer, 10, c.steps)
        rng = np.random.default_rng(c.seed)
        probe = [train[int(i)] for i in np.random.default_rng(c.seed + 1).choice(len(train), min(8, len(train)), replace=False)]
        as_batch = lambda exs: self._batch(tokenizer, [prompt(e.text, vocab.retrieve(e.text, c.candidates), name) for e in exs],  # noqa: E731
                                           [e.gloss for e in exs])
        probe_before = self._loss(lm, as_batch(probe))
        step, losses = 0, []
        if self.resume and (self.out / STATE).is_file():
            step, losses = self._restore(lm, optimizer, scheduler, rng)
        meta = {"format": FORMAT, "language": resolve(c.language).code, "spoken": spoken, "base_model": c.base_model,
                "base_model_source": source.name, "base_model_license": source.license, "candidates": c.candidates,
                "match_threshold": c.match_threshold, "corpus_glosses": corpus_glosses, "config": asdict(c),
                "data": "knowledge-base dictionary entries (words, inflected forms, compounds, multi-word)"
                        + (f" + corpus {Path(c.corpus).name}" if c.corpus else "")}

        def one_step() -> float:
            idx = rng.choice(len(train), size=min(c.batch_size, len(train)), replace=False)
            input_ids, mask, labels = as_batch([train[i] for i in idx])
            loss = lm(input_ids=input_ids, attention_mask=mask, labels=labels).loss
            return optimizer_step(loss, params, optimizer, scheduler)

        def save(at: int) -> None:
            self.out.mkdir(parents=True, exist_ok=True)
            save_adapter(lm, self.out / "adapter", c.base_model)
            with atomic_path(self.out / STATE) as tmp:
                torch.save(loop_state(at, losses, optimizer, scheduler, rng), tmp)
            atomic_write_text(self.out / "glosser.json", json.dumps({**meta, "complete": at == c.steps}, indent=1,
                                                                    ensure_ascii=False))

        lm.train()
        step = run_steps(one_step, step, c.steps, losses, progress=self.progress, label="LoRA glosser", save=save,
                         save_every=c.save_every)
        lm.eval()
        probe_after = self._loss(lm, as_batch(probe))
        glosser = LoraGlosser(lm, tokenizer, vocab, meta)
        predicted = [" ".join(g.gloss for g in gs) for gs in glosser.gloss([e.text for e in dev])] if dev else []
        n = max(1, min(10, len(losses) // 2))
        return GlossTrainResult(str(self.out), step, {s: sum(e.split == s for e in examples) for s in ("train", "dev", "test")},
                                (float(np.mean(losses[:n])), float(np.mean(losses[-n:]))) if losses else (float("nan"),) * 2,
                                (probe_before, probe_after), accuracy(predicted, [e.gloss for e in dev]), len(dev),
                                round(time.perf_counter() - started, 1))

    @staticmethod
    def _loss(lm, batch) -> float:
        input_ids, mask, labels = batch
        return probe_loss(lm, lambda: lm(input_ids=input_ids, attention_mask=mask, labels=labels).loss)

    def _restore(self, lm, optimizer, scheduler, rng):
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        state = torch.load(self.out / STATE, weights_only=False)
        set_peft_model_state_dict(lm, load_file(str(self.out / "adapter" / "adapter_model.safetensors")))
        return restore_loop(state, optimizer, scheduler, rng)
