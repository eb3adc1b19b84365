"""Train an isolated-sign recogniser with cross-entropy, GSP-MC's multi-positive contrastive loss, or both.

One step: a class-balanced batch (classes drawn uniformly, then one of their samples), augmented
(tempo, crop, shift, scale, noise) -> SLRModel -> L = L_ce + w * L_mc (GSP-MC eq. 12), where L_mc
averages the multi-positive term of the global feature against every text of the batch's classes
and, with `part_loss`, of each part feature against the texts of its part (eq. 11). The text
encoder is frozen: its embeddings are computed once before training.

The result is evaluated on the test split with `signbridge.models.metrics.top_k_accuracy`: by the
classifier ("ce") and by similarity with the description prototypes ("text"), and on held-out
classes (zero-shot, text only: among the held-out classes, and among all classes).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from signbridge.models.slr import PART_OF_SLOT, PARTS, SLRModel, SLRModelConfig, SLRPredictor, pad_batch, save_predictor
from signbridge.models.slr_data import SLRDataset
from signbridge.models.training.recognizer_trainer import augment_with_conf, optimizer_step
from signbridge.models.training.slr_config import SLRConfig
from signbridge.models.training.slr_loss import class_positives, multi_positive_contrastive


@dataclass
class SLRResult:
    checkpoint: str
    data: dict
    loss: str
    steps: int
    parameters: int
    loss_first: float
    loss_last: float
    train_seconds: float
    test: dict = field(default_factory=dict)  # mode -> {"top1", "top5", "n"}
    zero_shot: dict = field(default_factory=dict)  # {"top1", "top5", "n", "classes", "chance_top1", ...}

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class TextBank:
    """Unique description texts (frozen embeddings) and which classes each describes."""

    vectors: torch.Tensor  # (N, D) L2-normalised
    classes: torch.Tensor  # (N, K) bool over the run's label list
    slots: list[str]  # (N,) the slot of each text ("global", "right_hand", ...)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])


def build_text_bank(labels: list[str], dataset: SLRDataset, encoder) -> TextBank | None:
    """Every distinct (slot, text) of the labels, encoded once; None when no label has a text."""
    index: dict[tuple[str, str], int] = {}
    owners: list[set[int]] = []
    for k, label in enumerate(labels):
        ct = dataset.texts.get(label)
        for slot, text in (ct.texts if ct else []):
            j = index.setdefault((slot, text), len(index))
            if j == len(owners):
                owners.append(set())
            owners[j].add(k)
    if not index:
        return None
    keys = list(index)
    vectors = torch.from_numpy(encoder.encode([text for _, text in keys]))
    classes = torch.zeros(len(keys), len(labels), dtype=torch.bool)
    for j, ks in enumerate(owners):
        classes[j, list(ks)] = True
    return TextBank(vectors, classes, [slot for slot, _ in keys])


def prototypes(bank: TextBank | None, labels: list[str], dim: int) -> torch.Tensor:
    """(K, D): the normalised mean embedding of each class's texts; zero rows for classes without texts."""
    if bank is None:
        return torch.zeros(len(labels), dim)
    weights = bank.classes.T.float()  # (K, N)
    mean = weights @ bank.vectors / weights.sum(1, keepdim=True).clamp_min(1)
    return torch.nn.functional.normalize(mean, dim=-1) * (weights.sum(1, keepdim=True) > 0)


def contrastive_loss(heads: dict, y: torch.Tensor, bank: TextBank, config: SLRConfig) -> torch.Tensor:
    """GSP-MC's multipart multi-positive term over in-batch texts: mean of the global and part terms."""
    positives = class_positives(y, bank.classes)  # (B, N)
    in_batch = positives.any(0)  # texts describing some sign of the batch
    terms = [multi_positive_contrastive(heads["global"], bank.vectors[in_batch], positives[:, in_batch],
                                        config.temperature)]
    if config.part_loss:
        for part in PARTS:
            cols = in_batch & torch.tensor([PART_OF_SLOT.get(s) == part for s in bank.slots], device=in_batch.device)
            if bool(cols.any()):
                terms.append(multi_positive_contrastive(heads[part], bank.vectors[cols], positives[:, cols],
                                                        config.temperature))
    return torch.stack(terms).mean()


