"""Train per-language fingerspelling recognisers (CTC) on FS-Bench's training split.

Augmentation (noise, tempo, shift, scale) keeps the recogniser from keying on the exact frames
of the letter clips, so it can read generated poses too. Dev CER/BLEU are measured with
`signbridge.models.backtranslate.scores` on ground-truth dev poses.
"""

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from signbridge.knowledge.frames import resample_frames
from signbridge.models.backtranslate import read_back, scores
from signbridge.models.datasets import Sample
from signbridge.models.recognizer import (FingerspellingRecognizer, RecognizerGroup, RecognizerModelConfig, pad_frames,
                               recognizer_dir, save_recognizer_group)
from signbridge.models.training.losses import ctc_letters_loss
from signbridge.models.training.recognizer_config import RecognizerConfig
from signbridge.models.vocab import CharVocab


@dataclass
class RecognizerResult:
    language: str
    checkpoint: str
    steps: int
    loss_first: float
    loss_last: float
    dev_cer: float
    dev_bleu: float
    dev_words: int
    train_seconds: float


def augment(data: np.ndarray, conf: np.ndarray, config: RecognizerConfig, rng: np.random.Generator) -> np.ndarray:
    """(T, 50, 3) -> a re-timed, shifted, scaled, noisy copy; missing points stay 0."""
    return augment_with_conf(data, conf, config, rng)[0]


def augment_with_conf(data: np.ndarray, conf: np.ndarray, config, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`augment` that also returns the re-timed visibility (T', 50) float32; `config` needs
    noise, time_stretch, shift and scale (RecognizerConfig, SLRConfig)."""
    T = data.shape[0]
    stretch = 1 + rng.uniform(-config.time_stretch, config.time_stretch)
    out, conf = resample_frames(data, conf, max(2, int(round(T * stretch))), keep_one_sided=False)
    visible = conf > 0
    out = out * (1 + rng.uniform(-config.scale, config.scale)) + rng.uniform(-config.shift, config.shift, size=3)
    out = out + rng.normal(0, config.noise, size=out.shape)
    out[~visible] = 0
    return out.astype(np.float32), visible.astype(np.float32)


def optimizer_step(loss: torch.Tensor, model, optimizer, scheduler, max_norm: float = 1.0) -> float:
    """Backward, clip the gradient norm, step the optimizer and the schedule -> the loss as a float.

    `model`: a module, or the list of trainable parameters (LoRA + projector); `scheduler` may be None."""
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters() if isinstance(model, torch.nn.Module) else model, max_norm)
    optimizer.step()
    if scheduler is not None:
        scheduler.step()
    return float(loss.detach())


def evaluate(group: RecognizerGroup, arrays: list[np.ndarray], words: list[str]) -> tuple[float, float, list[str]]:
    """-> (CER, character BLEU, hypotheses), scored as every back-translation is (`models.backtranslate`)."""
    if not arrays:
        return float("nan"), float("nan"), []
    pairs = read_back(group, arrays, words)
    result = scores(pairs)
    return result["cer"], result["bleu"], [h for _, h in pairs]


class RecognizerTrainer:
    def __init__(self, config: RecognizerConfig, settings, out: Path, progress: bool = True, fsbench_config=None):
        self.config, self.settings, self.out, self.progress = config, settings, Path(out), progress
        self.fsbench_config = fsbench_config

    def train(self) -> list[RecognizerResult]:
        from signbridge.knowledge.errors import InputError

        if not self.config.languages:
            raise InputError("give at least one language (--languages ase,gsg)")
        if self.config.cpu_threads and not torch.cuda.is_available():
            torch.set_num_threads(self.config.cpu_threads)
        return [self._train_language(code) for code in self.config.languages]

    def _samples(self, language: str, split: str) -> list[Sample]:
        from signbridge.models import fsbench

        cfg = self.fsbench_config or fsbench.FSBenchConfig(words_per_language=self.config.words_per_language)
        return fsbench.load(language, split, self.settings, cfg, progress=self.progress)

    def _train_language(self, language: str) -> RecognizerResult:
        from signbridge.knowledge.errors import InputError
        from signbridge.knowledge.fingerspelling import alphabet
        from signbridge.models.fsbench import _progress

        c = self.config
        train, dev = self._samples(language, "train"), self._samples(language, "dev")[: c.eval_words]
        if not train:
            raise InputError(f"no FS-Bench training words for '{language}'")
        abc = alphabet(language)
        vocab = CharVocab.build([s.text for s in train] + (list(abc.clips) if abc else []))
        torch.manual_seed(c.seed)
        rng = np.random.default_rng(c.seed)
        model = FingerspellingRecognizer(RecognizerModelConfig(vocab_size=len(vocab), hidden=c.hidden, layers=c.layers))
        optimizer = torch.optim.AdamW(model.parameters(), lr=c.lr, weight_decay=0.01)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=c.steps, eta_min=c.lr * 0.05)
        ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
        losses, started = [], time.perf_counter()
        model.train()
        with _progress(self.progress, f"recogniser {language}", c.steps) as advance:
            for _ in range(c.steps):
                idx = rng.choice(len(train), size=min(c.batch_size, len(train)), replace=False)
                arrays = [augment(train[i].data, train[i].conf, c, rng) for i in idx]
                frames, lengths = pad_frames(arrays)
                targets = [torch.tensor(vocab.encode(train[i].text, bos_eos=False)) for i in idx]
                loss = ctc_letters_loss(model, ctc, frames, lengths, targets)
                losses.append(optimizer_step(loss, model, optimizer, scheduler))
                advance()
        seconds = time.perf_counter() - started
        group = RecognizerGroup(model.eval(), vocab)
        dev_cer, dev_bleu, _ = evaluate(group, [s.data for s in dev], [s.text for s in dev])
        folder = recognizer_dir(self.out, language)
        result = RecognizerResult(language, str(folder), c.steps, float(np.mean(losses[:10])), float(np.mean(losses[-10:])),
                                  dev_cer, dev_bleu, len(dev), round(seconds, 2))
        save_recognizer_group(folder, group, c.to_json(), result.__dict__)
        return result
