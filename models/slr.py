"""Isolated sign recognition (SLR): a part-aware spatio-temporal graph network over the common layout.

GSP-MC's recognition half (paper Sec. 3.1, 3.4), sized for a CPU:
- input: the normalised common 50-point layout at 12.5 fps (models/posedata.py); per joint its
  position, confidence, velocity and position relative to its part's root (hand points relative
  to their hand's wrist, body points to the neck), so handshapes do not drown in arm movement;
- encoder: ST-GCN blocks (Yan et al. 2018): a graph convolution over the skeleton tree
  (`COMMON_LIMBS`, symmetric-normalised, plus a learnable refinement of the adjacency in the
  spirit of CTR-GCN) followed by a temporal convolution, with residuals;
- features: the global feature is the masked mean over frames and joints; part features pool
  the joints of each part: body (8 points incl. nose), left hand, right hand. The common layout
  has no face points, so face/mouth texts are matched against the body part (see PART_OF_SLOT);
- heads: a cross-entropy classifier over the trained classes, and linear projections of the
  global and part features into the frozen text encoder's space (contrastive training). At
  inference a model scores classes with the classifier ("ce") or by cosine similarity with the
  class prototypes (the mean embedding of each class's description texts, "text"); the latter
  also scores classes that had descriptions but no training poses (zero-shot).

A model folder holds model.safetensors, config.json (model + training config, class list,
provenance) and prototypes in the safetensors file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from signbridge.knowledge.atomic import atomic_path, atomic_write_text

PARTS = ("body", "left_hand", "right_hand")
PART_SLICES = {"body": slice(0, 8), "left_hand": slice(8, 29), "right_hand": slice(29, 50)}
# description slot -> skeleton part it is contrasted with (None = the global feature only)
PART_OF_SLOT = {"right_hand": "right_hand", "left_hand": "left_hand", "face": "body", "mouth": "body",
                "body": "body", "movement": None, "global": None, "synonym": None}
JOINT_FEATURES = 10  # xyz, confidence, velocity xyz, xyz relative to the part root


@dataclass
class SLRModelConfig:
    num_classes: int = field(default=2, metadata={"help": "classes of the cross-entropy head (the trained classes)"})
    hidden: int = field(default=64, metadata={"help": "channels per joint"})
    layers: int = field(default=4, metadata={"help": "ST-GCN blocks"})
    temporal_kernel: int = field(default=5, metadata={"help": "frames seen by each temporal convolution"})
    text_dim: int = field(default=384, metadata={"help": "dimension of the text encoder's embeddings"})
    dropout: float = field(default=0.1, metadata={"help": "dropout on the pooled global and part features"})


def adjacency() -> torch.Tensor:
    """Symmetric-normalised D^-1/2 (A + I) D^-1/2 over the 50 common points: (50, 50)."""
    from signbridge.knowledge.formats.common import COMMON_LIMBS, NUM_COMMON_POINTS

    a = torch.eye(NUM_COMMON_POINTS)
    for i, j in COMMON_LIMBS:
        a[i, j] = a[j, i] = 1.0
    d = a.sum(1).rsqrt()
    return d[:, None] * a * d[None, :]


def joint_features(data: torch.Tensor, conf: torch.Tensor) -> torch.Tensor:
    """data (B, T, 50, 3), conf (B, T, 50) -> (B, 10, T, 50) per-joint input features."""
    visible = (conf > 0).float().unsqueeze(-1)  # (B, T, 50, 1)
    velocity = torch.diff(data, dim=1, prepend=data[:, :1]) * visible
    roots = torch.zeros_like(data)
    roots[:, :, PART_SLICES["body"]] = data[:, :, 1:2]  # the neck
    roots[:, :, PART_SLICES["left_hand"]] = data[:, :, 8:9]  # left hand wrist
    roots[:, :, PART_SLICES["right_hand"]] = data[:, :, 29:30]  # right hand wrist
    local = (data - roots) * visible
    x = torch.cat([data, visible, velocity, local * 3.0], dim=-1)  # hands are ~1/3 shoulder width
    return x.permute(0, 3, 1, 2).contiguous()


class STGCNBlock(nn.Module):
    """Graph convolution over joints, then temporal convolution: (B, C, T, J) -> (B, C, T, J)."""

    def __init__(self, channels: int, a: torch.Tensor, kernel: int):
        super().__init__()
        self.register_buffer("a", a, persistent=False)
        self.refine = nn.Parameter(torch.zeros_like(a))  # learned topology refinement, starts at 0
        self.spatial = nn.Conv2d(channels, channels, 1)
        self.temporal = nn.Conv2d(channels, channels, (kernel, 1), padding=(kernel // 2, 0), groups=channels)
        self.mix = nn.Conv2d(channels, channels, 1)
        self.norm1 = nn.GroupNorm(8 if channels % 8 == 0 else 1, channels)
        self.norm2 = nn.GroupNorm(8 if channels % 8 == 0 else 1, channels)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        # x (B, C, T, J), mask (B, 1, T, 1) 1 for real frames
        y = torch.einsum("bctj,jk->bctk", x, self.a + self.refine)
        y = nn.functional.gelu(self.norm1(self.spatial(y))) * mask
        y = nn.functional.gelu(self.norm2(self.mix(self.temporal(y))))
        return (x + y) * mask


class SLRModel(nn.Module):
    def __init__(self, config: SLRModelConfig):
        super().__init__()
        self.config = c = config
        self.inp = nn.Conv2d(JOINT_FEATURES, c.hidden, 1)
        self.joint_embedding = nn.Parameter(torch.zeros(1, c.hidden, 1, 50))  # which joint is which
        a = adjacency()
        self.blocks = nn.ModuleList([STGCNBlock(c.hidden, a, c.temporal_kernel) for _ in range(c.layers)])
        self.drop = nn.Dropout(c.dropout)  # on pooled features: per-joint dropout maps cost a third of a CPU step
        self.classifier = nn.Linear(c.hidden, c.num_classes)
        self.project = nn.ModuleDict({"global": nn.Linear(c.hidden, c.text_dim),
                                      **{p: nn.Linear(c.hidden, c.text_dim) for p in PARTS}})

    def encode(self, data: torch.Tensor, conf: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, dict]:
        """data (B, T, 50, 3), conf (B, T, 50), lengths (B,) -> global (B, H), parts {name: (B, H)}."""
        B, T = data.shape[:2]
        frames = (torch.arange(T, device=data.device)[None, :] < lengths[:, None]).float()  # (B, T)
        mask = frames[:, None, :, None]  # (B, 1, T, 1)
        x = (self.inp(joint_features(data, conf)) + self.joint_embedding) * mask  # (B, H, T, 50)
        for block in self.blocks:
            x = block(x, mask)
        per_joint = x.sum(2) / lengths.clamp_min(1)[:, None, None].float()  # (B, H, 50): mean over frames
        parts = {p: self.drop(per_joint[:, :, PART_SLICES[p]].mean(-1)) for p in PARTS}  # (B, H) each
        return self.drop(per_joint.mean(-1)), parts

    def forward(self, data, conf, lengths) -> dict:
        g, parts = self.encode(data, conf, lengths)
        return {"logits": self.classifier(g),  # (B, K)
                "global": self.project["global"](g),  # (B, text_dim)
                **{p: self.project[p](f) for p, f in parts.items()}}


def pad_batch(arrays: list[np.ndarray], confs: list[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """[(T_i, 50, 3)], [(T_i, 50)] -> data (B, T, 50, 3), conf (B, T, 50), lengths (B,)."""
    T = max(1, max(a.shape[0] for a in arrays))
    data = torch.zeros(len(arrays), T, 50, 3)
    conf = torch.zeros(len(arrays), T, 50)
    for b, (a, c) in enumerate(zip(arrays, confs)):
        n = a.shape[0]
        if n:
            data[b, :n] = torch.from_numpy(np.asarray(a, np.float32))
            conf[b, :n] = torch.from_numpy(np.asarray(c, np.float32))
    return data, conf, torch.tensor([max(1, a.shape[0]) for a in arrays], dtype=torch.long)


@dataclass
class Prediction:
    label: str
    score: float  # probability over the scored classes (softmax)


@dataclass
class SLRPredictor:
    """A trained model with its class list: arrays -> ranked labels."""

    model: SLRModel
    labels: list[str]  # all classes, trained first; prototypes rows follow this order
    trained: int  # the first `trained` labels have a classifier row
    prototypes: torch.Tensor  # (len(labels), text_dim) L2-normalised; zero rows = no description
    temperature: float = 0.1
    default_mode: str = "ce"
    info: dict = field(default_factory=dict)

    def modes(self) -> tuple[str, ...]:
        has_text = bool(self.prototypes.abs().sum() > 0)
        return ("ce", "text") if has_text else ("ce",)

    @torch.no_grad()
    def scores(self, arrays: list[np.ndarray], confs: list[np.ndarray], mode: str | None = None,
               batch_size: int = 64) -> tuple[np.ndarray, list[str]]:
        """-> probabilities (N, classes scored) and the labels of the columns."""
        mode = mode or self.default_mode
        self.model.eval()
        out = []
        for start in range(0, len(arrays), batch_size):
            batch = pad_batch(arrays[start:start + batch_size], confs[start:start + batch_size])
            heads = self.model(*batch)
            if mode == "ce":
                logits = heads["logits"]
            else:
                g = nn.functional.normalize(heads["global"], dim=-1)
                logits = g @ self.prototypes.T / self.temperature  # (b, classes)
                logits = logits.masked_fill(self.prototypes.abs().sum(1)[None, :] == 0, float("-inf"))
            out.append(logits.softmax(-1).numpy())
        columns = self.labels[: self.trained] if mode == "ce" else self.labels
        return (np.concatenate(out) if out else np.zeros((0, len(columns)), np.float32)), columns

    def top_k(self, array: np.ndarray, conf: np.ndarray, k: int = 5, mode: str | None = None) -> list[Prediction]:
        probs, columns = self.scores([array], [conf], mode)
        order = np.argsort(-probs[0])[:k]
        return [Prediction(columns[i], float(probs[0, i])) for i in order if np.isfinite(probs[0, i])]


def save_predictor(folder: Path, predictor: SLRPredictor, train_config: dict, state: dict) -> None:
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().cpu().contiguous() for k, v in predictor.model.state_dict().items()}
    tensors["prototypes"] = predictor.prototypes.detach().cpu().contiguous()
    with atomic_path(folder / "model.safetensors") as tmp:
        save_file(tensors, str(tmp), metadata={"format": "signbridge-slr"})
    payload = {"model": asdict(predictor.model.config), "train": train_config, "labels": predictor.labels,
               "trained": predictor.trained, "temperature": predictor.temperature,
               "default_mode": predictor.default_mode, "info": predictor.info}
    atomic_write_text(folder / "config.json", json.dumps(payload, indent=1, ensure_ascii=False))
    atomic_write_text(folder / "trainer_state.json", json.dumps(state, indent=1, ensure_ascii=False))


class _WithPrototypes(SLRModel):
    """Loads model weights and the prototype matrix from one safetensors file."""

    def __init__(self, config: SLRModelConfig, classes: int):
        super().__init__(config)
        self.register_buffer("prototypes", torch.zeros(classes, config.text_dim))


def load_predictor(folder: Path) -> SLRPredictor:
    from signbridge.knowledge.errors import InputError
    from signbridge.models.checkpoints import load_model_folder

    folder = Path(folder)
    if not (folder / "config.json").exists():
        raise InputError(f"'{folder}' is not an SLR model folder (no config.json); train one with: "
                         f"signbridge train slr --lang CODE --out {folder}")
    model, config = load_model_folder(folder, lambda c: _WithPrototypes(SLRModelConfig(**c["model"]), len(c["labels"])))
    return SLRPredictor(model, list(config["labels"]), int(config["trained"]), model.prototypes,
                        float(config.get("temperature", 0.1)), config.get("default_mode", "ce"), config.get("info", {}))


def slr_model_dir(directory: Path, language: str) -> Path | None:
    """A model folder for `language`: DIR itself (its config names the language) or DIR/<language>."""
    directory = Path(directory)
    for folder in (directory, directory / language):
        config = folder / "config.json"
        if config.exists():
            try:
                if json.loads(config.read_text(encoding="utf-8")).get("info", {}).get("language") == language:
                    return folder
            except (OSError, ValueError):
                continue
    return None


def recognize_pose(pose, folder: Path, k: int = 5, mode: str | None = None) -> tuple[list[Prediction], SLRPredictor]:
    """A pose_format.Pose of one sign -> top-k predictions of the model in `folder`."""
    from signbridge.models.posedata import pose_to_array

    predictor = load_predictor(folder)
    array = pose_to_array(pose)
    return predictor.top_k(array.data, array.conf, k=k, mode=mode), predictor
