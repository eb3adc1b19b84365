"""SignLLM's Priority Learning Channel: sample training data by reward-derived priority.

SignLLM: P(i) = r(i)^eta / sum_j r(j)^eta with r(i) = -MSE_i. A negative reward has no real
power for non-integer eta, so a positive transform is needed. Two are offered:

- `error` (default): priority = (|r| + eps)^eta. Samples the model gets most wrong are seen
  most often, as in prioritized experience replay; eta = 0 is uniform sampling.
- `reward`: priority = exp(eta * r / scale), scale = mean |r|. Samples with high reward (low
  error) are preferred, the literal reading of "prioritise high rewards".

Every sample starts at the highest priority seen so far, so each is visited before its reward
is known; rewards are refreshed whenever a sample is trained on. `uniform_mix` blends in a
uniform distribution so no sample starves, and `is_beta` > 0 returns importance weights
(N P(i))^-beta that undo the sampling bias in the loss (0 = SignLLM's unweighted E_i~P[L(i)]).

>>> plc = PriorityLearningChannel(4, PLCConfig(eta=1.0, uniform_mix=0.0), seed=0)
>>> plc.update([0, 1, 2, 3], [-1.0, -1.0, -1.0, -97.0])
>>> [round(p, 2) for p in plc.probabilities()]
[0.01, 0.01, 0.01, 0.97]
"""

from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

from signbridge.knowledge.config import check_fields


@dataclass
class PLCConfig:
    eta: float = field(default=1.0, metadata={"help": "prioritisation strength; 0 = uniform"})
    transform: Literal["error", "reward"] = field(
        default="error", metadata={"help": "positive transform of r=-MSE: error=(|r|+eps)^eta, reward=exp(eta*r/mean|r|)"})
    eps: float = field(default=1e-3, metadata={"help": "floor added to |r| so perfect samples keep a chance"})
    uniform_mix: float = field(default=0.1, metadata={"help": "share of a uniform distribution mixed in"})
    is_beta: float = field(default=0.0, metadata={"help": "importance-sampling exponent; 0 = no correction"})

    def __post_init__(self):
        check_fields(self, non_negative=("eta", "eps", "is_beta"), fractions=("uniform_mix",),
                     choices={"transform": ("error", "reward")})


class PriorityLearningChannel:
    def __init__(self, size: int, config: PLCConfig | None = None, seed: int = 0):
        if size <= 0:
            raise ValueError("the PLC needs at least one sample")
        self.config = config or PLCConfig()
        self.rewards = np.full(size, np.nan, dtype=np.float64)  # nan = not seen yet
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return len(self.rewards)

    def priorities(self) -> np.ndarray:
        c, r = self.config, self.rewards
        seen = ~np.isnan(r)
        pr = np.ones_like(r)
        if seen.any():
            if c.transform == "error":
                pr[seen] = (np.abs(r[seen]) + c.eps) ** c.eta
            elif c.transform == "reward":
                scale = max(float(np.mean(np.abs(r[seen]))), 1e-12)
                pr[seen] = np.exp(c.eta * (r[seen] - r[seen].max()) / scale)
            else:
                raise ValueError(f"unknown PLC transform '{c.transform}' (error or reward)")
            pr[~seen] = pr[seen].max()
        return pr

    def probabilities(self) -> np.ndarray:
        pr = self.priorities()
        p = pr / pr.sum()
        mix = self.config.uniform_mix
        return (1 - mix) * p + mix / len(p)

    def sample(self, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
        """-> (indices (batch_size,), importance weights (batch_size,), mean 1)."""
        p = self.probabilities()
        replace = batch_size > len(p)
        idx = self.rng.choice(len(p), size=batch_size, replace=replace, p=p)
        if self.config.is_beta > 0:
            w = (len(p) * p[idx]) ** (-self.config.is_beta)
            w = w / w.mean()
        else:
            w = np.ones(batch_size)
        return idx, w

    def update(self, indices, rewards) -> None:
        self.rewards[np.asarray(indices, dtype=int)] = np.asarray(rewards, dtype=np.float64)

    # --- checkpointing ---
    def state_dict(self) -> dict:
        return {"config": asdict(self.config), "rewards": self.rewards.tolist(),
                "rng": self.rng.bit_generator.state}

    def load_state_dict(self, state: dict) -> None:
        self.config = PLCConfig(**state["config"])
        self.rewards = np.array([np.nan if v is None else v for v in state["rewards"]], dtype=np.float64)
        self.rng.bit_generator.state = state["rng"]
