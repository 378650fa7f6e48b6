#!/usr/bin/env bash
# Long fuzz run of the capture readers and the sensor: builds dist/ and runs bench/fuzz-sensor.mjs.
# Usage: bench/fuzz-sensor.sh [count=1000000] [--seed N] [--workers N] [--data DIR] [--out DIR]
# Crashing or hanging inputs land in /tmp/mamori-fuzz-crashes (override with --out); exit status 1
# when any were found. Ctrl-C stops early and still prints the summary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npx tsc -p tsconfig.build.json
exec node bench/fuzz-sensor.mjs "$@"
