#!/usr/bin/env bash
# The cost of the state commitment (issue 17), with the release binary: the import of N applications
# (every value it writes is hashed and recorded in the state log), one small action, a checkpoint (what
# every export, backup and supervisor sign-out signs) and `audit verify` (the chain, the state log and
# every stored value) on the station that holds them. Prints a markdown section for docs/PERFORMANCE.md.
# Usage: tests/perf/measure-state.sh [N ...]   (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release --bin ercms --example make-fixtures
target=${CARGO_TARGET_DIR:-target}/release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)

measure() {
  /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time" || { cat "$tmp/time" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time")
  echo "$wall $rss"
}

echo "## State commitment (\`tests/perf/measure-state.sh\`)"
echo
echo "Release binary, a fresh demo station, then the import of N synthetic applications (\`make-fixtures"
echo "--large N\`); then, on that station: one small action (\`keys export\`, sign-in included), a signed"
echo "checkpoint (\`audit checkpoint\`, as at every export, backup and supervisor sign-out) and \`audit verify\`."
echo "Each command includes its sign-in (scrypt at the demo's work factor, 2^14)."
echo
echo "| applications | import (s) | import peak (MiB) | small action (s) | checkpoint (s) | audit verify (s) | verify peak (MiB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  "$target/examples/make-fixtures" --large "$n" "$tmp/b.ercms" >/dev/null
  rm -rf "$tmp/st"
  "$target/ercms" --data "$tmp/st" demo --no-tui >/dev/null
  export ERCMS_DATA=$tmp/st
  read -r imp_s imp_rss < <(ERCMS_USER=clerk ERCMS_PASSPHRASE=demo-clerk-pass measure "$target/ercms" import "$tmp/b.ercms")
  mkdir -p "$tmp/keys"
  read -r act_s _ < <(ERCMS_USER=admin ERCMS_PASSPHRASE=demo-admin-pass measure "$target/ercms" keys export "$tmp/keys")
  read -r cp_s _ < <(ERCMS_USER=auditor ERCMS_PASSPHRASE=demo-auditor-pass measure "$target/ercms" audit checkpoint --out "$tmp/cp")
  read -r ver_s ver_rss < <(ERCMS_USER=auditor ERCMS_PASSPHRASE=demo-auditor-pass measure "$target/ercms" audit verify)
  echo "| $n | $imp_s | $imp_rss | $act_s | $cp_s | $ver_s | $ver_rss |"
  rm -f "$tmp/cp"
  rm -rf "$tmp/keys"
done
