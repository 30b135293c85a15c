#!/usr/bin/env bash
# Installs what building and testing soglasie needs, and only what is missing: quick when
# everything is there. Works offline except for the package registries (crates.io, npm, apt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

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
# the smallest Wasm build uses nightly too (tools/build.mjs; stable is its fallback).
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (for cargo-fuzz and the smallest Wasm build)"
  rustup toolchain install nightly --profile minimal ||
    { say "could not install a nightly toolchain: make test's fuzzing (cargo-fuzz) needs one"; exit 1; }
fi
if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
  say "adding rust-src to the nightly toolchain (the module is built with std rebuilt)"
  rustup component add rust-src --toolchain nightly ||
    say "could not add rust-src: the Wasm module is built with stable (larger)"
fi
if ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown --toolchain nightly ||
    say "could not add the wasm32 target to nightly: the Wasm module is built with stable (larger)"
fi
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --locked --quiet || cargo install cargo-fuzz --quiet
fi

# wasm-pack, and the wasm-bindgen CLI it runs, which must be exactly the version Cargo.lock
# pins (wasm-pack would try to download it otherwise, and fail offline). Without --locked:
# the CLI's lock file names a webpki-roots the registry no longer has.
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack (a few minutes, once)"
  cargo install wasm-pack --quiet
fi
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen" ]; then
  say "installing wasm-bindgen-cli $bindgen (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$bindgen" --force --quiet
fi
# The splitter that cuts the module into the parts loaded when used (tools/build.mjs), pinned:
# its loader's shape is patched by the build.
if ! cargo install --list | grep -qx 'wasm_split_cli_support v0.2.4:'; then
  say "installing wasm-split-cli 0.2.4 (a minute, once)"
  cargo install wasm_split_cli_support --version =0.2.4 --features build-binary --locked --force --quiet
fi
if ! command -v geckodriver >/dev/null; then
  say "installing geckodriver (for wasm-pack test --firefox; a few minutes, once)"
  cargo install geckodriver --quiet
fi

# Browsers from Debian (tests never download browsers): Chromium with its driver (playwright-core
# and wasm-pack test drive it), Firefox ESR (puppeteer-core over WebDriver BiDi, geckodriver),
# and WebKit — the engine of every iPhone browser and of Safari — as WebKitGTK's MiniBrowser
# with WebKitWebDriver, which has no true headless mode: xvfb (and xauth, for xvfb-run) gives
# it a display; openssl makes the certificate of the WebKit tests' recording proxy.
# php-cli runs the 1C-Bitrix and WordPress guides' PHP in tests/e2e/guides.test.mjs.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null || ! command -v php >/dev/null || ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null || ! command -v openssl >/dev/null; then
  say "installing chromium, chromium-driver, firefox-esr, webkit2gtk-driver, xvfb, xauth, openssl and php-cli from apt"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth openssl php-cli >/dev/null
fi

# PostgreSQL's server binaries (initdb, pg_ctl) from Debian: soglasie-server's tests and
# benchmark start a throwaway cluster of their own on loopback (the package's own cluster is not
# used).
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  say "installing postgresql from apt (for soglasie-server's tests)"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi

# Node tooling (esbuild, wasm-opt from npm's binaryen, playwright-core, puppeteer-core, axe-core).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
