#!/usr/bin/env bash
# Runs every test of the solution: unit, conformance and end-to-end (real XGBoost, SQLite, HTTP).
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
dotnet build Pipeline.sln -c Release -nologo -v quiet
dotnet test Pipeline.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
