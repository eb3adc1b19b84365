"""python benchmarks/ask.py [--runs 5] [--prompt "fingerspell Anna in ASL"]

Wall-clock time of an offline `signbridge ask` (process start included, as a person runs it),
against baselines measured in the same run: a bare `python -c pass`, `signbridge --help`, and
importing the agent stack alone (langgraph + langchain-core, the graph's fixed cost). Target for a
fingerspelling request: under 2 s once the knowledge base exists. Prints medians and ratios.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def median_seconds(command: list[str], runs: int, env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Median wall-clock and median CPU (user+sys of the child: what the run costs when cores are shared)."""
    times, cpu, last = [], [], None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        last = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(times), statistics.median(cpu), last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--prompt", default="fingerspell Anna in ASL")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    env.pop("SIGNBRIDGE_LLM_BASE_URL", None)
    py = sys.executable
    with tempfile.TemporaryDirectory() as out:
        ask = [py, "-m", "signbridge.agents.cli", "ask", args.prompt, "--backend", "offline", "--json", "--out", out]
        subprocess.run(ask, capture_output=True, env=env, check=False)  # warm-up: bytecode, OS file cache
        cases = {
            "python -c pass": [py, "-c", "pass"],
            "signbridge --help": [py, "-m", "signbridge.agents.cli", "--help"],
            "import langgraph + langchain_core": [py, "-c", "import langgraph.graph, langchain_core.messages"],
            f"signbridge ask '{args.prompt}'": ask,
        }
        results, cpu = {}, {}
        for name, command in cases.items():
            results[name], cpu[name], done = median_seconds(command, args.runs, env)
        data = json.loads(done.stdout)
    base = results["signbridge --help"]
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (wall-clock grows with load; CPU time does not)")
    print(f"{'command':48} {'wall s':>8} {'vs --help':>10} {'cpu s':>7}")
    for name, seconds in results.items():
        print(f"{name:48} {seconds:8.3f} {seconds / base:9.1f}x {cpu[name]:7.3f}")
    ask_time = results[f"signbridge ask '{args.prompt}'"]
    print(f"\nask: intent={data['intent']} language={data['language']} text={data['text']!r} "
          f"steps_ok={all(s['ok'] for s in data['steps'])} artifacts={[a['kind'] for a in data['artifacts']]}")
    ask_cpu = cpu[f"signbridge ask '{args.prompt}'"]
    print(f"target < 2.0 s: {'met' if ask_time < 2.0 else 'NOT met'} (wall {ask_time:.2f} s, cpu {ask_cpu:.2f} s)")


if __name__ == "__main__":
    main()
