"""Configuration of fingerspelling-level SLT training (RVLF's three stages) and its GRPO stage.

`SLTConfig` covers stage 1 (the CTC skeleton encoder) and stage 2 (LoRA SFT of the language model);
`GRPOConfig` covers stage 3. Presets set the budget; any field can be overridden (CLI flags, JSON).
"""

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from signbridge.knowledge.errors import InputError

PRESETS = {
    # CPU minutes: a few hundred encoder steps, ~100 LM steps
    "tiny": {"encoder_steps": 500, "sft_steps": 120, "batch_size": 8, "words_per_language": 600, "phrases_per_split": 200},
    # a GPU run on FS-Bench or a real corpus (README: GPU recipe)
    "base": {"encoder_steps": 4000, "sft_steps": 3000, "batch_size": 32, "words_per_language": 2000,
             "phrases_per_split": 4000, "lora_r": 16, "pool": 2},
}


@dataclass
class SLTConfig:
    # data
    languages: list[str] = field(default_factory=lambda: ["ase"], metadata={"help": "sign languages (FS-Bench alphabets)"})
    preset: str = field(default="tiny", metadata={"help": "budget preset: tiny (CPU minutes) or base (GPU)"})
    words_per_language: int = field(default=600, metadata={"help": "FS-Bench words per language"})
    phrases_per_split: int = field(default=200, metadata={"help": "phrase-level samples (2-3 words with pauses) per language and split"})
    max_phrase_words: int = field(default=3, metadata={"help": "longest phrase in words"})
    pause_frames: int = field(default=5, metadata={"help": "held frames between the words of a phrase (12.5 fps)"})
    corpus: str = field(default="", metadata={"help": "instead of FS-Bench: a JSONL manifest from `models.slt_corpora` importers"})
    # model
    base_model: str = field(default="smollm2", metadata={"help": "causal LM: smollm2, a .gguf file or a HF model folder"})
    encoder_hidden: int = field(default=128, metadata={"help": "skeleton encoder channels (the CTC recogniser)"})
    encoder_layers: int = field(default=2, metadata={"help": "groups of 4 dilated residual blocks"})
    pool: int = field(default=4, metadata={"help": "encoder frames averaged into one soft prompt vector (12.5 fps / pool)"})
    lora_r: int = field(default=8, metadata={"help": "LoRA rank"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling alpha"})
    lora_dropout: float = field(default=0.05, metadata={"help": "LoRA dropout"})
    lora_targets: list[str] = field(default_factory=lambda: ["q_proj", "v_proj"], metadata={"help": "modules that get LoRA adapters"})
    # stage 1: CTC pre-training of the skeleton encoder
    encoder_steps: int = field(default=500, metadata={"help": "stage 1 optimizer steps (0 = reuse the encoder in --out)"})
    encoder_lr: float = field(default=3e-3, metadata={"help": "stage 1 AdamW learning rate (cosine decay)"})
    # stage 2: supervised fine-tuning (LoRA + projector; the encoder is frozen)
    sft_steps: int = field(default=120, metadata={"help": "stage 2 optimizer steps"})
    batch_size: int = field(default=8, metadata={"help": "samples per step (both stages; stage 1 uses 4x)"})
    lr: float = field(default=1e-3, metadata={"help": "LoRA learning rate"})
    projector_lr: float = field(default=1e-3, metadata={"help": "projector learning rate"})
    warmup_steps: int = field(default=10, metadata={"help": "linear warm-up steps of stage 2"})
    max_new_tokens: int = field(default=24, metadata={"help": "longest generated text (tokens)"})
    noise: float = field(default=0.02, metadata={"help": "pose augmentation: Gaussian noise (shoulder widths)"})
    eval_samples: int = field(default=40, metadata={"help": "dev samples per language scored after training"})
    save_every: int = field(default=50, metadata={"help": "checkpoint every N stage 2 steps (0 = only at the end)"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    cpu_threads: int = field(default=1, metadata={"help": "torch CPU threads (0 = torch's default); 1 avoids thread thrashing on a shared CPU"})

    def apply_preset(self) -> "SLTConfig":
        if self.preset not in PRESETS:
            raise InputError(f"unknown preset '{self.preset}': use {', '.join(PRESETS)}")
        for key, value in PRESETS[self.preset].items():
            setattr(self, key, value)
        return self

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "SLTConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class GRPOConfig:
    steps: int = field(default=40, metadata={"help": "GRPO optimizer steps"})
    prompts_per_step: int = field(default=4, metadata={"help": "sign sequences per step"})
    group_size: int = field(default=4, metadata={"help": "completions sampled per sequence (GRPO's group, N)"})
    kl_coef: float = field(default=0.04, metadata={"help": "beta: weight of the KL penalty to the SFT policy"})
    clip_epsilon: float = field(default=0.2, metadata={"help": "PPO-style ratio clipping"})
    updates_per_batch: int = field(default=1, metadata={"help": "policy updates per sampled batch (mu); 1 = on-policy"})
    bleu_weight: float = field(default=0.5, metadata={"help": "lambda in lambda*BLEU-4 + (1-lambda)*ROUGE-L (RVLF eq. 15)"})
    cer_weight: float = field(default=0.5, metadata={"help": "share of 1-CER in the reward (letters: BLEU-4 of one word is mostly 0)"})
    temperature: float = field(default=1.0, metadata={"help": "sampling temperature"})
    max_new_tokens: int = field(default=16, metadata={"help": "longest completion (tokens)"})
    lr: float = field(default=5e-5, metadata={"help": "AdamW learning rate of the new LoRA adapter"})
    lora_r: int = field(default=8, metadata={"help": "rank of the GRPO adapter (added on the merged SFT model)"})
    lora_alpha: int = field(default=16, metadata={"help": "LoRA scaling alpha"})
    eval_samples: int = field(default=40, metadata={"help": "dev samples per language for the reward before/after"})
    save_every: int = field(default=20, metadata={"help": "checkpoint every N steps (0 = only at the end)"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    cpu_threads: int = field(default=1, metadata={"help": "torch CPU threads (0 = torch's default); 1 avoids thread thrashing on a shared CPU"})

    def to_json(self) -> dict:
        return asdict(self)


def read_json_config(cls, path: Path):
    """A config dataclass from a JSON file of its fields (unknown keys are an InputError)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read config '{path}': {error}") from None
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known) if isinstance(data, dict) else ["(not an object)"]
    if unknown:
        raise InputError(f"config '{path}' has unknown fields: {', '.join(unknown)}")
    return cls(**data)
