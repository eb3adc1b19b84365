"""python benchmarks/startup.py [--runs 3]

Start-up cost of everyday commands in a fresh process each, after the knowledge base is built:
`signbridge --help` (the baseline, same run), `lookup` of a DGS word, `ask` for a DGS word and
`produce` of a DGS sentence. Prints the median wall-clock and CPU seconds (user + system of the
child process), each as a ratio to `--help`, and whether the per-command goal is met.

Goals (seconds per process): lookup < 1.0, ask for a DGS word < 1.5, produce a DGS sentence < 1.5.
They are judged on CPU seconds, which on a shared, busy machine stay close to what the command
costs on an idle one (wall-clock there includes waiting for other processes' turns); both are printed.
Uses the data directory of the environment (`SIGNBRIDGE_HOME`); writes outputs to a temporary folder.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

GOALS = {"lookup": 1.0, "ask": 1.5, "produce": 1.5}


def measure(command: list[str], runs: int, env: dict) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds) of `runs` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command[3:])} failed: {done.stderr.decode(errors='replace').strip()[-300:]}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    cli = [sys.executable, "-m", "signbridge.agents.cli"]
    with tempfile.TemporaryDirectory() as out:
        cases = {
            "--help": [*cli, "--help"],
            "lookup": [*cli, "lookup", "Haus", "--lang", "gsg"],
            "ask": [*cli, "ask", "Wie gebärdet man Danke in DGS?", "--out", out],
            "produce": [*cli, "produce", "Guten Morgen, ich heiße Anna", "--lang", "gsg", "--out",
                        os.path.join(out, "s.pose")],
        }
        # warm-up (not timed): builds the knowledge base and the lemma store on a fresh data directory
        subprocess.run(cases["produce"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        results = {name: measure(command, args.runs, env) for name, command in cases.items()}
    base_wall, base_cpu = results["--help"]
    print(f"{'command':10} {'wall s':>7} {'x --help':>9} {'CPU s':>7} {'x --help':>9}  goal")
    met = True
    for name, (wall, cpu) in results.items():
        goal = GOALS.get(name)
        verdict = "-" if goal is None else f"< {goal:g} s CPU: {'met' if cpu < goal else 'NOT met'}"
        met &= goal is None or cpu < goal
        print(f"{name:10} {wall:7.2f} {wall / base_wall:8.1f}x {cpu:7.2f} {cpu / base_cpu:8.1f}x  {verdict}")
    print(f"load average (1 min) during the run: {os.getloadavg()[0]:.1f}; goals {'all met' if met else 'NOT all met'}")


if __name__ == "__main__":
    main()
