"""The resumable optimisation loop the LoRA trainers share (the glosser, SLT stage 2): a warm-up + cosine
schedule, one progress tick per step, checkpoints every `save_every` steps and at the end, the loop's
resumable state (step, losses, optimizer, scheduler, RNG), and a probe loss measured in eval mode.

What a step computes stays in each trainer (`step_fn`); this is only the skeleton around it.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch


def warmup_cosine(optimizer, warmup_steps: int, total_steps: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over `warmup_steps`, then a cosine decay from the full rate to 10 % of it at `total_steps`."""
    warmup, total = max(1, warmup_steps), max(1, total_steps)
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * (0.55 + 0.45 * math.cos(math.pi * s / total)))


def run_steps(step_fn: Callable[[], float], start: int, total: int, losses: list[float], *, progress, label: str,
              save: Callable[[int], None] | None = None, save_every: int = 0) -> int:
    """Steps `start`..`total` (`step_fn()` takes one optimizer step and returns its loss, appended to
    `losses`); `save(step)` every `save_every` steps before the last, and once at the end. Returns the step."""
    from signbridge.models.fsbench import _progress

    step = start
    with _progress(progress, label, total) as advance:
        for _ in range(step):  # a resumed run's bar starts where it stopped
            advance()
        while step < total:
            losses.append(step_fn())
            step += 1
            advance()
            if save is not None and save_every and step % save_every == 0 and step < total:
                save(step)
    if save is not None:
        save(step)
    return step


def loop_state(step: int, losses: list[float], optimizer, scheduler, rng: np.random.Generator, **extra) -> dict:
    """What `torch.save` keeps so that `restore_loop` continues the run exactly."""
    return {"step": step, "losses": losses, "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
            "rng": rng.bit_generator.state, **extra}


def restore_loop(state: dict, optimizer, scheduler, rng: np.random.Generator) -> tuple[int, list[float]]:
    """Load a `loop_state` back into the optimizer, scheduler and RNG; returns (step, losses)."""
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    rng.bit_generator.state = state["rng"]
    return int(state["step"]), list(state["losses"])


def probe_loss(module: torch.nn.Module, loss_fn: Callable[[], torch.Tensor]) -> float:
    """`loss_fn()` in eval mode without gradients (the module's mode is restored), rounded to 4 places."""
    was_training = module.training
    module.eval()
    with torch.no_grad():
        loss = float(loss_fn())
    module.train(was_training)
    return round(loss, 4)
