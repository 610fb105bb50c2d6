#!/usr/bin/env bash
# The full fuzz run (issue 13 item 2): 10 million mutated inputs through every parser the widget
# and the simulator run on untrusted input, on a release build. Prints per-target inputs, panics
# and the slowest input, then `fuzz: <inputs> inputs, <panics> panics, slowest <ms> ms`.
# Exits non-zero on any panic or any input over 10 ms (inputs written under target/fuzz-failures/).
#
#   scripts/fuzz.sh                       # 10 000 000 inputs, seed 1, both cores
#   FUZZ_INPUTS=1000000 FUZZ_SECONDS=600 FUZZ_SEED=7 FUZZ_JOBS=2 scripts/fuzz.sh
#   scripts/fuzz.sh --target pattern      # extra arguments go to gws-fuzz (--list for targets)
set -euo pipefail
cd "$(dirname "$0")/.."

inputs="${FUZZ_INPUTS:-10000000}"
seconds="${FUZZ_SECONDS:-3600}"
seed="${FUZZ_SEED:-1}"
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}"

exec cargo run --release -p gws-fuzz -- --inputs "$inputs" --seconds "$seconds" --seed "$seed" \
  --jobs "$jobs" --failures-dir target/fuzz-failures --progress 60 "$@"
