# The entry points of soglasie (see README.md and ../shared/DESIGN.md):
#   make demo   set-up if needed, build dist/, serve the demo clinic site on 127.0.0.1:8080
#   make test   set-up if needed, every test; non-zero on any failure
#   make dist   set-up if needed, build dist/ only
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test dist setup build lint unit server-test server-release wasm-test size e2e screenshots bench bench-server fuzz

setup:
	@tools/setup.sh

build:
	node tools/build.mjs

dist: setup build

# The demo also runs the receipts server (soglasie-server, release build) on SQLite.
demo: dist server-release
	node tools/serve.mjs

server-release:
	cargo build --release --quiet -p soglasie-server

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets --quiet -- -D warnings
	cargo clippy --lib --tests --target wasm32-unknown-unknown --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features split --quiet -- -D warnings

# The pure core, natively. (The workspace's other member, the server, has its own target.)
unit:
	cargo test -p soglasie --quiet

# soglasie-server (server/): its API, limits, crash test and property tests on SQLite and on a
# throwaway PostgreSQL cluster (SOGLASIE_SKIP_POSTGRES=1 skips those, saying so).
server-test:
	cargo test -p soglasie-server --quiet

# The web layer in headless Chromium, Firefox ESR and WebKit (tests/web.rs, wasm-bindgen-test;
# WebKitGTK's MiniBrowser needs a display: xvfb's), then what the build writes into dist/ beyond
# the code, and the npm package made of it.
wasm-test:
	wasm-pack test --headless --chrome -- --test web
	wasm-pack test --headless --firefox -- --test web
	xvfb-run -a wasm-pack test --headless --safari --safaridriver "$$(command -v WebKitWebDriver)" -- --test web
	node --test tests/dist.test.mjs tests/package.test.mjs

size:
	node tools/size.mjs

e2e:
	node --test --test-concurrency=1 tests/e2e/

# The cookie reader and the config decoder, fuzzed for a bounded time (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 20
fuzz:
	set -o pipefail; cd fuzz && mkdir -p corpus/cookie corpus/config && \
	  cargo +nightly fuzz run cookie corpus/cookie seeds/cookie -- -max_total_time=$(FUZZ_SECONDS) 2>&1 | tail -n 1 && \
	  cargo +nightly fuzz run config corpus/config seeds/config -- -max_total_time=$(FUZZ_SECONDS) 2>&1 | tail -n 1

test: setup lint unit server-test build wasm-test size e2e fuzz

# Side-by-side benchmark against vanilla-cookieconsent, Klaro and tarteaucitron (Chromium,
# mobile profile), Lighthouse's mobile audit of the demo pages, then the native core benchmark.
bench: dist
	node bench/run.mjs 7
	node bench/lighthouse.mjs
	cargo bench --quiet --bench core

# soglasie-server's release binary on loopback: receipts/s and p50/p99 latency, SQLite and
# PostgreSQL (figures in docs/server.md).
bench-server: setup
	cargo bench -p soglasie-server --bench load

# Banner and preferences at 390×844 and 1280×800, light and dark, into docs/screenshots/.
screenshots: dist
	node tools/screenshots.mjs
