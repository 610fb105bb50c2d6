#!/usr/bin/env bash
# The one demo command: installs what is missing, builds the widget for release,
# and starts the GWS simulator serving it together with the demo CRM pages.
# Extra arguments go to the simulator (try `--help`), e.g. scripts/demo.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

scripts/setup.sh --no-browser
printf '\033[1m[demo]\033[0m building the widget (trunk build --release)\n'
trunk build --release --offline
printf '\033[1m[demo]\033[0m building the simulator\n'
cargo build --release --locked -p gws-sim
exec target/release/gws-sim --static-dir dist "$@"
