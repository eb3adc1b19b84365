"""Animated dictionary signs kept on disk: a process that produces a known sign reads its pose.

Why: animating one sign in a fresh process imports the animator (scipy among others), measures the
neutral body from the fingerspelling clips and runs the pipeline: ~0.5 s of every `ask` and `produce`
with a dictionary sign, for a result that only changes when the animator does.

One file per (animator fingerprint, notation kind, notation, AnimationConfig) under
`<cache dir>/animated/<fingerprint>/`: the pose as `pose_format` writes it, then the SHA-256 of those
bytes (a damaged or truncated file fails the check and is animated and written again, never used).
The fingerprint hashes this package's and the HamNoSys parser's files and the versions of the
packages whose data or numerics the animator uses, so a changed animator never serves an old pose;
when a new fingerprint is first written, the folders of other fingerprints are removed. A notation the
animator refuses is remembered as well (its reason, in a `.error` file), so it is not retried in every
process. Without a cache folder (`disk_cache.use`, set by the CLI) every call animates, as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import shutil
from functools import lru_cache
from pathlib import Path

from signbridge.knowledge.animation.config import AnimationConfig
from signbridge.knowledge.animation.types import PROVENANCE, AnimationError

FORMAT = 1  # bump when the file layout changes
_DIGEST = 32  # bytes of SHA-256 after the pose
_KNOWLEDGE = Path(__file__).resolve().parent.parent  # signbridge.knowledge
_SOURCES = ("animation", "hamnosys")  # its folders whose files make up the animator
_DISTRIBUTIONS = ("spoken-to-signed", "pose-format", "numpy", "scipy")  # body clips, pose I/O, numerics


@lru_cache(maxsize=2)
def fingerprint(root: Path = _KNOWLEDGE) -> str:
    """A short hash of everything the animator's output depends on besides its input: the files of
    `root`'s animator folders (by content) and the versions of the packages it uses."""
    from signbridge.knowledge.package_data import package_version

    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for folder in _SOURCES:
        for path in sorted((root / folder).iterdir()):
            if path.suffix in (".py", ".json") and path.is_file():
                digest.update(f"{folder}/{path.name}\0".encode() + path.read_bytes())
    for distribution in _DISTRIBUTIONS:
        digest.update(f"{distribution}={package_version(distribution)}\0".encode())
    return digest.hexdigest()[:16]


def _notation(entry) -> tuple[str, str] | None:
    """(kind, notation) the animator would use for `entry` (HamNoSys preferred), or None."""
    if entry.hamnosys:
        return "hamnosys", entry.hamnosys
    if entry.signwriting:
        return "signwriting", entry.signwriting
    return None


def cache_path(kind: str, notation: str, config: AnimationConfig) -> Path | None:
    """Where this animation is kept (without a suffix), or None when no cache folder is configured."""
    from signbridge.knowledge.disk_cache import folder

    where = folder("animated")
    if where is None:
        return None
    key = json.dumps([kind, notation, dataclasses.asdict(config)], sort_keys=True, ensure_ascii=False)
    return where / fingerprint() / hashlib.sha256(key.encode()).hexdigest()[:32]


def _read(path: Path):
    """The stored pose, or None when there is none or it is damaged (checksum, parse or pose check)."""
    from signbridge.knowledge.pose_checks import pose_problem

    try:
        data = path.with_suffix(".pose").read_bytes()
    except OSError:
        return None
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if len(data) <= _DIGEST or hashlib.sha256(body).digest() != digest:
        return None
    from pose_format import Pose

    try:
        pose = Pose.read(body)
    except Exception:  # noqa: BLE001  (pose_format raises many kinds on bad bytes: any of them means rebuild)
        return None
    return None if pose_problem(pose) else pose


def _write(path: Path, pose=None, error: str | None = None) -> None:
    """Store a pose (or the animator's refusal); a full or read-only disk only costs the next process time."""
    from signbridge.knowledge.atomic import atomic_write_bytes

    try:
        if not path.parent.is_dir():  # a new fingerprint: the poses of other animator versions are stale
            for old in path.parent.parent.glob("*"):
                if old.is_dir() and old.name != path.parent.name:
                    shutil.rmtree(old, ignore_errors=True)
        if error is not None:
            atomic_write_bytes(path.with_suffix(".error"), error.encode())
            return
        buffer = io.BytesIO()
        pose.write(buffer)
        body = buffer.getvalue()
        atomic_write_bytes(path.with_suffix(".pose"), body + hashlib.sha256(body).digest())
    except OSError:
        pass


def animated_pose(entry, config: AnimationConfig | None = None):
    """(pose_format.Pose, provenance) of the entry's animation: stored, or animated now (and stored).

    Raises AnimationError (with the animator's reason) when the entry cannot be animated.
    """
    config = config or AnimationConfig()
    found = _notation(entry)
    path = cache_path(*found, config) if found else None
    if path is not None:
        pose = _read(path)
        if pose is not None:
            return pose, PROVENANCE[found[0]]
        try:
            reason = path.with_suffix(".error").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            reason = None
        if reason:
            raise AnimationError(reason)
    from signbridge.knowledge.animation.entries import animation_for

    try:
        animation = animation_for(entry, config)
    except AnimationError as error:
        if path is not None:
            _write(path, error=str(error))
        raise
    if path is not None:
        _write(path, animation.pose)
    return animation.pose, animation.provenance
