"""The loop skeleton the LoRA trainers share (models/training/loop.py): schedule, saves, resumable state."""

import copy

import numpy as np
import pytest
import torch

from signbridge.models.training.loop import loop_state, probe_loss, restore_loop, run_steps, warmup_cosine


def _setup(seed=0):
    torch.manual_seed(seed)
    layer = torch.nn.Linear(3, 1)
    optimizer = torch.optim.AdamW(layer.parameters(), lr=0.1)
    return layer, optimizer, warmup_cosine(optimizer, warmup_steps=2, total_steps=6), np.random.default_rng(seed)


def _step(layer, optimizer, scheduler, rng):
    x = torch.tensor(rng.normal(size=(4, 3)), dtype=torch.float32)  # (batch, features)
    loss = (layer(x) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()
    return float(loss)


def test_warmup_then_cosine_down_to_a_tenth():
    _, optimizer, scheduler, _ = _setup()
    rates = []
    for _ in range(6):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    assert rates[0] == pytest.approx(0.05) and rates[1] == pytest.approx(0.1 * (0.55 + 0.45 * np.cos(np.pi / 6)))
    assert rates[1] > rates[2] > rates[5] == pytest.approx(0.1 * (0.55 + 0.45 * np.cos(5 * np.pi / 6)))


def test_saves_every_n_steps_and_at_the_end_and_a_resumed_run_continues_exactly():
    layer, optimizer, scheduler, rng = _setup()
    losses, saved, states = [], [], {}

    def save(step):
        saved.append(step)
        # a snapshot, as torch.save writes one (state_dict() holds the live optimizer tensors)
        states[step] = (copy.deepcopy(loop_state(step, list(losses), optimizer, scheduler, rng)),
                        {k: v.clone() for k, v in layer.state_dict().items()})

    assert run_steps(lambda: _step(layer, optimizer, scheduler, rng), 0, 6, losses, progress=False, label="t",
                     save=save, save_every=4) == 6
    assert saved == [4, 6] and len(losses) == 6

    # a run killed after step 4 resumes from its state: the same last two losses and weights
    layer2, optimizer2, scheduler2, rng2 = _setup(seed=1)
    state, weights = states[4]
    layer2.load_state_dict(weights)
    step, resumed = restore_loop(state, optimizer2, scheduler2, rng2)
    assert step == 4 and resumed == losses[:4]
    run_steps(lambda: _step(layer2, optimizer2, scheduler2, rng2), step, 6, resumed, progress=False, label="t")
    assert resumed == pytest.approx(losses)
    assert all(torch.equal(a, b) for a, b in zip(layer.state_dict().values(), layer2.state_dict().values()))


def test_probe_loss_runs_without_gradients_and_keeps_the_mode():
    layer, *_ = _setup()
    layer.train()
    x = torch.ones(2, 3)  # (batch, features)
    loss = probe_loss(layer, lambda: (layer(x) ** 2).mean())
    assert layer.training and layer.weight.grad is None
    assert loss == round(float((layer(x) ** 2).mean()), 4)
