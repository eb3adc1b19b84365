"""SignVerse-2M ``poses.npz`` (DWPose, person-centric) <-> Pose in the ``dwpose`` layout.

The paper (SignVerse-2M, Figure 4) gives this schema::

    poses.npz: video_id, fps, total_frames, frame_indices, frame_width, frame_height,
               frame_payloads[t]: num_persons, frame_width, frame_height, person_k:
                   body_keypoints[18, 2], body_scores[18], face_keypoints[68, 2], face_scores[68],
                   left_hand_keypoints[21, 2], left_hand_scores[21], right_hand_keypoints[21, 2],
                   right_hand_scores[21]

A per-frame dict inside an ``.npz`` can only be stored as a pickled object array, and unpickling
runs code from the file. So we support two encodings of the same schema:

- **stacked** (what we write by default, no pickle): the top-level keys above, plus the per-person
  fields stacked over frames and persons: ``num_persons`` (T,), ``body_keypoints`` (T, P, 18, 2),
  ``body_scores`` (T, P, 18), ``face_keypoints`` (T, P, 68, 2), ... ``right_hand_scores`` (T, P, 21),
  where P is the largest person count (absent persons have score 0), and ``coordinates`` =
  "normalized" (x / frame_width, y / frame_height, DWPose's convention) or "pixels". These key names
  are ours: the paper names the per-person fields but not a pickle-free layout.
- **nested** (the released corpus: ``frame_payloads`` as an object array of per-frame dicts with
  ``person_0``, ``person_1``, ... sub-dicts): read only with ``allow_pickle=True`` (trusted files
  only), written with ``write_signverse_npz(..., nested=True)``.

Coordinates in 0..1 (or files that say "normalized") are scaled to pixels by the frame size on read,
so the Pose is in pixels; invisible DWPose points (-1, -1) and score 0 are missing (confidence 0).
"""

import pickle
import warnings
import zipfile
from pathlib import Path

import numpy as np
from pose_format import Pose

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats._io import atomic_path, existing_file
from signbridge.knowledge.formats.common import convert_layout, detect_layout, make_pose, pose_arrays
from signbridge.knowledge.formats.layouts import LAYOUTS

# per-person fields in dwpose-layout order: (keypoints key, scores key, number of points)
PARTS = (
    ("body_keypoints", "body_scores", 18),
    ("face_keypoints", "face_scores", 68),
    ("left_hand_keypoints", "left_hand_scores", 21),
    ("right_hand_keypoints", "right_hand_scores", 21),
)
NUM_POINTS = 128


def _scalar(value, default=None):
    if value is None:
        return default
    array = np.asarray(value)
    return array.item() if array.size == 1 else default


def _stacked_arrays(npz) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """xy (T, P, 128, 2), scores (T, P, 128), num_persons (T,) from the stacked encoding."""
    parts_xy, parts_s = [], []
    for key_xy, key_s, n in PARTS:
        xy = np.asarray(npz[key_xy], dtype=np.float32)
        scores = np.asarray(npz[key_s], dtype=np.float32)
        if xy.ndim != 4 or xy.shape[2:] != (n, 2) or scores.shape != xy.shape[:3]:
            raise InputError(f"'{key_xy}' should have shape (frames, persons, {n}, 2), got {xy.shape}")
        parts_xy.append(xy)
        parts_s.append(scores)
    xy, scores = np.concatenate(parts_xy, axis=2), np.concatenate(parts_s, axis=2)
    num = np.asarray(npz["num_persons"]) if "num_persons" in npz else np.full(xy.shape[0], xy.shape[1])
    return xy, scores, num.astype(np.int64)


