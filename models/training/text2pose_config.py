"""Configuration of a text-to-pose training run (read by models/training/text2pose_trainer.py).

Defaults follow SignLLM's hyper-parameter table where it applies (batch 8-32, 2+2 layers, lr from
{1e-3, 5e-3} decaying over time); lr 3e-3, 1500 steps, input noise 0.3 and pose dropout 0.5 were
picked on FS-Bench ase dev DTW (tiny: 0.12-0.17 with lr 1e-3, noise 0.02 and no pose dropout, worse
than a constant mean pose at 0.109; 0.048 with these defaults). Any field can be set in a JSON file
(`--config F.json`); CLI flags override the file.
"""

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Literal

from signbridge.models.training.plc import PLCConfig


@dataclass
class Text2PoseConfig:
    # --- what to train ---
    preset: Literal["tiny", "base"] = field(default="tiny", metadata={"help": "model size: tiny (CPU, minutes) or base (~40M/group, GPU)"})
    languages: list[str] = field(default_factory=lambda: ["ase"], metadata={"help": "sign-language codes"})
    mode: Literal["mlsf", "p2lg"] = field(default="mlsf", metadata={"help": "mlsf: one group per language; p2lg: one shared model with <lang char> tokens"})
    data: str = field(default="fsbench", metadata={"help": "fsbench, dgs-animated (the DGS dictionary animated from HamNoSys/SignWriting: labelled synthetic, gsg only), a Prompt2Sign .skels file or a .jsonl manifest (streamed)"})
    # --- loss ---
    loss: Literal["mse", "rl"] = field(default="mse", metadata={"help": "mse, or SignLLM's RL loss (reward -MSE per sample)"})
    plc: bool = field(default=False, metadata={"help": "Priority Learning Channel: sample by reward-derived priority"})
    plc_eta: float = field(default=1.0, metadata={"help": "PLC exponent eta (0 = uniform)"})
    plc_transform: Literal["error", "reward"] = field(default="error", metadata={"help": "PLC transform of r=-MSE (see models/training/plc.py)"})
    plc_uniform_mix: float = field(default=0.1, metadata={"help": "share of uniform sampling mixed into the PLC"})
    plc_is_beta: float = field(default=0.0, metadata={"help": "PLC importance-sampling correction exponent"})
    counter_weight: float = field(default=1.0, metadata={"help": "weight of the progress-counter error"})
    # --- optimisation ---
    steps: int = field(default=1500, metadata={"help": "optimizer steps per group (MLSF) or in total (P2LG)"})
    batch_size: int = field(default=16, metadata={"help": "samples per step"})
    lr: float | None = field(default=None, metadata={"help": "peak learning rate (AdamW); None = 3e-3 for tiny, 1e-3 for base"})
    min_lr_ratio: float = field(default=0.1, metadata={"help": "cosine decay floor as a share of lr"})
    warmup_steps: int = field(default=30, metadata={"help": "linear warm-up steps"})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay"})
    grad_clip: float = field(default=1.0, metadata={"help": "gradient-norm clip"})
    pose_dropout: float | None = field(default=None, metadata={"help": "blank this share of fed-back frames in training (None = preset's value)"})
    input_noise: float = field(default=0.3, metadata={"help": "Gaussian noise on fed-back frames (against drift)"})
    seed: int = field(default=0, metadata={"help": "random seed (data order, init, noise)"})
    cpu_threads: int = field(default=0, metadata={"help": "torch CPU threads; 0 = auto (1 for tiny: small matrices run fastest single-threaded, 10x faster on a busy 2-core machine)"})
    # --- data ---
    words_per_language: int = field(default=600, metadata={"help": "FS-Bench words per language"})
    max_frames: int = field(default=160, metadata={"help": "longest target sequence kept (frames at 12.5 fps)"})
    data_fps: float = field(default=25.0, metadata={"help": "frame rate of corpora that store none (Prompt2Sign text)"})
    stream_buffer: int = field(default=512, metadata={"help": "shuffle/PLC buffer for streamed corpora"})
    # --- evaluation and checkpoints ---
    eval_every: int = field(default=0, metadata={"help": "dev DTW every N steps (0 = only at the end)"})
    eval_words: int = field(default=24, metadata={"help": "dev words per language for DTW"})
    target_dev_dtw: float | None = field(default=None, metadata={"help": "stop a group early once its dev DTW <= this"})
    save_every: int = field(default=200, metadata={"help": "checkpoint every N steps (and at the end)"})
    log_every: int = field(default=10, metadata={"help": "record the training loss every N steps"})

    @property
    def peak_lr(self) -> float:
        return self.lr if self.lr is not None else (3e-3 if self.preset == "tiny" else 1e-3)

    def plc_config(self) -> PLCConfig:
        return PLCConfig(eta=self.plc_eta, transform=self.plc_transform, uniform_mix=self.plc_uniform_mix,
                         is_beta=self.plc_is_beta)

    def __post_init__(self):
        """A config that exists is valid: bad values (flags, a config file, code) fail here, before any work."""
        from signbridge.knowledge.config import check_fields
        from signbridge.knowledge.errors import InputError

        if self.mode not in ("mlsf", "p2lg"):
            raise InputError(f"--mode must be mlsf or p2lg, not '{self.mode}'")
        if self.loss not in ("mse", "rl"):
            raise InputError(f"--loss must be mse or rl, not '{self.loss}'")
        if self.plc and self.loss != "rl":
            raise InputError("--plc needs --loss rl (the PLC samples by the RL loss's rewards)")
        if self.preset not in ("tiny", "base"):
            raise InputError(f"--preset must be tiny or base, not '{self.preset}'")
        if not self.languages:
            raise InputError("give at least one language (--languages ase,gsg)")
        if self.steps < 1 or self.batch_size < 1:
            raise InputError("--steps and batch size must be positive")
        if self.words_per_language < 1:
            raise InputError("--words (words_per_language) must be positive")
        if self.eval_every < 0:
            raise InputError("--eval-every must be 0 (only at the end) or positive")
        check_fields(self, positive=("lr", "max_frames", "data_fps", "stream_buffer", "eval_words", "target_dev_dtw", "log_every"),
                     non_negative=("plc_eta", "plc_is_beta", "counter_weight", "warmup_steps", "weight_decay", "grad_clip",
                                   "input_noise", "cpu_threads", "save_every"),
                     fractions=("plc_uniform_mix", "min_lr_ratio", "pose_dropout"),
                     choices={"plc_transform": ("error", "reward")})

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Text2PoseConfig":
        from signbridge.knowledge.errors import InputError

        if not isinstance(data, dict):
            raise InputError(f"a text2pose config must be a JSON object of fields, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(f"unknown text2pose config keys: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        from pydantic import TypeAdapter, ValidationError

        try:  # the field types (int, Literal[...], list[str] ...) checked like any untrusted input
            return TypeAdapter(cls).validate_python(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise InputError(f"text2pose config field '{where}': {first['msg']} (got {first.get('input')!r})") from None

    @classmethod
    def read(cls, path: Path) -> "Text2PoseConfig":
        from signbridge.knowledge.errors import InputError

        try:
            return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(f"cannot read config '{path}': {error}") from None
