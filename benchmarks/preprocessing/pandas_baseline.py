"""pandas doing the work of `pipeline preprocess` on flights.csv, as a throughput baseline.

Reads the CSV, drops the leaking column, turns dep_datetime into Unix seconds, encodes the two airport
columns as sorted ordinal codes (the engine's encoding for columns with more than 20 categories),
splits 80/20 by a hash of each row, and writes label-first CSV without a header, as the engine does.
The split uses pandas' vectorized row hash (the fastest pandas way), not the engine's SHA-256.

Usage: /usr/bin/python3 pandas_baseline.py flights.csv OUTPUT_DIR [RUNS]
Prints one line per run: seconds and MB/s (input bytes / wall time). With RUNS above 1, the runs after the first
are warm (pandas' lazy initialization done), like the engine's runs after its warm-up; the last line gives their
median.
"""
import os
import sys
import time

import numpy as np
import pandas as pd


def run(path, output):
    frame = pd.read_csv(path)
    frame = frame.drop(columns=["arr_delay"])
    frame["dep_datetime"] = pd.to_datetime(frame["dep_datetime"], format="%Y-%m-%d %H:%M").astype("int64") // 10**9
    for column in ("origin", "destination"):
        frame[column] = frame[column].astype("category").cat.codes
    hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    position = (hashes >> np.uint64(11)).astype(np.float64) / float(2**53)
    label = frame.pop("arr_del15")
    frame.insert(0, "arr_del15", label)
    os.makedirs(os.path.join(output, "train"), exist_ok=True)
    os.makedirs(os.path.join(output, "validation"), exist_ok=True)
    frame[position < 0.8].to_csv(os.path.join(output, "train", "data.csv"), header=False, index=False)
    frame[position >= 0.8].to_csv(os.path.join(output, "validation", "data.csv"), header=False, index=False)


def main():
    path, output = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    size = os.path.getsize(path) / 1e6
    warm = []
    for index in range(runs):
        cpu = time.process_time()
        start = time.perf_counter()
        run(path, output)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        if index > 0:
            warm.append(elapsed)
        print(f"pandas {pd.__version__}: wall {elapsed:.3f} s, cpu {cpu:.3f} s, {size / elapsed:.1f} MB/s (wall), {size / cpu:.1f} MB/s (cpu)")
    if warm:
        warm.sort()
        median = warm[len(warm) // 2]
        print(f"median of runs 1 to {runs - 1}: wall {median:.3f} s = {size / median:.1f} MB/s")


if __name__ == "__main__":
    main()
