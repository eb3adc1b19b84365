"""Pose file formats: read any of them into `pose_format.Pose`, write a Pose back out.

=============  =====================================  ==========================  ========  ======
name           what                                   recognised by               clips     layout
=============  =====================================  ==========================  ========  ======
pose           pose-format binary (.pose)             ``.pose``                   1         as stored
prompt2sign    Prompt2Sign text, 151 numbers/frame    ``.txt``, ``.skels`` (151)  1/line    common
skels          Prompt2Sign DWPose .skels, 385/frame   ``.skels`` (385)            1/line    dwpose
signverse      SignVerse-2M poses.npz                 ``.npz``                    1         dwpose
openpose       OpenPose *_keypoints.json per frame    a folder of them            1         openpose
=============  =====================================  ==========================  ========  ======

``read_poses(path)`` picks the format (a ``.skels`` file is told apart by its frame size) and yields
Poses lazily; ``write_poses(poses, path)`` writes any supported layout to the format of the path.
``signbridge.knowledge.formats.common.to_common`` / ``common_array`` put any of them onto the 50-point layout.
Every bad input raises `signbridge.knowledge.errors.InputError` with one line saying what is wrong.
Callers that take paths from users or LLMs must `signbridge.knowledge.paths.confine` them first.
"""

import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pose_format import Pose

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats._io import atomic_path, existing_file, iter_number_lines
from signbridge.knowledge.formats.common import (
    COMMON_COMPONENTS,
    COMMON_POINT_NAMES,
    common_array,
    convert_layout,
    detect_layout,
    from_common_array,
    to_common,
)

__all__ = [
    "FORMATS", "PoseFormat", "read_poses", "write_poses", "detect_format", "read_pose_file", "write_pose_file",
    "COMMON_COMPONENTS", "COMMON_POINT_NAMES", "to_common", "common_array", "from_common_array",
    "convert_layout", "detect_layout",
]


def read_pose_file(path: str | Path) -> Pose:
    """Read a pose-format .pose file; a damaged file raises InputError (not a struct/numpy error)."""
    path = existing_file(path, ".pose file")
    try:
        return Pose.read(path.read_bytes())
    except (struct.error, ValueError, IndexError, TypeError, EOFError, UnicodeDecodeError, MemoryError) as error:
        raise InputError(f"{path} is not a readable .pose file ({type(error).__name__}: {error})") from None