class SLRTrainer:
    def __init__(self, config: SLRConfig, dataset: SLRDataset, out: Path | None, settings=None, progress: bool = True,
                 encoder=None):
        self.config, self.dataset, self.out, self.progress = config.check(), dataset, out, progress
        self.settings = settings
        self.encoder = encoder

    def _encoder(self):
        if self.encoder is None:
            from signbridge.models.text_encoder import TextEncoder

            self.encoder = TextEncoder(self.config.text_encoder, self.settings.cache_dir if self.settings else None)
        return self.encoder

    def _batch(self, by_class: list[list[int]], rng: np.random.Generator):
        c, d = self.config, self.dataset
        classes = rng.integers(0, len(by_class), size=c.batch_size)
        arrays, confs, ys = [], [], []
        for k in classes:
            s = d.train[by_class[k][rng.integers(len(by_class[k]))]]
            data, conf = s.data, s.conf
            if c.crop > 0 and s.frames > 4:  # drop a random share of frames at the two ends
                cut = int(s.frames * rng.uniform(0, c.crop))
                a = int(rng.integers(0, cut + 1))
                data, conf = data[a: s.frames - (cut - a)], conf[a: s.frames - (cut - a)]
            data, conf = augment_with_conf(data, conf, c, rng)
            arrays.append(data)
            confs.append(conf)
            ys.append(k)
        return (*pad_batch(arrays, confs), torch.tensor(ys, dtype=torch.long))

    def train(self) -> tuple[SLRPredictor, SLRResult]:
        from signbridge.knowledge.errors import InputError
        from signbridge.models.fsbench import _progress

        c, d = self.config, self.dataset
        if c.cpu_threads and not torch.cuda.is_available():
            torch.set_num_threads(c.cpu_threads)
        position = {label: k for k, label in enumerate(d.classes)}
        by_class = [[] for _ in d.classes]
        for i, s in enumerate(d.train):
            if s.text in position:
                by_class[position[s.text]].append(i)
        if len(d.classes) < 2 or any(not ids for ids in by_class):
            raise InputError(f"need >= 2 classes with training samples ({sum(bool(i) for i in by_class)} of "
                             f"{len(d.classes)} have some)")
        labels = list(d.classes) + [z for z in d.zero_shot if z not in position]
        wants_text = c.loss in ("mc", "both")
        bank = build_text_bank(labels, d, self._encoder()) if (wants_text or d.zero_shot) else None
        if wants_text and bank is None:
            raise InputError(f"--loss {c.loss} needs description texts, but no class has one: pass --descriptions "
                             "FILE (from `signbridge describe --export-slr`) or use --loss ce")
        train_bank = None
        if bank is not None and wants_text:  # the trained classes' texts only
            keep = bank.classes[:, : len(d.classes)].any(1)
            train_bank = TextBank(bank.vectors[keep], bank.classes[keep][:, : len(d.classes)],
                                  [s for s, k in zip(bank.slots, keep.tolist()) if k])
        dim = bank.dim if bank is not None else 384
        torch.manual_seed(c.seed)
        rng = np.random.default_rng(c.seed)
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")  # the base preset is meant for a GPU
        model = SLRModel(SLRModelConfig(num_classes=len(d.classes), hidden=c.hidden, layers=c.layers, text_dim=dim)).to(device)
        if train_bank is not None:
            train_bank = TextBank(train_bank.vectors.to(device), train_bank.classes.to(device), train_bank.slots)
        optimizer = torch.optim.AdamW(model.parameters(), lr=c.lr, weight_decay=c.weight_decay)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=c.steps, eta_min=c.lr * 0.05)
        losses, started = [], time.perf_counter()
        model.train()
        with _progress(self.progress, f"SLR {c.language} ({c.loss})", c.steps) as advance:
            for _ in range(c.steps):
                data, conf, lengths, y = (t.to(device) for t in self._batch(by_class, rng))
                heads = model(data, conf, lengths)
                loss = torch.zeros(())
                if c.loss in ("ce", "both"):
                    loss = loss + torch.nn.functional.cross_entropy(heads["logits"], y)
                if wants_text:
                    weight = c.mc_weight if c.loss == "both" else 1.0
                    loss = loss + weight * contrastive_loss(heads, y, train_bank, c)
                losses.append(optimizer_step(loss, model, optimizer, scheduler))
                advance()
        seconds = time.perf_counter() - started
        predictor = SLRPredictor(model.cpu().eval(), labels, len(d.classes), prototypes(bank, labels, dim), c.temperature,
                                 "text" if c.loss == "mc" else "ce",
                                 info={"language": c.language, "data": d.summary(), "loss": c.loss,
                                       "text_encoder": c.text_encoder if bank is not None else None,
                                       "zero_shot_classes": [z for z in labels[len(d.classes):]]})
        result = SLRResult(str(self.out) if self.out else "", d.summary(), c.loss, c.steps,
                           sum(p.numel() for p in model.parameters()), float(np.mean(losses[:10])),
                           float(np.mean(losses[-10:])), round(seconds, 2))
        result.test, result.zero_shot = evaluate(predictor, d, c.loss)
        predictor.info["test"], predictor.info["zero_shot"] = result.test, result.zero_shot
        if self.out is not None:
            save_predictor(Path(self.out), predictor, c.to_json(), result.to_json())
        return predictor, result


def _accuracy(probs: np.ndarray, columns: list[str], samples) -> dict:
    from signbridge.models.metrics import top_k_accuracy

    where = {label: i for i, label in enumerate(columns)}
    labels = [where.get(s.text, -1) for s in samples]
    return {"top1": top_k_accuracy(probs, labels, k=1), "top5": top_k_accuracy(probs, labels, k=5), "n": len(samples)}


def evaluate(predictor: SLRPredictor, dataset: SLRDataset, loss: str) -> tuple[dict, dict]:
    """Test-split top-1/top-5 per scoring mode, and zero-shot accuracy on held-out classes."""
    test: dict = {}
    if dataset.test:
        arrays, confs = [s.data for s in dataset.test], [s.conf for s in dataset.test]
        modes = (["ce"] if loss in ("ce", "both") else []) + (["text"] if loss in ("mc", "both") else [])
        for mode in modes:
            probs, columns = predictor.scores(arrays, confs, mode)
            if mode == "text":  # seen-class test: rank among the trained classes only
                probs, columns = probs[:, : predictor.trained], columns[: predictor.trained]
            test[mode] = _accuracy(probs, columns, dataset.test)
    zero: dict = {}
    unseen = predictor.labels[predictor.trained:]
    if dataset.zero_shot_test and unseen and loss in ("mc", "both"):  # a CE-only model never learnt the text space
        arrays, confs = [s.data for s in dataset.zero_shot_test], [s.conf for s in dataset.zero_shot_test]
        probs, columns = predictor.scores(arrays, confs, "text")
        among_unseen = _accuracy(probs[:, predictor.trained:], unseen, dataset.zero_shot_test)
        among_all = _accuracy(probs, columns, dataset.zero_shot_test)
        zero = {**among_unseen, "classes": len(unseen), "chance_top1": 1 / len(unseen),
                "chance_top5": min(1.0, 5 / len(unseen)), "top1_among_all": among_all["top1"],
                "top5_among_all": among_all["top5"]}
    return test, zero
