#!/usr/bin/env bash
# Runs every test of the solution: unit, conformance and end-to-end (real XGBoost, SQLite, HTTP).
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
dotnet build Pipeline.sln -c Release -nologo -v quiet
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# One closing line with the totals of every test project.
awk '/^ +Passed: +[0-9]+$/ { passed += $2 } /^ +Failed: +[0-9]+$/ { failed += $2 } /^ +Skipped: +[0-9]+$/ { skipped += $2 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
