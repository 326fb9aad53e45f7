"""Compare `pipeline preprocess` with pandas doing the same work on flights.csv (throughput in MB/s).

Usage (from the repository root):
    dotnet build -c Release src/Pipeline.Cli
    /usr/bin/python3 benchmarks/preprocessing/run.py PATH/TO/flights.csv [RUNS]

Each tool runs RUNS times (default 3), alternating, each into a fresh folder. Wall time and CPU time (user +
system of the child process, from getrusage) are measured around the whole process, so the .NET figures include
runtime start-up and JIT compilation, and the pandas figures include the interpreter start and imports.
Prints a Markdown table of the medians.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "src", "Pipeline.Cli", "bin", "Release", "net10.0", "pipeline.dll")
SPEC = '{ "target": "arr_del15", "exclude": ["arr_delay"] }'


def measure(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    data = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = os.path.getsize(data) / 1e6
    scratch = tempfile.mkdtemp()
    spec = os.path.join(scratch, "spec.json")
    with open(spec, "w") as handle:
        handle.write(SPEC)
    results = {"pipeline preprocess": [], "pandas": []}
    try:
        for run in range(runs):
            out = os.path.join(scratch, "engine-%d" % run)
            results["pipeline preprocess"].append(measure(["dotnet", CLI, "preprocess", "--spec", spec, "--input", data, "--output", out, "--json"]))
            out = os.path.join(scratch, "pandas-%d" % run)
            results["pandas"].append(measure(["/usr/bin/python3", os.path.join(ROOT, "benchmarks", "preprocessing", "pandas_baseline.py"), data, out]))
    finally:
        shutil.rmtree(scratch)
    print("| tool | wall s (median) | CPU s (median) | MB/s by wall | MB/s by CPU |")
    print("| --- | --- | --- | --- | --- |")
    for name, samples in results.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print("| %s | %.2f | %.2f | %.1f | %.1f |" % (name, wall, cpu, size / wall, size / cpu))


if __name__ == "__main__":
    main()
