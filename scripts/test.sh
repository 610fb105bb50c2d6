#!/usr/bin/env bash
# The one test command: installs what is missing, then runs every check and
# every test suite, and ends with one "N passed, N failed" line.
#   lint (fmt, clippy native + wasm) -> native tests (all crates, incl. the
#   simulator's HTTP/WebSocket and official-CometD-client tests) -> widget tests
#   in headless Chromium -> release build -> size budget -> end-to-end suites (one
#   tab, shared tabs) and the short reliability suite (simulator + browser)
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

scripts/setup.sh || { echo "setup failed"; exit 1; }

log=$(mktemp -t gws-test.XXXXXX)
failed_steps=()
step() {
  local name="$1"; shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  if ! "$@" 2>&1 | tee -a "$log"; then failed_steps+=("$name"); fi
}

step "rustfmt"                cargo fmt --all --check
step "clippy (native)"        cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (widget, wasm)"  cargo clippy -p gws-dialer --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
step "native tests"           cargo test --workspace --locked
step "widget tests in headless Chromium" \
  env WASM_BINDGEN_TEST_TIMEOUT=60 cargo test -p gws-dialer --target wasm32-unknown-unknown --locked
step "release build of the widget" trunk build --release --offline
# The shipped size against its enforced ceiling (a ratchet towards the 130 KB gzip target).
step "size budget"            node bench/size-budget.mjs dist
# No "is the suite there?" guard: if e2e/run.mjs is moved or missing, node fails and so does the step.
step "end-to-end (simulator + Chromium)" node e2e/run.mjs
# One phone per browser: several tabs of one agent share one connection.
step "end-to-end, shared tabs (simulator + Chromium)" node e2e/tabs.mjs
# Transfer, conference, agent states, wrap-up, recent calls.
step "end-to-end, call handling (simulator + Chromium)" node e2e/calls.mjs
# The short form of scripts/reliability.sh's widget suite (multi-clicks, drops, restarts, a shift).
step "reliability, short (simulator + Chromium)" node e2e/reliability.mjs --short

# Sum the cargo test result lines and the e2e suite's own summary line.
passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | awk '{s+=$6} END {print s+0}')
# (every suite's summary line: e2e/run.mjs and e2e/tabs.mjs both print an "e2e:" line)
while read -r _ p _ f _; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(grep -E "^(e2e|reliability): [0-9]+ passed, [0-9]+ failed" "$log")
rm -f "$log"

echo
if [ ${#failed_steps[@]} -gt 0 ]; then
  printf 'failed steps: %s\n' "${failed_steps[*]}"
  [ "$failed" -gt 0 ] || failed=${#failed_steps[@]}
  echo "${passed} passed, ${failed} failed"
  exit 1
fi
echo "${passed} passed, ${failed} failed"
