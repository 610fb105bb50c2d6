#!/usr/bin/env bash
# Installs everything the build, the demo and the tests need, skipping what is
# already there, so it is cheap to run before every command.
#   scripts/setup.sh            everything (tests need the browser)
#   scripts/setup.sh --no-browser   skip Chromium (the demo does not need it)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. The wasm target for the widget.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Chromium and its driver (wasm-bindgen tests and the end-to-end suite).
if [ "$want_browser" = 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  log "installing chromium and chromium-driver (apt)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi

# 3. Trunk 0.21.14 (0.22 needs rustc 1.96). About 12 minutes on 2 cores, once.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.14$'; then
  log "installing trunk 0.21.14 (takes ~12 min once)"
  cargo install trunk --version 0.21.14 --locked
fi

# 4. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
#    No --locked: its lockfile asks for a crate version the registry mirror lacks.
wb_version=$(awk '$0=="name = \"wasm-bindgen\"" {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wb_version}\$"; then
  log "installing wasm-bindgen-cli ${wb_version}"
  cargo install wasm-bindgen-cli --version "=${wb_version}"
fi

# 5. Node tooling (wasm-opt from npm binaryen, playwright-core, CometD JS client, Faye).
stamp=node_modules/.package-lock.sha
if [ ! -f "$stamp" ] || [ "$(sha256sum package-lock.json | cut -d' ' -f1)" != "$(cat "$stamp")" ]; then
  log "installing node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
fi

# 6. Crates for offline Trunk builds (trunk passes --offline to cargo).
cargo fetch --locked -q

log "toolchain ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3)"