def _nested_arrays(payloads) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same arrays from the nested encoding (a sequence of per-frame dicts)."""
    payloads = list(payloads.item() if getattr(payloads, "ndim", 1) == 0 else payloads)
    num = np.array([int(_scalar((p or {}).get("num_persons"), 0)) for p in payloads], dtype=np.int64)
    persons = max(1, int(num.max(initial=0)))
    xy = np.zeros((len(payloads), persons, NUM_POINTS, 2), np.float32)
    scores = np.zeros((len(payloads), persons, NUM_POINTS), np.float32)
    for t, payload in enumerate(payloads):
        for k in range(num[t]):
            person = payload.get(f"person_{k}")
            if person is None:
                continue
            offset = 0
            for key_xy, key_s, n in PARTS:
                if key_xy in person:
                    xy[t, k, offset:offset + n] = np.asarray(person[key_xy], np.float32).reshape(n, 2)
                    scores[t, k, offset:offset + n] = np.asarray(person[key_s], np.float32).reshape(n)
                offset += n
    return xy, scores, num


def _pick(xy: np.ndarray, conf: np.ndarray, person: str | int) -> tuple[np.ndarray, np.ndarray]:
    """Keep all persons, person k, or per frame the person whose visible body+hands box is largest."""
    if person == "all":
        return xy, conf
    if isinstance(person, int):
        if not 0 <= person < xy.shape[1]:
            raise InputError(f"person {person} not in this file (it has {xy.shape[1]} person slots)")
        return xy[:, person:person + 1], conf[:, person:person + 1]
    if person != "largest":
        raise InputError(f"person must be 'largest', 'all' or an index, got {person!r}")
    visible = conf > 0  # (T, P, 128)
    big = np.where(visible[..., None], xy, np.nan)
    with warnings.catch_warnings():  # all-missing frames give all-NaN slices
        warnings.simplefilter("ignore", RuntimeWarning)
        extent = np.nanmax(big, axis=2) - np.nanmin(big, axis=2)  # (T, P, 2)
    area = np.nan_to_num(extent[..., 0] * extent[..., 1], nan=-1.0)
    best = np.argmax(area, axis=1)  # (T,)
    frames = np.arange(xy.shape[0])
    return xy[frames, best][:, None], conf[frames, best][:, None]


def read_signverse_npz(path: str | Path, person: str | int = "largest", allow_pickle: bool = False) -> Pose:
    """Read a SignVerse-2M poses.npz (stacked or nested) into a dwpose-layout Pose in pixels.

    person: "largest" (per frame, the signer with the largest visible extent), "all", or an index.
    allow_pickle: needed for the nested (released) encoding; unpickling can run code: trusted files only.
    """
    path = existing_file(path, "SignVerse poses.npz")
    try:
        with np.load(path, allow_pickle=allow_pickle) as npz:
            keys = set(npz.files)
            if "frame_payloads" in keys:
                xy, scores, num = _nested_arrays(npz["frame_payloads"])
            elif "body_keypoints" in keys:
                xy, scores, num = _stacked_arrays(npz)
            else:
                raise InputError(f"{path} has no 'frame_payloads' or 'body_keypoints': not a SignVerse poses.npz")
            fps = float(_scalar(npz["fps"] if "fps" in keys else None, 25.0))
            width = int(_scalar(npz["frame_width"] if "frame_width" in keys else None, 0))
            height = int(_scalar(npz["frame_height"] if "frame_height" in keys else None, 0))
            coordinates = str(_scalar(npz["coordinates"] if "coordinates" in keys else None, ""))
    except InputError:
        raise
    except ValueError as error:
        if "allow_pickle" in str(error):
            raise InputError(f"{path} stores Python objects (the nested SignVerse layout); pass allow_pickle=True "
                             "only if you trust the file (unpickling can run code)") from None
        raise InputError(f"{path} is not a readable SignVerse poses.npz ({error})") from None
    except (zipfile.BadZipFile, OSError, KeyError, TypeError, EOFError, AttributeError,
            pickle.UnpicklingError) as error:
        raise InputError(f"{path} is not a readable SignVerse poses.npz ({type(error).__name__}: {error})") from None

    present = np.arange(xy.shape[1])[None, :] < num[:, None]  # (T, P) persons actually detected
    invisible = np.all(xy == -1, axis=-1) | ~np.isfinite(xy).all(axis=-1) | ~np.isfinite(scores)
    conf = np.where(invisible | ~present[..., None], 0.0, np.clip(np.nan_to_num(scores), 0.0, None))
    xy = np.nan_to_num(xy)
    valid = xy[conf > 0]
    normalized = coordinates == "normalized" or (
        coordinates != "pixels" and valid.size > 0 and valid.min() >= -0.1 and valid.max() <= 1.5)
    if normalized and width > 0 and height > 0:
        xy = xy * np.array([width, height], np.float32)
    xy, conf = _pick(xy, conf, person)
    header = LAYOUTS["dwpose"].header(width=width or 1, height=height or 1)
    return make_pose(header, xy, conf, fps)


def write_signverse_npz(pose: Pose, path: str | Path, video_id: str | None = None, normalized: bool = True,
                        nested: bool = False) -> None:
    """Write a pose (any supported layout; all persons) as a SignVerse-2M poses.npz.

    normalized: store x / width, y / height (DWPose's convention) using the pose header's frame size.
    nested: write the paper's per-frame dict layout (pickled object array) instead of the stacked one.
    """
    dw = pose if detect_layout(pose) == "dwpose" else convert_layout(pose, "dwpose")
    data, conf = pose_arrays(dw)  # (T, P, 128, 2), (T, P, 128)
    xy = data[..., :2].astype(np.float32)
    width, height = int(dw.header.dimensions.width or 1), int(dw.header.dimensions.height or 1)
    if normalized:
        xy = xy / np.array([width, height], np.float32)
    xy = np.where((conf > 0)[..., None], xy, -1.0).astype(np.float32)  # DWPose marks invisible points -1
    total, persons = xy.shape[:2]
    detected = (conf > 0).any(axis=2)  # (T, P)
    # keep person slots aligned; a frame's count covers its last detected person
    num = np.where(detected.any(axis=1), persons - np.argmax(detected[:, ::-1], axis=1), 0).astype(np.int64)
    meta = {
        "video_id": np.array(video_id or Path(path).stem.removesuffix(".poses")),
        "fps": np.array(float(dw.body.fps)), "total_frames": np.array(total, np.int64),
        "frame_indices": np.arange(total, dtype=np.int64),
        "frame_width": np.array(width, np.int64), "frame_height": np.array(height, np.int64),
        "coordinates": np.array("normalized" if normalized else "pixels"),
    }
    if nested:
        payloads = np.empty(total, dtype=object)
        for t in range(total):
            payload = {"num_persons": int(num[t]), "frame_width": width, "frame_height": height}
            for k in range(num[t]):
                person, offset = {}, 0
                for key_xy, key_s, n in PARTS:
                    person[key_xy] = xy[t, k, offset:offset + n]
                    person[key_s] = conf[t, k, offset:offset + n]
                    offset += n
                payload[f"person_{k}"] = person
            payloads[t] = payload
        arrays = {**meta, "frame_payloads": payloads}
    else:
        arrays = {**meta, "num_persons": num}
        offset = 0
        for key_xy, key_s, n in PARTS:
            arrays[key_xy] = xy[:, :, offset:offset + n]
            arrays[key_s] = conf[:, :, offset:offset + n].astype(np.float32)
            offset += n
    with atomic_path(path) as tmp, open(tmp, "wb") as f:  # a file object: numpy would append ".npz" to a name
        np.savez_compressed(f, **arrays)
