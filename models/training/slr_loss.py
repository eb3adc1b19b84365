"""GSP-MC's multi-positive contrastive loss (paper Sec. 3.3, eqs. 7-11).

A batch holds B skeleton features and N description texts. `positives[i, j]` says that text j
describes the sign of skeleton i. GSP-MC's ground truth (eq. 9) spreads probability evenly over
every positive text of a skeleton (and, for the text-to-skeleton direction, over every skeleton a
text describes); the loss (eq. 10) is the KL divergence between that target and the softmax of the
cosine similarities over temperature, averaged over both directions. With exactly one positive
per row it is CLIP's InfoNCE. A text may describe several classes (two letters whose SignWriting
reads the same): it is then a positive for all of them, never a negative for one of them.

We use KL(target || predicted), as ActionCLIP/GAP's `KLDivLoss(log_softmax(logits), target)` does:
it is finite when the target has zeros. Rows (columns) with no positive in the batch are left out.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def _kl_rows(logits: torch.Tensor, positives: torch.Tensor) -> torch.Tensor:
    """Mean over rows with >=1 positive of KL(uniform-over-positives || softmax(row))."""
    has = positives.any(dim=1)  # (R,)
    if not bool(has.any()):
        return logits.sum() * 0.0
    logits, positives = logits[has], positives[has].float()
    target = positives / positives.sum(dim=1, keepdim=True)  # (R, C), rows sum to 1
    log_q = logits.log_softmax(dim=1)
    log_p = torch.where(target > 0, target.clamp_min(1e-12).log(), torch.zeros_like(target))
    return (target * (log_p - log_q)).sum(dim=1).mean()


def multi_positive_contrastive(features: torch.Tensor, texts: torch.Tensor, positives: torch.Tensor,
                               temperature: float = 0.1) -> torch.Tensor:
    """features (B, D) skeleton side, texts (N, D) text side, positives (B, N) bool -> scalar loss.

    >>> f = torch.tensor([[1.0, 0.0], [0.0, 1.0]]); t = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> round(float(multi_positive_contrastive(f, t, torch.eye(2, dtype=torch.bool), 1.0)), 4)
    0.3133
    """
    f = F.normalize(features, dim=-1)
    t = F.normalize(texts, dim=-1)
    logits = f @ t.T / temperature  # (B, N) cosine similarity / tau
    skeleton_to_text = _kl_rows(logits, positives)
    text_to_skeleton = _kl_rows(logits.T, positives.T)
    return (skeleton_to_text + text_to_skeleton) / 2


def class_positives(labels: torch.Tensor, text_classes: torch.Tensor) -> torch.Tensor:
    """labels (B,) class ids, text_classes (N, K) bool (text j describes class k) -> (B, N) bool."""
    return text_classes[:, labels].T
