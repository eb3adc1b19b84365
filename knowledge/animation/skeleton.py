"""Frames of hand states -> a `pose_format.Pose` in the MediaPipe Holistic layout of the package's clips.

Per frame: the hands' 21 landmarks by forward kinematics, the arms by two-bone inverse kinematics
(shoulder fixed, elbow bending down and out), the face and head from the measured neutral body.
Hands that take no part in the sign are at rest with zero confidence, as in recordings where an
idle hand is not detected; world landmarks are not modelled (zero confidence).
"""

from __future__ import annotations

import numpy as np

from signbridge.knowledge.animation.body import (ELBOW, HAND, LEFT_HAND0, POINTS, POSE, RIGHT_HAND0, SHOULDER,
                                                 WRIST)

# pose landmarks that follow the hand: (pose index by side, hand landmark)
_POSE_HAND = {"right": ((18, 17), (20, 5), (22, 4)), "left": ((17, 17), (19, 5), (21, 4))}
_HIDDEN_POSE = list(range(25, 33))  # knees, ankles, feet: out of the clips' frame


def elbow(shoulder: np.ndarray, wrist: np.ndarray, upper: float, fore: float, sign: float) -> tuple[np.ndarray, np.ndarray]:
    """(elbow, wrist) by two-bone IK; the wrist is pulled in when out of reach."""
    d = wrist - shoulder
    dist = float(np.linalg.norm(d)) or 1e-6
    reach = 0.995 * (upper + fore)
    if dist > reach:
        wrist = shoulder + d * reach / dist
        d, dist = wrist - shoulder, reach
    axis = d / dist
    along = (upper ** 2 - fore ** 2 + dist ** 2) / (2 * dist)
    height = np.sqrt(max(upper ** 2 - along ** 2, 0.0))
    pole = np.array([0.3 * sign, -1.0, -0.45])  # elbows hang down, a little out and back
    pole = pole - axis * (pole @ axis)
    pole = pole / (np.linalg.norm(pole) or 1.0)
    return shoulder + axis * along + pole * height, wrist


def frames_to_arrays(frames: list[dict], body) -> tuple[np.ndarray, np.ndarray]:
    """data (T, 586, 3) body frame, confidence (T, 586)."""
    t = len(frames)
    data = np.zeros((t, POINTS, 3))
    conf = np.zeros((t, POINTS))
    data[:, :POSE] = body.pose
    data[:, POSE:POSE + 478] = body.face
    conf[:, :POSE + 478] = 1.0
    conf[:, _HIDDEN_POSE] = 0.0
    for i, frame in enumerate(frames):
        for side, start in (("right", RIGHT_HAND0), ("left", LEFT_HAND0)):
            state = frame[side]
            sign = 1.0 if side == "right" else -1.0
            shoulder = body.pose[SHOULDER[side]]
            el, wr = elbow(shoulder, state.wrist, body.upper_arm, body.forearm, sign)
            hand = state.local(body) + wr  # (21, 3)
            data[i, start:start + HAND] = hand
            conf[i, start:start + HAND] = 1.0 if state.active else 0.0
            data[i, ELBOW[side]], data[i, WRIST[side]] = el, wr
            for pose_index, hand_index in _POSE_HAND[side]:
                data[i, pose_index] = hand[hand_index]
    return data, conf


def to_pose(frames: list[dict], body, fps: float):
    """A pose_format.Pose with the clips' header (586 points, pixel coordinates)."""
    from pose_format import Pose
    from pose_format.numpy import NumPyPoseBody

    data, conf = frames_to_arrays(frames, body)
    pixels = body.to_pixels(data)  # (T, 586, 3)
    pixels[:, POINTS - POSE:] = 0.0  # world landmarks: not modelled
    conf[:, POINTS - POSE:] = 0.0
    mask = np.repeat((conf <= 0)[:, None, :, None], 3, axis=-1)
    pose_body = NumPyPoseBody(fps=fps, data=np.ma.masked_array(pixels[:, None].astype(np.float32), mask=mask),
                              confidence=conf[:, None].astype(np.float32))
    return Pose(header=body.header, body=pose_body)
