"""Engine in-process against pandas, alternating, on one file: the numbers of docs/benchmarks.md.

Usage (from the repository root):
    /usr/bin/python3 benchmarks/preprocessing/alternate.py PATH/TO/flights.csv [ROUNDS]

Each round runs three processes, one after the other. The first is the engine's in-process benchmark: 60 runs,
median of runs 30 to 59, after tiered compilation has optimized the methods that run once per run. The second runs
pandas once (its first call, as a one-off script runs it). The third runs pandas 9 times and takes the median of
runs 1 to 8 (warm, like the engine). Alternating puts each engine figure beside pandas figures taken under the same
load. The script prints each round, then the medians over the rounds and the ratios.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENGINE = ["dotnet", "run", "-c", "Release", os.path.join(ROOT, "benchmarks", "preprocessing", "inprocess", "Program.cs"), "--"]
PANDAS = ["/usr/bin/python3", os.path.join(ROOT, "benchmarks", "preprocessing", "pandas_baseline.py")]


def run(command):
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def engine(data):
    last = run(ENGINE + [data, "60"]).strip().splitlines()[-1]
    return float(re.search(r"wall ([\d.]+) s", last).group(1))


def pandas(data, output, runs):
    lines = run(PANDAS + [data, output, str(runs)]).strip().splitlines()
    return float(re.search(r"wall ([\d.]+) s", lines[-1]).group(1))


def main():
    data = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = os.path.getsize(data) / 1e6
    output = tempfile.mkdtemp()
    results = {"engine": [], "cold": [], "warm": []}
    for index in range(rounds):
        results["engine"].append(engine(data))
        results["cold"].append(pandas(data, output, 1))
        results["warm"].append(pandas(data, output, 9))
        print(f"round {index + 1}: engine {results['engine'][-1]:.3f} s, pandas first call {results['cold'][-1]:.3f} s, "
              f"pandas warm {results['warm'][-1]:.3f} s", flush=True)
    medians = {name: statistics.median(values) for name, values in results.items()}
    print()
    print("| tool | wall s (median of rounds) | MB/s | engine's speed-up |")
    print("| --- | --- | --- | --- |")
    print(f"| engine, in-process | {medians['engine']:.3f} | {size / medians['engine']:.1f} | |")
    print(f"| pandas, first call in a process | {medians['cold']:.3f} | {size / medians['cold']:.1f} | {medians['cold'] / medians['engine']:.1f} x |")
    print(f"| pandas, warm | {medians['warm']:.3f} | {size / medians['warm']:.1f} | {medians['warm'] / medians['engine']:.1f} x |")


if __name__ == "__main__":
    main()
