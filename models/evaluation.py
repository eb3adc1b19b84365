"""Dev-set evaluation of text-to-pose groups: DTW mean joint error against the targets, and FS-Bench scores.

The metric itself is `signbridge.models.metrics.dtw_mje` (defined once, shared with the eval suites): the
generated sequence (every point visible) against the target (its missing points masked), in
normalised units (1.0 = one shoulder width).
"""

import numpy as np

from signbridge.models.datasets import Sample
from signbridge.models.generator import Group, generate_arrays
from signbridge.models.metrics import dtw_mje


def dtw_scores(group: Group, samples: list[Sample], language: str, max_frames: int | None = None) -> list[float]:
    """One DTW-MJE per sample (generated from its text, compared with its target pose)."""
    if not samples:
        return []
    generated = generate_arrays(group, [s.text for s in samples], language, max_frames=max_frames)
    return [dtw_mje(g, s.data, None, s.conf) for g, s in zip(generated, samples)]


def mean_dtw(group: Group, samples: list[Sample], language: str, max_frames: int | None = None) -> float:
    scores = [v for v in dtw_scores(group, samples, language, max_frames) if np.isfinite(v)]
    return float(np.mean(scores)) if scores else float("nan")


def evaluate_checkpoint(generator_dir, recognizer_dir, languages: list[str], settings, split: str = "test",
                        limit: int | None = 60, fsbench_config=None, progress: bool = False) -> dict[str, dict]:
    """FS-Bench scores per language: DTW-MJE of generated poses, and back-translation CER and
    character BLEU (`signbridge.models.backtranslate.scores`) on generated poses and (the recogniser's
    ceiling) on the ground-truth poses.

    `recognizer_dir=None` skips back-translation (so does a language the recogniser lacks, with a note).
    """
    from signbridge.models import fsbench
    from signbridge.models.backtranslate import read_back, scores
    from signbridge.models.generator import Generator
    from signbridge.models.recognizer import load_recognizer, recognizer_dir as recognizer_folder

    generator = Generator.load(generator_dir)
    out: dict[str, dict] = {}
    for code in languages:
        samples = fsbench.load(code, split, settings, fsbench_config, limit=limit, progress=progress)
        words = [s.text for s in samples]
        generated = generator.generate_arrays(words, code)
        dtws = [dtw_mje(g, s.data, None, s.conf) for g, s in zip(generated, samples)]
        row = {"words": len(samples), "dtw": float(np.nanmean(dtws)) if dtws else float("nan"),
               "frames_generated": float(np.mean([g.shape[0] for g in generated])) if generated else 0.0,
               "frames_target": float(np.mean([s.frames for s in samples])) if samples else 0.0}
        if recognizer_dir is not None and samples and not (recognizer_folder(recognizer_dir, code) / "model.safetensors").exists():
            row["note"] = f"no {code} recogniser in {recognizer_dir}: back-translation skipped"
        elif recognizer_dir is not None and samples:
            recognizer = load_recognizer(recognizer_dir, code)
            on_generated = read_back(recognizer, generated, words)
            on_ground_truth = scores(read_back(recognizer, [s.data for s in samples], words))
            generated_scores = scores(on_generated)
            row.update(cer_generated=generated_scores["cer"], bleu_generated=generated_scores["bleu"],
                       cer_ground_truth=on_ground_truth["cer"], bleu_ground_truth=on_ground_truth["bleu"],
                       examples=[{"word": w, "generated": h} for w, h in on_generated[:5]])
        out[code] = row
    return out


def mean_pose_baseline(language: str, settings, split: str = "test", limit: int | None = 60,
                       fsbench_config=None) -> float:
    """DTW-MJE of a trivial generator that outputs the training set's mean frame (visible points),
    repeated for the mean training length: the floor any trained model should beat."""
    from signbridge.models import fsbench

    train = fsbench.load(language, "train", settings, fsbench_config, progress=False)
    frames = np.concatenate([s.data for s in train])  # (N, 50, 3)
    visible = np.concatenate([s.conf for s in train]) > 0  # (N, 50)
    mean = (frames * visible[..., None]).sum(0) / np.maximum(visible.sum(0), 1)[:, None]  # (50, 3)
    length = int(round(np.mean([s.frames for s in train])))
    constant = np.repeat(mean[None], max(1, length), axis=0)
    samples = fsbench.load(language, split, settings, fsbench_config, limit=limit, progress=False)
    return float(np.nanmean([dtw_mje(constant, s.data, None, s.conf) for s in samples]))
