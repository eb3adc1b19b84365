"""nice -n 10 python benchmarks/slr.py --data letters --languages gsg,ase --steps 300

Isolated sign recognition: cross-entropy only vs GSP-MC's multi-positive contrastive loss vs both.

Same encoder (the tiny preset's ST-GCN), data, seed and step budget for the three runs; each
holds out `--zero-shot-percent` of the described classes from training. Printed per dataset and
language: top-1/top-5 on the test split over the trained classes (by the classifier for ce/both,
by description prototypes for mc), their ratio to the CE-only baseline of the same invocation,
chance level, and zero-shot top-1/top-5 on the held-out classes (text only, ranked among the
held-out classes; CE alone cannot score a class it never saw).

Datasets: `letters` = (a) real letter clips, tested on letters cut from FS-Bench test words (same
recordings, new context); `dgs` = (b) DGS dictionary signs animated from HamNoSys (rule-generated
poses). Descriptions: letters from SignWriting (`describe --letters`), DGS from the dictionary
(`describe`). GSP-MC reports 97.1 % top-1 on SLR500 (real video, 500 signs, 50 signers): these
numbers are not comparable to that, see the README.
"""

import argparse
import json
import sys
import time

RUNS = ("ce", "mc", "both")
DGS_SIGNS = 100  # classes of dataset (b)


def texts_for(data: str, language: str, settings) -> dict:
    from signbridge.models.slr_data import class_texts

    if data == "letters":
        from signbridge.tools.describe.letters import describe_letters

        return {d.word: class_texts(d.word, d.to_json()) for d in describe_letters(language)}
    # (b): a fixed sample of DGS signs with HamNoSys (by hash of the gloss), described from their entry
    import hashlib

    from signbridge.models.slr_dgs import dgs_entries_by_key
    from signbridge.tools.describe.offline import describe_entries

    by_gloss, _ = dgs_entries_by_key()
    chosen = sorted(by_gloss, key=lambda g: hashlib.sha1(g.encode("utf-8")).hexdigest())[:DGS_SIGNS]
    out = {}
    for gloss in chosen:
        entry = by_gloss[gloss]
        row = describe_entries(entry.words[0] if entry.words else gloss, "gsg", "German Sign Language", [entry]).to_json()
        out[gloss] = class_texts(gloss, row)
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--data", default="letters", help="comma-separated: letters, dgs")
    parser.add_argument("--languages", default="gsg")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--zero-shot-percent", type=int, default=20)
    parser.add_argument("--text-encoder", default="minilm")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--losses", default=",".join(RUNS), help="which runs (ce,mc,both); the ratio needs ce")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import torch

    from signbridge.knowledge.settings import Settings
    from signbridge.models.slr_sources import build_dataset
    from signbridge.models.text_encoder import TextEncoder
    from signbridge.models.training.slr_config import SLRConfig
    from signbridge.models.training.slr_trainer import SLRTrainer

    torch.set_num_threads(1)
    settings = Settings.from_env()
    encoder = TextEncoder(args.text_encoder, settings.cache_dir)
    report: dict = {}
    for data in args.data.split(","):
        for language in args.languages.split(","):
            texts = texts_for(data, language, settings)
            base = SLRConfig(language=language, data=data, zero_shot_percent=args.zero_shot_percent,
                             text_encoder=args.text_encoder, seed=args.seed).apply_preset()
            base.steps, base.batch_size = args.steps, args.batch_size
            dataset = build_dataset(base, settings, texts)
            rows = {}
            for loss in args.losses.split(","):
                cfg = SLRConfig(**{**base.to_json(), "loss": loss})
                started = time.perf_counter()
                _, result = SLRTrainer(cfg, dataset, None, settings, progress=False, encoder=encoder).train()
                mode = "text" if loss == "mc" else "ce"
                rows[loss] = {**result.test[mode], "zero_shot": result.zero_shot,
                              "seconds": round(time.perf_counter() - started, 1)}
                print(f"{data}/{language} {loss}: {rows[loss]}", file=sys.stderr)
            report[f"{data}/{language}"] = {"data": dataset.summary(), "chance_top1": 1 / len(dataset.classes),
                                            "runs": rows}
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(table(report, args))
    return report


def table(report: dict, args) -> str:
    lines = [f"steps {args.steps} x batch {args.batch_size}, seed {args.seed}, text encoder {args.text_encoder}, "
             f"{args.zero_shot_percent} % of described classes held out for zero-shot", "",
             "| data / language | classes (train / test samples) | loss | top-1 | top-5 | top-1 vs CE | "
             "zero-shot top-1 (chance) | zero-shot top-5 | run s |",
             "| --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: |"]
    for key, entry in report.items():
        d, runs = entry["data"], entry["runs"]
        ce = runs["ce"]["top1"] if runs.get("ce") and runs["ce"]["top1"] else float("nan")
        for loss, r in runs.items():
            z = r["zero_shot"]
            zero1 = f"{z['top1']:.3f} ({z['chance_top1']:.3f}; {z['classes']} classes, n={z['n']})" if z else "-"
            zero5 = f"{z['top5']:.3f}" if z else "-"
            lines.append(f"| {key} | {d['classes']} ({d['train']} / {d['test']}) | {loss} | {r['top1']:.3f} | "
                         f"{r['top5']:.3f} | {r['top1'] / ce:.2f}x | {zero1} | {zero5} | {r['seconds']:.0f} |")
        lines.append(f"| {key} | | chance | {entry['chance_top1']:.3f} | {min(1.0, 5 * entry['chance_top1']):.3f} "
                     "| | | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
