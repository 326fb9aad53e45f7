#!/usr/bin/env bash
# Installs what a fresh Debian or Ubuntu machine lacks to build, run and test the project:
# XGBoost 1.7 (the library, the command-line program and the Python module used to cross-check models),
# the OpenMP runtime that the LightGBM native library loads,
# pandas for the preprocessing benchmark, the AWS CLI (driven against the local APIs in the end-to-end
# tests), Node.js/npm for the asl-validator comparison, and Chromium, the browser that the dashboard's
# Playwright tests drive (Playwright's own browser download needs network access that build machines lack).
# Needs root or sudo. Safe to run repeatedly: it installs only what is missing.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is missing. Install it (https://dotnet.microsoft.com/download) and run this again." >&2
  exit 1
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing system packages needs root or sudo." >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

packages=(libxgboost-dev xgboost python3-xgboost python3-pandas libgomp1 awscli nodejs npm chromium)
missing=()
for package in "${packages[@]}"; do
  if ! grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)"; then
    missing+=("$package")
  fi
done
# nodejs from another source (nvm, NodeSource) is fine: skip the Debian packages when node and npm run.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do
    [[ $package == nodejs || $package == npm ]] || filtered+=("$package")
  done
  missing=("${filtered[@]}")
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "Installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x /usr/bin/chromium ]]; then
  echo "error: /usr/bin/chromium is still missing after installing chromium; the dashboard's browser tests need it." >&2
  exit 1
fi

# The listing is read whole before matching: with pipefail, `grep -q` stopping early can fail ldconfig with
# SIGPIPE and make a present library look missing.
if ! grep -q 'libxgboost.so' <<<"$(ldconfig -p)"; then
  echo "error: libxgboost.so is still missing after installing libxgboost-dev." >&2
  exit 1
fi
