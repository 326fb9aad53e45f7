#!/usr/bin/env bash
# Runs the main job on bundled sample data: drops samples/breast-cancer/breast_cancer.csv into the local
# data bucket, waits for the retraining execution, then asks the deployed endpoint for predictions.
# Usage: scripts/run-sample.sh [SAMPLE_FILE]   (default: samples/breast-cancer/breast_cancer.csv)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
sample=${1:-samples/breast-cancer/breast_cancer.csv}
dotnet build src/Pipeline.Cli -c Release -nologo -v quiet
pipeline=(dotnet src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll)
"${pipeline[@]}" run "$sample"
if [[ $sample == samples/breast-cancer/* ]]; then
  # Two rows of the dataset without the diagnosis column (the first is malignant, the second benign).
  rows=$(sed -n '2p;21p' "$sample" | cut -d, -f1-30)
  "${pipeline[@]}" invoke breast-cancer --content-type text/csv --body "$rows"
fi
