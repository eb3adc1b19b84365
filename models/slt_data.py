"""Fingerspelling-level SLT data: FS-Bench words and phrases (several words with pauses).

Word level: FS-Bench samples as they are (a real letter-clip composition per word, text = the word).
Phrase level: 2..`max_words` words of ONE split joined in time with a pause (the last frame held for
`pause_frames`, then a short interpolated move to the next word's first frame); text = the words
separated by spaces. Phrases only combine words of their own split, so dev/test phrases contain no
training word. The phrase list is drawn with a fixed seed per (language, split): same data every run.

This is fingerspelling-level SLT: the "sentences" are spelled words, not signed sentences.
"""

from __future__ import annotations

import hashlib

import numpy as np

from signbridge.models.datasets import Sample

NOTE = "fingerspelling-level SLT: FS-Bench compositions of real letter clips (words and phrases of spelled words)"


def join_with_pause(parts: list[Sample], pause_frames: int, move_frames: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """[(T_i, 50, 3)] -> one (T, 50, 3) sequence with held pauses and short moves between words."""
    data, conf = [parts[0].data], [parts[0].conf]
    for previous, nxt in zip(parts, parts[1:]):
        last, first = previous.data[-1], nxt.data[0]
        hold = np.repeat(last[None], pause_frames, axis=0)
        w = np.linspace(0, 1, move_frames + 2)[1:-1, None, None]
        move = last[None] * (1 - w) + first[None] * w
        visible = (previous.conf[-1] > 0) & (nxt.conf[0] > 0)
        move[:, ~visible] = 0
        data += [hold, move.astype(np.float32), nxt.data]
        conf += [np.repeat(previous.conf[-1][None], pause_frames, 0),
                 np.repeat(visible.astype(np.float32)[None], move_frames, 0), nxt.conf]
    return np.concatenate(data).astype(np.float32), np.concatenate(conf).astype(np.float32)


def phrases(words: list[Sample], count: int, max_words: int, pause_frames: int, seed_key: str) -> list[Sample]:
    """`count` phrases of 2..max_words distinct words drawn from `words` (deterministic per seed_key)."""
    if len(words) < 2 or count <= 0:
        return []
    rng = np.random.default_rng(int(hashlib.sha1(seed_key.encode()).hexdigest()[:12], 16))
    out, seen = [], set()
    for _ in range(count * 3):
        n = int(rng.integers(2, max(2, max_words) + 1))
        idx = rng.choice(len(words), size=min(n, len(words)), replace=False)
        text = " ".join(words[i].text for i in idx)
        if text in seen:
            continue
        seen.add(text)
        data, conf = join_with_pause([words[i] for i in idx], pause_frames)
        out.append(Sample(text, words[0].language, data, conf, id=f"phrase:{words[0].language}:{text}"))
        if len(out) >= count:
            break
    return out


def fsbench_slt(language: str, split: str, settings, words_per_language: int, phrases_per_split: int,
                max_words: int = 3, pause_frames: int = 5, progress: bool = True) -> list[Sample]:
    """Word- and phrase-level samples of one FS-Bench split (phrases scaled down for dev/test)."""
    from signbridge.models import fsbench

    cfg = fsbench.FSBenchConfig(words_per_language=words_per_language)
    words = fsbench.load(language, split, settings, cfg, progress=progress)
    count = phrases_per_split if split == "train" else max(1, phrases_per_split // 4)
    return words + phrases(words, count, max_words, pause_frames, f"{language}|{split}|{words_per_language}")


def balanced(samples: list[Sample], limit: int) -> list[Sample]:
    """Up to `limit` samples, half words and half phrases where both exist (dev/test scoring)."""
    words = [s for s in samples if " " not in s.text]
    multi = [s for s in samples if " " in s.text]
    half = limit // 2
    picked = words[: max(half, limit - len(multi))] + multi[: max(half, limit - len(words))]
    return picked[:limit]
