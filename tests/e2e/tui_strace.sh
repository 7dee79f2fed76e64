#!/usr/bin/env bash
# Durability of a TUI action, traced: an officer records a verification check in the real binary under
# strace (in tmux); the fdatasync of the store's log must come after its last write and before the
# screen shows the success. (The CLI's counterpart is in tests/hardening.rs.)
# Usage: tests/e2e/tui_strace.sh [path/to/ercms]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-target/debug/ercms}")
source tests/e2e/lib/tmux.sh
tmp=$(mktemp -d)
trap 'e2e_stop; rm -rf "$tmp"' EXIT
DATA=$tmp/station
CASE=DE-2026-000005
TRACE=$tmp/trace

"$BIN" demo --data "$DATA" --no-tui >/dev/null

e2e_start 100 30 env ERCMS_DATA="$DATA" strace -f -y -s 65536 -e trace=pwrite64,write,fdatasync,fsync -o "$TRACE" "$BIN"
e2e_wait "Sign in"
e2e_type officer
e2e_keys Tab
e2e_type demo-officer-pass
e2e_keys Enter
e2e_wait "Dashboard"
e2e_keys Enter
e2e_wait "of 40 cases"
e2e_keys /
e2e_type "karim saadi"
e2e_wait "1 of 40 cases"
e2e_keys Enter
e2e_keys Enter
e2e_wait "$CASE  IN_VERIFICATION"
e2e_keys a
e2e_wait "Actions"
n=$(e2e_screen | grep -A12 "┌ Actions" | grep -n -F -- "Record a verification check" | head -1 | cut -d: -f1)
for _ in $(seq 3 "$n"); do e2e_keys Down; done
e2e_keys Enter
e2e_wait "Tab next field"
e2e_keys Tab Tab
e2e_type "PR-STRACE-1"
e2e_keys Enter
e2e_wait "$CASE is now IN_VERIFICATION"
e2e_keys C-q
status=$(e2e_wait_exit)
[ "$status" = "0" ] || { echo "e2e: the TUI exited with status $status" >&2; exit 1; }

# The line of the terminal write that shows the success, the store's last write before it, and the
# store's last successful sync before it.
shown=$(grep -n 'write(1<' "$TRACE" | grep -F "is now IN_VERIFICATION" | head -1 | cut -d: -f1)
[ -n "$shown" ] || { echo "e2e: the success never reached the terminal in the trace" >&2; exit 1; }
head -n "$shown" "$TRACE" >"$tmp/before"
last_write=$(grep -n 'pwrite64([0-9]*</[^>]*/vault/db>' "$tmp/before" | tail -1 | cut -d: -f1)
last_sync=$(grep -n -E 'fdatasync\([0-9]+</[^>]*/vault/db>\) += 0' "$tmp/before" | tail -1 | cut -d: -f1)
[ -n "$last_write" ] || { echo "e2e: no write of the store before the success" >&2; exit 1; }
[ -n "$last_sync" ] || { echo "e2e: no fdatasync of the store before the success" >&2; exit 1; }
if [ "$last_sync" -lt "$last_write" ]; then
  echo "e2e: the store was written (line $last_write) after its last sync (line $last_sync) before the success (line $shown)" >&2
  exit 1
fi
echo "tui_strace: store written at line $last_write, synced at $last_sync, success shown at $shown"
