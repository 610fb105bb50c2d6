#!/usr/bin/env bash
# The one bench command: builds release artifacts, measures the widget (size, load, latency,
# page decoration in headless Chromium) and the simulator under CometD load side by side with
# Faye 1.4, then prints one table (targets and gaps). Everything listens on 127.0.0.1 and is
# bounded in count and time; every process it starts is stopped on exit.
#
#   scripts/bench.sh                     full run (1 000 / 10 000 / 25 000 WebSocket agents and
#                                        5 000 long-polling agents, 10 s windows)
#   BENCH_AGENTS="1000" BENCH_SECONDS=5 scripts/bench.sh      a quicker run
#   BENCH_SKIP_BUILD=1 scripts/bench.sh  reuse the last build
#   BENCH_ONLY=sim scripts/bench.sh      only the simulator vs Faye part (no widget build)
# The load generator and the server under test run pinned to separate CPUs (taskset; BENCH_SERVER_CPU,
# BENCH_LOADGEN_CPU, default the first and the last CPU), the simulator and Faye alike.
# Results: $CARGO_TARGET_DIR/results/*.json (default target/bench); the table also goes to
# results/table.md (the figures in BENCHMARKS.md come from there).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh   # installs what is missing (trunk, wasm-bindgen-cli, chromium, node packages)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo_root/target/bench}"
B="$CARGO_TARGET_DIR"
R="$B/results"
AGENTS="${BENCH_AGENTS:-1000 10000 25000}"
LP_AGENTS="${BENCH_LP_AGENTS:-5000}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
ANSWER_DELAY_MS=100
mkdir -p "$R"
rm -f "$R"/*.json "$R"/*.err "$R"/table.md

# N WebSocket clients: the load generator holds one socket each and the server under test one
# each (separate processes), plus HTTP connections for Dial/Hangup. Raise the soft limit to the
# hard one (and the hard one too where allowed); a size that does not fit is run with fewer
# call cycles in flight, or skipped with the reason in its result.
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT=$(ulimit -n); [ "$FD_LIMIT" = unlimited ] && FD_LIMIT=1048576
echo "bench: file descriptors per process: $FD_LIMIT"

# Pinning: the server under test on one CPU, the load generator on another, so neither steals
# the other's CPU (a 2-core machine otherwise measures whichever wins the scheduler).
NCPU=$(nproc)
SERVER_CPU="${BENCH_SERVER_CPU:-0}"
LOADGEN_CPU="${BENCH_LOADGEN_CPU:-$((NCPU - 1))}"
PIN_SERVER=(); PIN_LOADGEN=()
if command -v taskset >/dev/null && [ "$NCPU" -ge 2 ] && [ "$SERVER_CPU" != "$LOADGEN_CPU" ]; then
  PIN_SERVER=(taskset -c "$SERVER_CPU"); PIN_LOADGEN=(taskset -c "$LOADGEN_CPU")
  echo "bench: server under test on CPU $SERVER_CPU, load generator on CPU $LOADGEN_CPU"
else
  echo "bench: not pinning (taskset missing or fewer than 2 CPUs)" >&2
fi

started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Free loopback port chosen by the OS.
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

wait_http() { # url [seconds]
  local deadline=$((SECONDS + ${2:-20}))
  until curl -s -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "bench: $1 did not come up" >&2; return 1; }
    sleep 0.2
  done
}

SIM_PID=""; SIM_URL=""
start_sim() { # config-file [extra args...]
  local port; port=$(free_port)
  "${PIN_SERVER[@]}" "$B/release/gws-sim" --listen "127.0.0.1:$port" --log-level warn --config "$@" >"$B/sim.log" 2>&1 &
  SIM_PID=$!; started+=("$SIM_PID"); SIM_URL="http://127.0.0.1:$port"
  wait_http "$SIM_URL/api/v2/diagnostics/version"
}
FAYE_PID=""; FAYE_URL=""
start_faye() {
  local port; port=$(free_port)
  "${PIN_SERVER[@]}" node bench/faye-server.mjs --port "$port" --answer-delay-ms "$ANSWER_DELAY_MS" >"$B/faye.log" 2>&1 &
  FAYE_PID=$!; started+=("$FAYE_PID"); FAYE_URL="http://127.0.0.1:$port"
  local deadline=$((SECONDS + 20))
  until grep -q FAYE_READY "$B/faye.log"; do
    [ $SECONDS -lt $deadline ] || { echo "bench: faye did not start" >&2; return 1; }
    sleep 0.2
  done
}
stop() { # pid: TERM, then KILL after 10 s
  kill "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

machine() { # phase
  node -e "const os=require('os');console.log(JSON.stringify({phase:process.argv[1],cpus:os.cpus().length,model:os.cpus()[0].model,memGiB:+(os.totalmem()/2**30).toFixed(1),loadavg:os.loadavg(),kernel:os.release(),node:process.version,date:new Date().toISOString()}))" "$1"
}
machine start >"$R/machine-start.json"

echo "== build (release)"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  cargo build --release --locked -p gws-sim -p gws-loadgen
  [ "${BENCH_ONLY:-}" = sim ] || timeout 1200 trunk build --release --offline --dist "$B/dist"
fi

if [ "${BENCH_ONLY:-}" != sim ]; then
echo "== 1. shipped size"
node bench/size.mjs --dist "$B/dist" --cargo-wasm "$B/wasm32-unknown-unknown/web-release/gws_dialer.wasm" \
  --work "$B/sizes" --out "$R/size.json" >/dev/null

echo "== 2-4. widget in headless Chromium"
rm -rf "$B/www" && cp -r "$B/dist" "$B/www"
# The built-in demo contact centre (agent1 / password) serves the widget and the bench pages.
port=$(free_port)
"$B/release/gws-sim" --listen "127.0.0.1:$port" --log-level warn --static-dir "$B/www" >"$B/sim-browser.log" 2>&1 &
SIM_PID=$!; started+=("$SIM_PID"); SIM_URL="http://127.0.0.1:$port"
wait_http "$SIM_URL/api/v2/diagnostics/version"
timeout 300 node bench/browser.mjs --url "$SIM_URL" --www "$B/www" --out "$R/browser.json" >/dev/null
stop "$SIM_PID"
fi

loadgen() { timeout $((SECONDS_PER_RUN + 200)) "${PIN_LOADGEN[@]}" "$B/release/gws-loadgen" run --duration-s "$SECONDS_PER_RUN" --timeout-s $((SECONDS_PER_RUN + 180)) "$@"; }

echo "== 5-6. simulator vs Faye 1.4 under CometD load"
for n in $AGENTS; do
  "$B/release/gws-loadgen" sim-config --agents "$n" --answer-delay-ms "$ANSWER_DELAY_MS" --out "$B/sim-$n.toml"
done
"$B/release/gws-loadgen" sim-config --agents "$LP_AGENTS" --answer-delay-ms "$ANSWER_DELAY_MS" --out "$B/sim-$LP_AGENTS.toml"
# Call cycles in flight: every agent up to 2 000 (each holds an HTTP connection besides its
# CometD socket), and at most what the file-descriptor limit leaves beside the N sockets.
CONCURRENCY_CAP="${BENCH_CONCURRENCY:-2000}"
concurrency_for() { # agents -> call cycles in flight (0: the size does not fit the fd limit)
  local n=$1 c=$CONCURRENCY_CAP room=$((FD_LIMIT - $1 - 300))
  [ "$n" -lt "$c" ] && c=$n
  [ "$room" -lt "$c" ] && c=$room
  [ "$c" -lt 100 ] && c=0
  echo "$c"
}
# One measured run; a failed run is recorded as such and the bench goes on.
measure() { # result-file label server agents transport loadgen-args...
  local file=$1 label=$2 server=$3 n=$4 transport=$5; shift 5
  local conc; conc=$(concurrency_for "$n")
  if [ "$conc" = 0 ]; then
    node -e 'const [f,l,s,n,t,e]=process.argv.slice(1);require("fs").writeFileSync(f,JSON.stringify({label:l,server:s,agents:+n,transport:t,failed:e}))' \
      "$file" "$label" "$server" "$n" "$transport" "not run: $n sockets need more than the $FD_LIMIT file descriptors a process may open here (ulimit -Hn)"
    echo "   run $label skipped: file-descriptor limit $FD_LIMIT" >&2
    return
  fi
  if ! loadgen --server "$server" --agents "$n" --transport "$transport" --label "$label" \
      --concurrency "$conc" "$@" >"$file" 2>"$file.err"; then
    node -e 'const [f,l,s,n,t,e]=process.argv.slice(1);require("fs").writeFileSync(f,JSON.stringify({label:l,server:s,agents:+n,transport:t,failed:e.trim().split("\n").slice(-3).join(" | ")}))' \
      "$file" "$label" "$server" "$n" "$transport" "$(cat "$file.err")"
    echo "   run $label failed: $(tail -1 "$file.err")" >&2
  fi
}
# Each server gets two runs: paced (the same offered rate for both: like-for-like latency)
# then flat out (call cycles as fast as they complete: throughput). Memory per client comes
# from the first run's connect phase.
PACED_RATE="${BENCH_PACED_RATE:-500}"
run_pair() { # agents transport
  local n=$1 transport=$2 tag="$2-$1"
  echo "   $n agents, $transport: simulator"
  start_sim "$B/sim-$n.toml"
  measure "$R/paced-sim-$tag.json" "sim-$tag-paced" sim "$n" "$transport" --url "$SIM_URL" --server-pid "$SIM_PID" \
    --rate "$PACED_RATE" --capture-templates "$B/templates.json"
  measure "$R/load-sim-$tag.json" "sim-$tag" sim "$n" "$transport" --url "$SIM_URL" --server-pid "$SIM_PID"
  stop "$SIM_PID"
  echo "   $n agents, $transport: faye"
  start_faye
  measure "$R/paced-faye-$tag.json" "faye-$tag-paced" faye "$n" "$transport" --url "$FAYE_URL" --server-pid "$FAYE_PID" \
    --rate "$PACED_RATE" --templates "$B/templates.json"
  measure "$R/load-faye-$tag.json" "faye-$tag" faye "$n" "$transport" --url "$FAYE_URL" --server-pid "$FAYE_PID" \
    --templates "$B/templates.json"
  stop "$FAYE_PID"
}
for n in $AGENTS; do run_pair "$n" websocket; done
run_pair "$LP_AGENTS" long-polling

machine end >"$R/machine-end.json"
echo
node bench/report.mjs "$R" | tee "$R/table.md"
echo
node bench/sim-report.mjs "$R" | tee "$R/sim-table.md"
