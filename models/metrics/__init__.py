"""Every metric, defined once; training imports the same functions as rewards.

Below everything but `knowledge`: it imports only numpy, sacrebleu, rouge_score, jiwer, the standard
library and `signbridge.knowledge.text` (the one text normaliser), so trainers (`signbridge.models.training`) and the eval suites
(`signbridge.evals`) share one definition without importing upward.

    text.py     BLEU, chrF, ROUGE-L, CER, WER, exact match
    poses.py    DTW mean joint error
    ranking.py  top-k accuracy, recall@k, reciprocal rank, latency percentiles
    rewards.py  the metrics as trl rewards, by name (`REWARDS`, `get_reward`)

Conventions
- Text metrics take `(hypotheses, references)` in that order (sacrebleu's order). A reference may be
  one string or a list of alternative strings for the same hypothesis.
- Scales follow how papers report them: BLEU, chrF and ROUGE-L in 0..100 (RVLF/SignLLM tables);
  CER/WER as a fraction (0 = perfect, can exceed 1); accuracies and recall in 0..1; DTW-MJE in the
  pose's own units (lower is better).
- Rewards (`REWARDS`) wrap the metrics with trl's signature `(completions, references=None, **kw)
  -> list[float]`, one float per completion, higher is better, in 0..1.
"""

from signbridge.models.metrics.poses import dtw_mje, dtw_mje_poses
from signbridge.models.metrics.ranking import (latency_percentiles, recall_at_k, reciprocal_rank, top1_accuracy,
                                               top5_accuracy, top_k_accuracy)
from signbridge.models.metrics.rewards import (REWARDS, RewardFn, bleu_reward, bleu_rouge_reward, cer_reward,
                                               chrf_reward, dtw_reward, exact_match_reward, get_reward,
                                               rouge_l_reward, wer_reward)
from signbridge.models.metrics.text import (Refs, bleu, bleu_1_to_4, cer, chrf, exact_match, rouge_l,
                                            rouge_l_sentence, sentence_bleu, wer)

__all__ = [
    "Refs", "bleu", "bleu_1_to_4", "sentence_bleu", "chrf", "rouge_l", "rouge_l_sentence", "cer", "wer", "exact_match",
    "dtw_mje", "dtw_mje_poses",
    "top_k_accuracy", "top1_accuracy", "top5_accuracy", "recall_at_k", "reciprocal_rank", "latency_percentiles",
    "REWARDS", "RewardFn", "get_reward", "bleu_reward", "rouge_l_reward", "bleu_rouge_reward", "chrf_reward",
    "cer_reward", "wer_reward", "exact_match_reward", "dtw_reward",
]
