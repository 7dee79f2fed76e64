#!/usr/bin/env bash
# Kill -9 during imports of a large bundle, ROUNDS times (default 20) at random moments. After every kill
# the station must hold none of the bundle's cases or all of them, never part; at the end the bundle
# imports whole (or, if a round finished it, a second import is refused as already imported).
# Usage: tests/e2e/kill9_import.sh [path/to/ercms]   (N=applications in the bundle, default 2000)
set -euo pipefail
BIN=$(realpath "${1:-target/debug/ercms}")
ROUNDS=${ROUNDS:-20}
N=${N:-2000}
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The large bundle's references start at DE-2026-100001, after the demo's 40 cases.
fixtures=$(dirname "$BIN")/examples/make-fixtures
if [ ! -x "$fixtures" ]; then
  cargo build --quiet --example make-fixtures
  fixtures=${CARGO_TARGET_DIR:-target}/debug/examples/make-fixtures
fi
"$fixtures" --large "$N" "$tmp/large.ercms" >/dev/null
"$BIN" --data "$tmp/pristine" demo --no-tui >/dev/null

export ERCMS_DATA=$tmp/station ERCMS_USER=clerk ERCMS_PASSPHRASE=demo-clerk-pass
imported() { "$BIN" case list --json | grep -c '"reference": "DE-2026-1' || true; }
fresh() { rm -rf "$ERCMS_DATA"; cp -a "$tmp/pristine" "$ERCMS_DATA"; }

# One whole import tells how long the kill window is.
fresh
start=$(date +%s%N)
"$BIN" import "$tmp/large.ercms" >/dev/null 2>&1
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(imported)" -eq "$N" ] || { echo "kill9_import: a clean import did not create $N cases" >&2; exit 1; }
fresh

whole=0
for round in $(seq 1 "$ROUNDS"); do
  setsid "$BIN" import "$tmp/large.ercms" >/dev/null 2>&1 &
  importer=$!
  # A random moment within the import's run (and a little after it).
  sleep "$(awk -v r="$RANDOM" -v t="$took_ms" 'BEGIN { printf "%.3f", r / 32767 * t * 1.1 / 1000 }')"
  kill -9 -- "-$importer" 2>/dev/null || true
  wait "$importer" 2>/dev/null || true

  got=$(imported) || { echo "round $round: the vault did not reopen" >&2; exit 1; }
  case "$got" in
    0) ;;
    "$N") whole=$((whole + 1)); fresh ;;
    *) echo "round $round: a partial import: $got of $N cases" >&2; exit 1 ;;
  esac
  ERCMS_USER=admin ERCMS_PASSPHRASE=demo-admin-pass "$BIN" audit verify >/dev/null ||
    { echo "round $round: the audit chain does not verify" >&2; exit 1; }
done

# After the last kill, the bundle imports whole.
"$BIN" import "$tmp/large.ercms" >/dev/null 2>&1 || { echo "kill9_import: the bundle did not import after the kills" >&2; exit 1; }
[ "$(imported)" -eq "$N" ] || { echo "kill9_import: the retry imported $(imported) of $N cases" >&2; exit 1; }

echo "kill9_import: $ROUNDS kills during a $N-application import ($took_ms ms whole); never partial ($whole round(s) had finished); the bundle imported whole afterwards."
