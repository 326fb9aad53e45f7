#!/usr/bin/env bash
# Runs every test of the solution: unit, conformance and end-to-end (real XGBoost, SQLite, HTTP), then the unit
# tests of the Python scripts that run on AWS (the Glue job and the raw-row inference script).
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
dotnet build Pipeline.sln -c Release -nologo -v quiet
log=$(mktemp)
python_log=$(mktemp)
trap 'rm -f "$log" "$python_log"' EXIT
status=0
dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# The system Python, because bootstrap.sh installs python3-xgboost for it.
for suite in tests/glue tests/inference; do
  /usr/bin/python3 -m unittest discover -s "$suite" 2>&1 | tee -a "$python_log" || status=1
done
# Closing lines with the totals of every test project and of the Python suites.
awk '/^ +Passed: +[0-9]+$/ { passed += $2 } /^ +Failed: +[0-9]+$/ { failed += $2 } /^ +Skipped: +[0-9]+$/ { skipped += $2 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
awk '/^Ran [0-9]+ tests?/ { ran += $2 } /^FAILED/ { failed = 1 }
     END { printf "python tests: %d run, %s\n", ran, failed ? "some failed" : "all passed" }' "$python_log"
exit "$status"
