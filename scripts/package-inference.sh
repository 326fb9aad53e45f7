#!/usr/bin/env bash
# Builds sourcedir.tar.gz, the inference code that SageMaker's XGBoost container runs in script mode for endpoints
# that accept raw rows: src/inference/raw_rows.py and src/glue/preprocess.py (whose number and date parsing it
# uses), both at the archive's root. The archive is the same for the same files: sorted, no owners, fixed times.
# Usage: scripts/package-inference.sh [OUTPUT]   (default: build/sourcedir.tar.gz in the repository)
# Then upload it where the stack's state machine points models (see the README, "Deploying to AWS").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
output=$(realpath -m "${1:-$root/build/sourcedir.tar.gz}")
mkdir -p "$(dirname "$output")"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$root/src/inference/raw_rows.py" "$root/src/glue/preprocess.py" "$staging/"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' -C "$staging" -cf - raw_rows.py preprocess.py |
  gzip -n -9 >"$output"
echo "$output"
