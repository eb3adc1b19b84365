"""Where training batches come from: an indexed dataset or a streamed corpus, each with the PLC.

- `IndexedSource` (FS-Bench, anything in memory): uniform sampling, or the Priority Learning
  Channel over the whole dataset (SignLLM's S = the dataset).
- `StreamSource` (Prompt2Sign .skels, JSONL manifests): a shuffle buffer of `buffer` samples
  refilled from the stream as a sliding window (every step the `batch_size` oldest slots get new
  samples, so each sample stays buffer/batch_size steps); the PLC prioritises within the buffer,
  and a slot's reward is forgotten when a new sample replaces it.

Both return `(Batch, weights)` and take rewards back through `report(indices, rewards)`.
Their random state is part of the checkpoint, so a resumed run draws the same batches.
"""

from collections.abc import Iterable

import numpy as np
import torch

from signbridge.models.datasets import Batch, Sample, collate
from signbridge.models.training.plc import PLCConfig, PriorityLearningChannel
from signbridge.models.vocab import CharVocab


def _draw(source, pool: list[Sample], uniform) -> tuple[Batch, torch.Tensor | None]:
    """A batch from `pool`: by the Priority Learning Channel (with importance weights) or `uniform()`."""
    if source.plc is not None:
        idx, weights = source.plc.sample(source.batch_size)
        w = torch.tensor(weights, dtype=torch.float32)
    else:
        idx, w = uniform(), None
    batch = collate([pool[i] for i in idx], source.vocab, source.mark, indices=idx.tolist(),
                    input_noise=source.input_noise, generator=source.noise_generator)
    return batch, w


def _report(plc, indices: list[int], rewards: list[float]) -> None:
    if plc is not None:  # rewards feed the PLC's priorities; plain sampling ignores them
        plc.update(indices, rewards)


class IndexedSource:
    def __init__(self, samples: list[Sample], batch_size: int, vocab: CharVocab, mark_language: bool,
                 plc: PLCConfig | None, seed: int, input_noise: float = 0.0):
        if not samples:
            from signbridge.knowledge.errors import InputError

            raise InputError("no training samples (is the word list empty or --max-frames too small?)")
        self.samples, self.batch_size, self.vocab, self.mark = samples, batch_size, vocab, mark_language
        self.rng = np.random.default_rng(seed)
        self.noise_generator = torch.Generator().manual_seed(seed)
        self.input_noise = input_noise
        self.plc = PriorityLearningChannel(len(samples), plc, seed=seed) if plc is not None else None
        self._order: list[int] = []

    def _uniform(self) -> np.ndarray:
        # epochs of shuffled indices: every sample once per epoch
        out = []
        while len(out) < self.batch_size:
            if not self._order:
                self._order = self.rng.permutation(len(self.samples)).tolist()
            out.append(self._order.pop())
        return np.asarray(out)

    def next_batch(self) -> tuple[Batch, torch.Tensor | None]:
        return _draw(self, self.samples, self._uniform)

    def report(self, indices: list[int], rewards: list[float]) -> None:
        _report(self.plc, indices, rewards)

    def state_dict(self) -> dict:
        return {"rng": self.rng.bit_generator.state, "order": list(self._order),
                "noise": self.noise_generator.get_state(), "plc": self.plc.state_dict() if self.plc else None}

    def load_state_dict(self, state: dict) -> None:
        self.rng.bit_generator.state = state["rng"]
        self._order = list(state["order"])
        self.noise_generator.set_state(state["noise"])
        if self.plc is not None and state.get("plc"):
            self.plc.load_state_dict(state["plc"])


class StreamSource:
    """Batches from a (possibly endless) stream through a shuffle/priority buffer."""

    def __init__(self, stream: Iterable[Sample], batch_size: int, vocab: CharVocab, mark_language: bool,
                 plc: PLCConfig | None, seed: int, buffer: int = 512, input_noise: float = 0.0,
                 max_frames: int | None = None):
        self.stream, self.batch_size, self.vocab, self.mark = stream, batch_size, vocab, mark_language
        self.max_frames, self.input_noise = max_frames, input_noise
        self.rng = np.random.default_rng(seed)
        self.noise_generator = torch.Generator().manual_seed(seed)
        self.capacity = max(buffer, batch_size)
        self.buffer: list[Sample] = []
        self.plc_config = plc
        self.plc: PriorityLearningChannel | None = None
        self._iter = None
        self._oldest = 0
        self.consumed = 0

    def _next_sample(self) -> Sample:
        while True:
            if self._iter is None:
                self._iter = iter(self.stream)
            try:
                s = next(self._iter)
            except StopIteration:  # one pass done: start the next epoch
                self._iter = None
                if self.consumed == 0:
                    from signbridge.knowledge.errors import InputError

                    raise InputError("the training corpus yielded no samples") from None
                continue
            self.consumed += 1
            if s.frames > 0 and (self.max_frames is None or s.frames <= self.max_frames):
                return s

    def _fill(self) -> None:
        while len(self.buffer) < self.capacity:
            self.buffer.append(self._next_sample())
        if self.plc is None and self.plc_config is not None:
            self.plc = PriorityLearningChannel(self.capacity, self.plc_config, seed=int(self.rng.integers(2**31)))

    def next_batch(self) -> tuple[Batch, torch.Tensor | None]:
        if self.buffer:  # a sliding window: the `batch_size` oldest slots get fresh samples
            for _ in range(self.batch_size):
                slot = self._oldest % self.capacity
                self.buffer[slot] = self._next_sample()
                if self.plc is not None:
                    self.plc.update([slot], [float("nan")])  # a new occupant starts unseen
                self._oldest += 1
        self._fill()
        return _draw(self, self.buffer, lambda: self.rng.choice(self.capacity, size=self.batch_size, replace=False))

    def report(self, indices: list[int], rewards: list[float]) -> None:
        _report(self.plc, indices, rewards)

    def state_dict(self) -> dict:
        # a stream position cannot be restored cheaply: a resumed run continues with a fresh pass
        return {"rng": self.rng.bit_generator.state, "noise": self.noise_generator.get_state()}

    def load_state_dict(self, state: dict) -> None:
        self.rng.bit_generator.state = state["rng"]
        self.noise_generator.set_state(state["noise"])
