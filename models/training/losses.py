"""Losses and rewards for text-to-pose training.

- `mse`: the plain supervised loss, the mean squared error over every visible coordinate of the
  batch (each frame/point/axis counts once) plus the counter's squared error.
- `rl`: SignLLM's RL loss. The reward of sample i is r_i = -MSE_i (its own mean squared error,
  SignLLM Sec. 4.4), and the loss is E_i~P[-r_i] over the samples the Priority Learning Channel
  chose (optionally importance-weighted). Without the PLC the gradient is the same as MSE's up to
  how samples of different lengths are weighted (per sample here, per coordinate in `mse`):
  SignLLM's RL loss only changes training once the PLC uses the rewards to pick batches.

Rewards are plain functions registered by name in `REWARDS`; they return one float per sample.
"""

from collections.abc import Callable

import torch


def per_sample_mse(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """pred, target (B, W, F); mask (B, W, F) 1 where the coordinate is visible -> (B,)."""
    err = (pred - target).pow(2) * mask
    return err.sum(dim=(1, 2)) / mask.sum(dim=(1, 2)).clamp_min(1.0)


def neg_mse_reward(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> list[float]:
    """SignLLM's reward: r = -(1/N) sum (y - y_hat)^2 per sample.

    >>> import torch
    >>> p = torch.zeros(2, 3, 4); t = torch.ones(2, 3, 4); t[1] = 0
    >>> neg_mse_reward(p, t, torch.ones_like(t))
    [-1.0, -0.0]
    """
    return [float(-v) for v in per_sample_mse(pred.detach(), target, mask)]


REWARDS: dict[str, Callable[..., list[float]]] = {"neg_mse": neg_mse_reward}


def counter_error(counters: torch.Tensor, target: torch.Tensor, frame_mask: torch.Tensor) -> torch.Tensor:
    """counters, target, frame_mask (B, W) -> per-sample mean squared counter error (B,)."""
    err = (counters - target).pow(2) * frame_mask
    return err.sum(1) / frame_mask.sum(1).clamp_min(1.0)


def text2pose_loss(kind: str, pred, target, mask, counters, counter_target, frame_mask,
                   counter_weight: float = 1.0, sample_weights: torch.Tensor | None = None):
    """-> (scalar loss, per-sample pose MSE (B,) detached, for rewards and logging).

    kind "mse": coordinate-weighted mean over the batch; kind "rl": mean over samples of -r_i
    (times importance weights when the PLC supplies them).
    """
    sample_mse = per_sample_mse(pred, target, mask)  # (B,)
    sample_counter = counter_error(counters, counter_target, frame_mask)  # (B,)
    if kind == "mse":
        pose = ((pred - target).pow(2) * mask).sum() / mask.sum().clamp_min(1.0)
        loss = pose + counter_weight * sample_counter.mean()
    elif kind == "rl":
        per_sample = sample_mse + counter_weight * sample_counter  # = -r_i (+ counter term)
        weights = sample_weights if sample_weights is not None else torch.ones_like(per_sample)
        loss = (per_sample * weights).sum() / weights.sum().clamp_min(1e-8)
    else:
        raise ValueError(f"unknown loss '{kind}' (mse or rl)")
    return loss, sample_mse.detach()


def ctc_letters_loss(model, ctc, frames, lengths, targets: list) -> "torch.Tensor":
    """CTC of a recogniser over letter targets: frames (B, T, F), lengths (B,), targets [(U_i,)]."""
    log_probs = model(frames)  # (B, T, V)
    return ctc(log_probs.transpose(0, 1), torch.cat(targets), lengths, torch.tensor([len(t) for t in targets]))
