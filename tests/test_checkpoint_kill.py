"""A kill during a checkpoint save never breaks training: resuming gives the uninterrupted run, bit for bit.

Every rename a training run makes (inside the staging folder, the two folder swaps, the manifest) is
made to fail in turn, as a kill there would leave it; `--resume` must then finish the run with weights
identical to a run that was never interrupted (weights, optimiser, scheduler, PLC and RNG state are
saved as one unit). benchmarks/crash_resume.py does the same with real SIGKILLs.
"""

import os

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("wordfreq")
torch.set_num_threads(1)

from signbridge.models import fsbench  # noqa: E402
from signbridge.models.training.text2pose_config import Text2PoseConfig  # noqa: E402
from signbridge.models.training.text2pose_trainer import Text2PoseTrainer  # noqa: E402

FS = fsbench.FSBenchConfig(words_per_language=16)
CONFIG = dict(languages=["ase"], steps=4, save_every=2, batch_size=4, words_per_language=16, eval_words=2,
              warmup_steps=2, lr=3e-3, max_frames=60, loss="rl", plc=True)


class Killed(BaseException):
    """Stands for SIGKILL: no handler in the trainer catches it (KeyboardInterrupt would save first)."""


def train(settings, out, resume=False):
    return Text2PoseTrainer(Text2PoseConfig(**CONFIG), settings, out, resume=resume, progress=False,
                            fsbench_config=FS).train()


def weights(out):
    from safetensors.torch import load_file

    return load_file(str(out / "groups" / "ase" / "model.safetensors"))


def test_kill_at_every_rename_then_resume_is_bit_exact(settings, tmp_path, monkeypatch):
    from signbridge.models.training import text2pose_trainer

    # the dev evaluation (autoregressive decoding) is not what this test is about: skip its cost
    monkeypatch.setattr(text2pose_trainer, "mean_dtw", lambda *args: 0.0)
    train(settings, tmp_path / "warm")  # FS-Bench targets are cached (their writes are renames too)
    real_replace = os.replace
    renames = []

    def counting(src, dst):
        renames.append(dst)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", counting)
    train(settings, tmp_path / "straight")
    monkeypatch.setattr(os, "replace", real_replace)
    expected = weights(tmp_path / "straight")
    assert len(renames) == 5  # first save: swap in + manifest; second: two swaps + manifest

    for n in range(len(renames)):
        out = tmp_path / f"killed-{n}"
        calls = {"n": 0}

        def dying(src, dst):
            if calls["n"] == n:
                raise Killed
            calls["n"] += 1
            return real_replace(src, dst)

        monkeypatch.setattr(os, "replace", dying)
        with pytest.raises(Killed):
            train(settings, out)
        monkeypatch.setattr(os, "replace", real_replace)
        result = train(settings, out, resume=True)
        assert result.groups["ase"].step == CONFIG["steps"]
        got = weights(out)
        assert all(torch.equal(expected[k], got[k]) for k in expected), f"diverged after a kill at rename {n}"
        assert not [p.name for p in (out / "groups").iterdir() if p.name.startswith(".")]  # no staging left
