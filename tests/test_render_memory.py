"""Render memory does not grow with the length of the production (frames are streamed into the
encoders), and streaming draws and encodes the same pictures as holding the whole clip did."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from signbridge.knowledge.fingerspelling import spell_pose
from signbridge.tools.render import animation, encoders

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "render_memory.py"


def test_render_memory_stays_flat_as_the_text_grows():
    """The benchmark, small: each length in its own process; rendering's peak above the RSS before it."""
    done = subprocess.run([sys.executable, str(BENCHMARK), "--letters", "25", "100", "--size", "96", "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    short, long = (json.loads(line) for line in done.stdout.splitlines())
    assert long["frames"] > 3.5 * short["frames"] > 1000
    # Holding every frame (~60 KB each at 96 px) made the long render need ~90 MB more than the short one
    # (+70 vs +173 MB); streamed, both need the same few tens of MB (the encoders' fixed buffers).
    assert long["render_adds"] < short["render_adds"] + 12, (short, long)


def test_streaming_draws_the_same_frames_in_any_chunk_size():
    pose = spell_pose("hello", "ase")
    config = animation.AnimationConfig(size=128)
    whole = animation.Skeleton(pose, config, chunk=10**6)
    assert whole.side > 0  # tall frame: the hand insets (scaled over the whole clip) are drawn
    small = animation.Skeleton(pose, config, chunk=7)
    assert small.scales == whole.scales and small.size == whole.size
    for a, b in zip(whole.frames(), small.frames(), strict=True):
        assert np.array_equal(a, b)


def test_frame_box_is_numpy_percentile_exactly():
    pose = spell_pose("hello", "ase")
    xy, visible, (w, h) = animation.project(pose, animation.AnimationConfig(size=128))
    skeleton = animation.Skeleton(pose, animation.AnimationConfig(size=128), chunk=5)
    groups = skeleton.groups
    drawn = np.unique(np.concatenate([g.edges.ravel() for g in groups]))
    data = np.asarray(np.ma.getdata(pose.body.data)[:, 0, :, :2], dtype=np.float32)
    seen = data[:, drawn][np.asarray(pose.body.confidence[:, 0] > 0)[:, drawn]]
    lo, hi = skeleton._bounds(drawn)
    assert np.array_equal(lo, np.percentile(seen, 0.1, axis=0)) and np.array_equal(hi, np.percentile(seen, 99.9, axis=0))
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 999, 1001, 5000):  # the rank arithmetic at the edges
        values = rng.normal(size=(n, 2)).astype(np.float32)
        for q in (0.1, 99.9):
            p, nxt, t = animation._ranks(n, q)
            ordered = np.sort(values, axis=0)
            assert np.array_equal(animation._lerp(ordered[p], ordered[nxt], t), np.percentile(values, q, axis=0))


def test_streamed_gif_decodes_to_the_frames_pillow_would_write(tmp_path):
    pose = spell_pose("ab", "gsg")
    skeleton = animation.Skeleton(pose, animation.AnimationConfig(size=96))
    frames = list(skeleton.frames())
    encoders.save_animation(skeleton, 25.0, gifs=[tmp_path / "s.gif"])
    # what the renderer wrote before streaming: Pillow's save_all over every quantized frame
    sample = [frames[t] for t in range(0, len(frames), max(1, len(frames) // 4))[:4]]
    palette = Image.fromarray(np.concatenate(sample)).quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    held = [Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    held[0].save(tmp_path / "h.gif", save_all=True, append_images=held[1:], duration=40, loop=0, optimize=False,
                 disposal=1)

    def decode(path):
        with Image.open(path) as gif:
            out = []
            for i in range(gif.n_frames):
                gif.seek(i)
                out.append((np.asarray(gif.convert("RGB")), gif.info["duration"]))
            return out, gif.info.get("loop")

    streamed, held_frames = decode(tmp_path / "s.gif"), decode(tmp_path / "h.gif")
    assert streamed[1] == held_frames[1] == 0
    assert len(streamed[0]) == len(held_frames[0]) < len(frames)  # repeated frames merged, as Pillow does
    for (a, da), (b, db) in zip(streamed[0], held_frames[0]):
        assert np.array_equal(a, b) and da == db
