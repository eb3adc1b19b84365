"""A real neutral body, measured once from the DGS fingerspelling clips (MediaPipe Holistic, 586 points).

Everything is expressed in a body frame in shoulder widths: origin between the shoulders,
x to the signer's right, y up, z forward (away from the body), the frame HamNoSys directions use
(`signbridge.knowledge.hamnosys.geometry`). The clips are filmed facing the signer without mirroring,
so the signer's right is the image's left: x_image = cx - x * width, y_image = cy - y * width.
Measured: the face mesh and pose landmarks of the head and torso (mean over all frames), hand
bone lengths (90th percentile of the 2-D lengths, so that foreshortened frames do not shrink the
hand) and the arm's upper/lower lengths.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

POSE, FACE, HAND = 33, 478, 21
LEFT_HAND0, RIGHT_HAND0 = POSE + FACE, POSE + FACE + HAND  # first point of each hand component
POINTS = POSE + FACE + 2 * HAND + POSE  # + POSE_WORLD_LANDMARKS = 586
# hand bones (parent, child) in MediaPipe order: thumb 1-4, index 5-8, middle 9-12, ring 13-16, little 17-20
HAND_BONES = [(0, 1), (1, 2), (2, 3), (3, 4)] + [(0 if j == 0 else b + j - 1, b + j) for b in (5, 9, 13, 17)
                                                 for j in range(4)]
SHOULDER = {"right": 12, "left": 11}
ELBOW = {"right": 14, "left": 13}
WRIST = {"right": 16, "left": 15}


@dataclass(frozen=True)
class NeutralBody:
    pose: np.ndarray  # (33, 3) pose landmarks in the body frame (shoulder widths)
    face: np.ndarray  # (478, 3) face mesh in the body frame
    bones: np.ndarray  # (20,) hand bone lengths in HAND_BONES order (shoulder widths)
    mcp_offsets: np.ndarray  # (4, 2) index..little MCP in the hand plane: (towards thumb, along fingers)
    upper_arm: float  # shoulder to elbow
    forearm: float  # elbow to wrist
    width_px: float  # shoulder width in the clips' pixels
    center_px: tuple[float, float]  # shoulder midpoint in pixels
    header: object  # the clips' pose_format PoseHeader (586 points, 500 x 500)
    source: str  # which clips were measured

    def to_pixels(self, xyz: np.ndarray) -> np.ndarray:
        """(..., 3) body frame -> (..., 3) image pixels; depth in pixels, nearer = smaller (MediaPipe)."""
        out = np.empty_like(xyz, dtype=np.float32)
        out[..., 0] = self.center_px[0] - xyz[..., 0] * self.width_px
        out[..., 1] = self.center_px[1] - xyz[..., 1] * self.width_px
        out[..., 2] = -xyz[..., 2] * self.width_px
        return out


def _clip_arrays(language: str):
    from signbridge.knowledge.fingerspelling import load_clip
    from signbridge.knowledge.package_data import fingerspelling_clips

    clips = [c for c in fingerspelling_clips() if c.signed_language == language]
    if not clips:
        raise FileNotFoundError(f"no fingerspelling clips for {language} to measure a body from")
    poses = [load_clip(c.path) for c in clips]
    return clips, poses


@lru_cache(maxsize=2)
def neutral_body(language: str = "gsg") -> NeutralBody:
    """Measure the neutral body from the fingerspelling clips of `language` (cached per process)."""
    clips, poses = _clip_arrays(language)
    frames, bones, gaps, arms, centers, widths = [], [], [], [], [], []
    for pose in poses:
        d = np.asarray(np.ma.getdata(pose.body.data)[:, 0, :, :2], dtype=np.float64)  # (T, 586, 2)
        c = np.asarray(pose.body.confidence[:, 0])
        ok = (c[:, 11] > 0.5) & (c[:, 12] > 0.5) & (c[:, POSE:POSE + FACE].mean(1) > 0.5)
        if not ok.any():
            continue
        d, c = d[ok], c[ok]
        center = (d[:, 11] + d[:, 12]) / 2  # (T, 2)
        width = np.linalg.norm(d[:, 11] - d[:, 12], axis=-1)  # (T,)
        centers.append(center)
        widths.append(width)
        body = (d - center[:, None]) / width[:, None, None]
        body[..., 0] *= -1  # signer's right = +x
        body[..., 1] *= -1  # up = +y
        frames.append(body)
        hand = c[:, RIGHT_HAND0] > 0
        h = d[hand, RIGHT_HAND0:RIGHT_HAND0 + HAND] / width[hand, None, None]
        bones.append(np.stack([np.linalg.norm(h[:, a] - h[:, b], axis=-1) for a, b in HAND_BONES], 1))
        gaps.append(np.stack([np.linalg.norm(h[:, a] - h[:, a + 4], axis=-1) for a in (5, 9, 13)], 1))
        arm = (c[:, 12] > 0.5) & (c[:, 14] > 0.5) & (c[:, 16] > 0.5)
        arms.append(np.stack([np.linalg.norm(d[arm, 12] - d[arm, 14], axis=-1) / width[arm],
                              np.linalg.norm(d[arm, 14] - d[arm, 16], axis=-1) / width[arm]], 1))
    mean = np.concatenate(frames).mean(0)  # (586, 2)
    xyz = np.concatenate([mean, np.zeros((len(mean), 1))], 1)
    bone = np.percentile(np.concatenate(bones), 90, axis=0)
    arm = np.percentile(np.concatenate(arms), 50, axis=0)  # arms are rarely foreshortened much
    # MCP positions in the hand plane from the measured wrist-MCP and MCP-MCP lengths: the
    # metacarpals fan out from the wrist; spacing between neighbouring knuckles ~ the measured gap
    lengths = bone[[4, 8, 12, 16]]
    gap = float(np.percentile(np.concatenate(gaps), 90))  # knuckle to knuckle
    lateral = np.array([1.5, 0.5, -0.5, -1.5]) * gap
    along = np.sqrt(np.maximum(lengths ** 2 - lateral ** 2, 1e-6))
    center = np.concatenate(centers).mean(0)
    return NeutralBody(pose=xyz[:POSE], face=xyz[POSE:POSE + FACE], bones=bone,
                       mcp_offsets=np.stack([lateral, along], 1), upper_arm=float(arm[0]), forearm=float(arm[1]),
                       width_px=float(np.concatenate(widths).mean()), center_px=(float(center[0]), float(center[1])),
                       header=poses[0].header, source=f"{len(poses)} {language} fingerspelling clips (spoken-to-signed)")
