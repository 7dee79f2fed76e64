#!/usr/bin/env bash
# The TUI benchmark on a station holding 100,000 cases: makes a demo station, imports a bundle of
# 100,000 synthetic applications with the release binary, then runs `cargo bench --bench tui` on it.
# Prints a markdown section for docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-100000}
cargo build --quiet --release --bin ercms --example make-fixtures
target=${CARGO_TARGET_DIR:-target}/release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$target/examples/make-fixtures" --large "$N" "$tmp/b.ercms" >/dev/null
"$target/ercms" --data "$tmp/st" demo --no-tui >/dev/null
ERCMS_DATA=$tmp/st ERCMS_USER=clerk ERCMS_PASSPHRASE=demo-clerk-pass "$target/ercms" import "$tmp/b.ercms" >/dev/null 2>&1
ERCMS_BENCH_DATA=$tmp/st cargo bench --quiet --bench tui 2>/dev/null
