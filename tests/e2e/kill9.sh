#!/usr/bin/env bash
# Kill -9 a process that writes in a loop, ROUNDS times (default 50) at random moments. After every kill
# the vault must reopen, every acknowledged action must be there, and the audit chain must verify.
# Usage: tests/e2e/kill9.sh [path/to/ercms]
set -euo pipefail
BIN=$(realpath "${1:-target/debug/ercms}")
ROUNDS=${ROUNDS:-50}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export ERCMS_DATA=$tmp/station ERCMS_USER=admin ERCMS_PASSPHRASE=admin-passphrase-1
export ERCMS_NEW_PASSPHRASE=officer-passphrase-1
"$BIN" init --station IQ-MOMD-KILL --admin admin --work-factor 10 2>/dev/null
acked=$tmp/acked
: >"$acked"

for round in $(seq 1 "$ROUNDS"); do
  # The writer runs in its own session so that one kill reaches the loop and the ercms it is running.
  setsid bash -c '
    i=0
    while :; do
      i=$((i + 1)); u="r'"$round"'u$i"
      if "$0" user add "$u" --role officer 2>/dev/null; then echo "$u" >>"$1"; fi
    done' "$BIN" "$acked" &
  writer=$!
  # A random moment between 50 and 550 ms into the round.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.05 + r / 32767 * 0.5 }')"
  kill -9 -- "-$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true

  users=$("$BIN" user list --json) || { echo "round $round: the vault did not reopen" >&2; exit 1; }
  while read -r u; do
    grep -q "\"name\": \"$u\"" <<<"$users" || { echo "round $round: acknowledged user $u is missing" >&2; exit 1; }
  done <"$acked"
  "$BIN" audit verify >/dev/null || { echo "round $round: the audit chain does not verify" >&2; exit 1; }
done

echo "kill9: $ROUNDS kills; the vault reopened every time; all $(wc -l <"$acked") acknowledged actions survived; the audit chain verified."
