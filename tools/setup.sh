#!/usr/bin/env bash
# Installs what building and testing soglasie needs, and only what is missing: quick when
# everything is there. Works offline except for the package registries (crates.io, npm, apt).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# Rust: the Wasm target and the linters.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

# Fuzzing needs a nightly toolchain and cargo-fuzz (the fuzz targets run briefly in make test);
# the Wasm build uses nightly too.
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (for cargo-fuzz and the smallest Wasm build)"
  rustup toolchain install nightly --profile minimal ||
    { say "could not install a nightly toolchain: make test's fuzzing (cargo-fuzz) needs one"; exit 1; }
fi
# The Wasm build rebuilds core and alloc with panic=immediate-abort (tools/build.mjs).
if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
  say "adding rust-src to the nightly toolchain"
  rustup component add rust-src --toolchain nightly ||
    say "could not add rust-src: the Wasm module is built with stable (~0.4 KB gzip larger)"
fi
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --locked --quiet || cargo install cargo-fuzz --quiet
fi

# Browsers from Debian (tests never download browsers): Chromium, driven by playwright-core,
# and Firefox ESR, driven by puppeteer-core over WebDriver BiDi.
if ! command -v chromium >/dev/null || ! command -v firefox-esr >/dev/null; then
  say "installing chromium and firefox-esr from apt"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium firefox-esr >/dev/null
fi

# Node tooling (esbuild, wasm-opt from npm's binaryen, playwright-core, axe-core).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
