"""Animated signs kept on disk (knowledge/animation/cache.py), on real DGS dictionary entries: a stored
pose is the animator's pose, a changed animator or config is a miss, a damaged file is animated again."""

import shutil
from dataclasses import replace

import numpy as np
import pytest

from signbridge.knowledge import disk_cache
from signbridge.knowledge.animation import cache, entries as animation_entries
from signbridge.knowledge.animation.config import AnimationConfig
from signbridge.knowledge.animation.types import HAMNOSYS_PROVENANCE, AnimationError


@pytest.fixture(scope="module")
def kind(kb):
    return next(e for e in kb.entries(language="gsg") if e.gloss == "KIND" and e.hamnosys)


@pytest.fixture
def counted(tmp_path, monkeypatch):
    """A cache folder, and how often the animator ran."""
    calls = []
    real = animation_entries.animation_for

    def animation_for(entry, config=None):
        calls.append(entry.id)
        return real(entry, config)

    monkeypatch.setattr(animation_entries, "animation_for", animation_for)
    disk_cache.use(tmp_path / "cache")
    yield calls
    disk_cache.use(None)


def _same(a, b):
    assert np.array_equal(np.ma.getdata(a.body.data), np.ma.getdata(b.body.data))
    assert np.array_equal(a.body.confidence, b.body.confidence) and a.body.fps == b.body.fps
    assert [c.name for c in a.header.components] == [c.name for c in b.header.components]


def _files(tmp_path, suffix=".pose"):
    return sorted((tmp_path / "cache" / "animated").rglob(f"*{suffix}"))


def test_a_stored_pose_is_the_animators_and_is_read_without_animating(kind, counted, tmp_path):
    fresh, how = cache.animated_pose(kind)
    assert how == HAMNOSYS_PROVENANCE and counted == [kind.id] and len(_files(tmp_path)) == 1
    stored, how_stored = cache.animated_pose(kind)
    assert counted == [kind.id] and how_stored == how  # a hit: the animator did not run again
    _same(stored, fresh)
    _same(stored, animation_entries.animation_for(kind).pose)
    cache.animated_pose(kind, AnimationConfig(move_seconds=0.5))  # another config: another file
    assert len(counted) == 3 and len(_files(tmp_path)) == 2


def test_a_changed_animator_is_a_miss_and_old_poses_are_removed(kind, counted, tmp_path, monkeypatch):
    # the fingerprint follows the animator's files by content: a copy hashes alike, an edit does not
    copy = tmp_path / "knowledge"
    for folder in cache._SOURCES:
        shutil.copytree(cache._KNOWLEDGE / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    assert cache.fingerprint(copy) == cache.fingerprint()
    with open(copy / "animation" / "run.py", "a", encoding="utf-8") as f:
        f.write("\n# a changed animator\n")
    cache.fingerprint.cache_clear()
    changed = cache.fingerprint(copy)
    assert changed != cache.fingerprint()

    cache.animated_pose(kind)
    old_folder = _files(tmp_path)[0].parent
    monkeypatch.setattr(cache, "fingerprint", lambda: changed)
    cache.animated_pose(kind)
    assert len(counted) == 2  # animated again for the changed animator
    assert [f.parent.name for f in _files(tmp_path)] == [changed] and not old_folder.exists()


@pytest.mark.parametrize("damage", ["garbage", "flipped byte", "truncated", "empty", "a folder"])
def test_a_damaged_file_is_animated_again_and_rewritten(kind, counted, tmp_path, damage):
    fresh, _ = cache.animated_pose(kind)
    path = _files(tmp_path)[0]
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a pose at all" * 10)
    elif damage == "flipped byte":
        path.write_bytes(data[:500] + bytes([data[500] ^ 0xFF]) + data[501:])
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        path.mkdir()
    pose, _ = cache.animated_pose(kind)
    assert len(counted) == 2  # not used: animated again
    _same(pose, fresh)
    if damage != "a folder":  # a folder in its place cannot be replaced: the pose is still right
        assert path.read_bytes() == data  # written again
        cache.animated_pose(kind)
        assert len(counted) == 2


def test_a_refused_notation_is_remembered_with_its_reason(kind, counted, tmp_path):
    bad = replace(kind, id="test:bad", hamnosys="\ue0ff\ue0fe")  # symbols HamNoSys does not have
    with pytest.raises(AnimationError) as first:
        cache.animated_pose(bad)
    with pytest.raises(AnimationError) as second:
        cache.animated_pose(bad)
    assert str(second.value) == str(first.value) and counted == [bad.id]
    assert len(_files(tmp_path, ".error")) == 1


def test_without_a_cache_folder_nothing_is_written(kind, tmp_path, monkeypatch):
    disk_cache.use(None)
    monkeypatch.chdir(tmp_path)
    pose, _ = cache.animated_pose(kind)
    assert pose.body.data.shape[1:] == (1, 586, 3) and not any(tmp_path.iterdir())


def test_a_stored_sign_is_read_without_importing_the_animator(kind, tmp_path):
    import json
    import os
    import subprocess
    import sys

    script = ("import json, sys\n"
              "from signbridge.knowledge import disk_cache\n"
              "from signbridge.knowledge.animation.cache import animated_pose\n"
              "from signbridge.knowledge.types import LexiconEntry\n"
              "disk_cache.use(sys.argv[1])\n"
              "pose, _ = animated_pose(LexiconEntry.from_dict(json.loads(sys.argv[2])))\n"
              "print(len(pose.body.data), 'scipy' in sys.modules, 'signbridge.knowledge.animation.run' in sys.modules)\n")
    args = [sys.executable, "-c", script, str(tmp_path / "cache"), json.dumps(kind.to_dict())]
    runs = [subprocess.run(args, capture_output=True, text=True, env=os.environ, check=True).stdout.split()
            for _ in range(2)]
    assert runs[0][1:] == ["True", "True"]  # the first process animated
    assert runs[1] == [runs[0][0], "False", "False"]  # the second read the same pose, no animator imported