def write_pose_file(pose: Pose, path: str | Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        pose.write(f)


def _read_prompt2sign(path: Path, **kwargs) -> Iterator[Pose]:
    from signbridge.knowledge.formats.prompt2sign import read_prompt2sign_text
    return read_prompt2sign_text(path, **kwargs)


def _read_skels(path: Path, **kwargs) -> Iterator[Pose]:
    from signbridge.knowledge.formats.prompt2sign import read_skels
    return read_skels(path, **kwargs)


def _read_signverse(path: Path, **kwargs) -> Iterator[Pose]:
    from signbridge.knowledge.formats.signverse import read_signverse_npz
    yield read_signverse_npz(path, **kwargs)


def _read_openpose(path: Path, **kwargs) -> Iterator[Pose]:
    from signbridge.knowledge.formats.openpose import read_openpose_folder
    yield read_openpose_folder(path, **kwargs)


def _read_pose(path: Path, **kwargs) -> Iterator[Pose]:
    yield read_pose_file(path)


def _single(poses: Iterable[Pose], what: str) -> Pose:
    poses = list(poses)
    if len(poses) != 1:
        raise InputError(f"a {what} holds exactly one clip, got {len(poses)}; write one file per clip")
    return poses[0]


def _write_prompt2sign(poses: Iterable[Pose], path: Path, **kwargs) -> None:
    from signbridge.knowledge.formats.prompt2sign import write_prompt2sign_text
    write_prompt2sign_text(poses, path, **kwargs)


def _write_skels(poses: Iterable[Pose], path: Path, **kwargs) -> None:
    from signbridge.knowledge.formats.prompt2sign import write_skels
    write_skels(poses, path, **kwargs)


def _write_signverse(poses: list[Pose], path: Path, **kwargs) -> None:
    from signbridge.knowledge.formats.signverse import write_signverse_npz
    write_signverse_npz(_single(poses, "SignVerse poses.npz"), path, **kwargs)


def _write_openpose(poses: list[Pose], path: Path, **kwargs) -> None:
    from signbridge.knowledge.formats.openpose import write_openpose_folder
    write_openpose_folder(_single(poses, "OpenPose folder"), path, **kwargs)


def _write_pose(poses: list[Pose], path: Path, **kwargs) -> None:
    write_pose_file(_single(poses, ".pose file"), path)


@dataclass(frozen=True)
class PoseFormat:
    """One file format: how to recognise, read (lazily, many clips) and write it."""

    name: str
    description: str
    suffixes: tuple[str, ...]  # file suffixes; empty for folder formats
    read: Callable[..., Iterator[Pose]]  # (path, **options) -> Poses
    write: Callable[..., None]  # (iterable of Poses, path, **options); text formats stream it
    layout: str  # the layout read poses come in ("as stored" for .pose)


FORMATS: dict[str, PoseFormat] = {f.name: f for f in (
    PoseFormat("pose", "pose-format binary file", (".pose",), _read_pose, _write_pose, "as stored"),
    PoseFormat("prompt2sign", "Prompt2Sign compressed text: 50 points x (x, y, z) + counter per frame, a clip "
               "per line", (".txt", ".skels"), _read_prompt2sign, _write_prompt2sign, "common"),
    PoseFormat("skels", "Prompt2Sign DWPose .skels: 128 points x (x, y, score) + counter per frame, a clip per "
               "line", (".skels",), _read_skels, _write_skels, "dwpose"),
    PoseFormat("signverse", "SignVerse-2M poses.npz (DWPose, person-centric)", (".npz",), _read_signverse,
               _write_signverse, "dwpose"),
    PoseFormat("openpose", "folder of OpenPose *_keypoints.json files (BODY_25 + face 70 + hands)", (),
               _read_openpose, _write_openpose, "openpose"),
)}


def _sniff_skels(path: Path) -> str:
    from signbridge.knowledge.formats.prompt2sign import SKELS_FRAME_SIZE, TEXT_FRAME_SIZE, sniff_period

    for _, numbers in iter_number_lines(path, ".skels pose file"):
        if numbers.size == 0:
            continue
        period = sniff_period(numbers)
        if period == TEXT_FRAME_SIZE:
            return "prompt2sign"
        if period == SKELS_FRAME_SIZE:
            return "skels"
        raise InputError(f"{path}: {numbers.size} numbers on the first clip line fit neither Prompt2Sign text "
                         "(151 per frame) nor DWPose .skels (385 per frame)")
    return "skels"  # only blank lines: either reader yields the same empty clips


def detect_format(path: str | Path) -> str:
    """The FORMATS name for a path, from its suffix (or folder contents; .skels by frame size)."""
    path = Path(path)
    if path.is_dir():
        if any(path.glob("*_keypoints.json")):
            return "openpose"
        raise InputError(f"folder '{path}' holds no OpenPose *_keypoints.json files; give a pose file or such a folder")
    suffix = path.suffix.lower()
    if suffix == ".skels":
        return _sniff_skels(existing_file(path, ".skels pose file"))
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt.name
    known = ", ".join(sorted({s for f in FORMATS.values() for s in f.suffixes}))
    raise InputError(f"unknown pose file type '{path.name}'; supported: {known}, or a folder of OpenPose JSON")


def _format(fmt: str | None, path: Path) -> PoseFormat:
    name = fmt or detect_format(path)
    if name not in FORMATS:
        raise InputError(f"unknown pose format '{name}'; choose one of: {', '.join(FORMATS)}")
    return FORMATS[name]


def read_poses(path: str | Path, fmt: str | None = None, **options) -> Iterator[Pose]:
    """Poses in a file or folder, lazily (a clip per line for the text formats).

    fmt: a FORMATS name, or None to detect it. options go to the format's reader (e.g. fps=24.0,
    person="all", allow_pickle=True). Unknown types fail at once; damaged content raises InputError
    when the reader reaches it.
    """
    path = Path(path)
    chosen = _format(fmt, path)
    if not path.exists():
        raise InputError(f"'{path}' does not exist")
    return chosen.read(path, **options)


def write_poses(poses: Pose | Iterable[Pose], path: str | Path, fmt: str | None = None, **options) -> str:
    """Write poses to `path` in `fmt` (default: from the suffix; no suffix = OpenPose folder); returns fmt."""
    path = Path(path)
    if fmt is None:
        if path.suffix:
            fmt = detect_format(path) if path.suffix.lower() != ".skels" else "skels"
        else:
            fmt = "openpose"
    chosen = _format(fmt, path)
    chosen.write([poses] if isinstance(poses, Pose) else poses, path, **options)
    return chosen.name
