"""Gloss accuracy on held-out DGS dictionary entries: the LoRA glosser with retrieval vs the rule-based glosser.

    nice -n 10 python benchmarks/glossing.py --steps 150 --test 150 --out runs/bench-gloss

Data: the DGS dictionary in the `signwriting` package as indexed by the knowledge base (gsg sign entries):
words, inflected forms verified by simplemma, compounds and multi-word entries -> gloss, split by gloss
(`models/glosser_data.py`); the test split's glosses are never seen in training. Both glossers get the
same text; a prediction is right when its gloss sequence equals the entry's gloss (upper case, '-' and
spaces alike). The rule-based glosser (`tools/glossing/simple.py`) upper-cases lemmas; the LoRA glosser
picks from retrieved candidates and grounds its output (exact / matched / missing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--test", type=int, default=150, help="held-out test examples (spread over the kinds)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("runs/bench-gloss"))
    args = parser.parse_args(argv)

    import numpy as np

    from signbridge.knowledge.languages import resolve
    from signbridge.knowledge.settings import Settings
    from signbridge.knowledge.store import KnowledgeBase
    from signbridge.models.glosser import load_glosser, normalise_gloss
    from signbridge.models.training.gloss_trainer import GlossTrainConfig, GlossTrainer, examples_for
    from signbridge.tools.glossing.simple import text_to_gloss as rules

    settings = Settings.from_env()
    kb = KnowledgeBase.open(settings, progress=False)
    started = time.perf_counter()
    cfg = GlossTrainConfig(language="gsg", steps=args.steps, seed=args.seed, eval_examples=20)
    train_result = GlossTrainer(cfg, settings, args.out / "model", progress=True, kb=kb).train()
    examples, *_ = examples_for(cfg, kb)
    test = [e for e in examples if e.split == "test"]
    rng = np.random.default_rng(args.seed)
    test = [test[i] for i in sorted(rng.choice(len(test), size=min(args.test, len(test)), replace=False))]
    language = resolve("gsg")
    rule_out = ["-".join(g.gloss for g in rules(e.text, language)) for e in test]
    glosser = load_glosser(args.out / "model", settings, kb=kb)
    grounded = glosser.gloss([e.text for e in test])
    lora_out = ["-".join(g.gloss for g in gs) for gs in grounded]
    rows = []
    for e, r, l, gs in zip(test, rule_out, lora_out, grounded):
        rows.append({"text": e.text, "gloss": e.gloss, "kind": e.kind, "rules": r, "lora": l,
                     "status": [g.status for g in gs], "rules_ok": normalise_gloss(r) == normalise_gloss(e.gloss),
                     "lora_ok": normalise_gloss(l) == normalise_gloss(e.gloss)})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"train": train_result.to_json(), "rows": rows}, indent=1,
                                                      ensure_ascii=False), encoding="utf-8")
    kinds = Counter(r["kind"] for r in rows)
    print(f"DGS dictionary (signwriting package) held-out entries, {len(rows)} test examples; LoRA glosser: "
          f"SmolLM2-135M-Instruct + LoRA r={cfg.lora_r}, {args.steps} steps x {cfg.batch_size}, "
          f"{train_result.examples['train']} training examples; seed {args.seed}; {time.perf_counter() - started:.0f} s")
    print("\n| kind | n | rules (simple glosser) | LoRA + retrieval |\n| --- | ---: | ---: | ---: |")
    for kind in sorted(kinds) + ["all"]:
        sel = [r for r in rows if kind in ("all", r["kind"])]
        print(f"| {kind} | {len(sel)} | {np.mean([r['rules_ok'] for r in sel]):.3f} | {np.mean([r['lora_ok'] for r in sel]):.3f} |")
    status = Counter(s for r in rows for s in r["status"])
    print(f"\nLoRA output glosses: {dict(status)} (exact = in the vocabulary, matched = mapped back by similarity, "
          f"missing = no sign known)")
    print(f"results: {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
