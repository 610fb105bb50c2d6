# Sourced by the scripts: tools installed by setup.sh come first on PATH
# (cargo-installed trunk / wasm-bindgen, npm's wasm-opt 132 before Debian's 108).
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$repo_root/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
