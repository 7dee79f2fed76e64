#!/usr/bin/env bash
# The real binary in tmux, as officers use it: an officer signs in, filters the queue, opens a case,
# records a check and proposes to accept; a supervisor approves; a clerk exports the reply and imports
# the transfer notifications. Every step waits for text on the screen (no fixed sleeps), and the result
# is checked with the CLI and the standard age tool.
# Usage: tests/e2e/tui_workflow.sh [path/to/ercms]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-target/debug/ercms}")
source tests/e2e/lib/tmux.sh
tmp=$(mktemp -d)
trap 'e2e_stop; rm -rf "$tmp"' EXIT
DATA=$tmp/station
CASE=DE-2026-000005

"$BIN" demo --data "$DATA" --no-tui >/dev/null

# sign_in USER PASS: start the TUI and sign in; waits for the dashboard.
sign_in() {
  e2e_stop
  e2e_start 100 30 env ERCMS_DATA="$DATA" "$BIN"
  e2e_wait "Sign in"
  e2e_type "$1"
  e2e_keys Tab
  e2e_type "$2"
  e2e_keys Enter
  e2e_wait "Dashboard"
}

# quit: Ctrl-Q, and the program ends with status 0 (its screen left as it was, the terminal restored).
quit() {
  e2e_keys C-q
  local status
  status=$(e2e_wait_exit)
  [ "$status" = "0" ] || { echo "e2e: the TUI exited with status $status" >&2; e2e_screen >&2; exit 1; }
}

# action LABEL: opens the case's action menu and picks LABEL (moving down until it is selected).
action() {
  e2e_keys a
  e2e_wait "Actions"
  local n
  n=$(e2e_screen | grep -A12 "┌ Actions" | grep -n -F -- "$1" | head -1 | cut -d: -f1)
  [ -n "$n" ] || { echo "e2e: no action '$1' on screen" >&2; e2e_screen >&2; exit 1; }
  # Line 1 is the border, line 2 the first action (selected).
  for _ in $(seq 3 "$n"); do e2e_keys Down; done
  e2e_keys Enter
}

echo "-- officer: filter, open, check, propose"
sign_in officer demo-officer-pass
e2e_keys Enter
e2e_wait "of 40 cases"
e2e_keys /
e2e_type "karim saadi"
e2e_wait "1 of 40 cases"
e2e_wait "$CASE"
e2e_keys Enter
e2e_keys Enter
e2e_wait "$CASE  IN_VERIFICATION"
action "Record a verification check"
e2e_wait "Tab next field"
e2e_keys Space # civil_registry -> passport_registry
e2e_wait "passport_registry"
e2e_keys Tab Tab
e2e_type "PR-E2E-1"
e2e_keys Enter
e2e_wait "$CASE is now IN_VERIFICATION"
action "Propose to accept"
e2e_wait "y yes"
e2e_keys y
e2e_wait "$CASE is now DECISION_PROPOSED"
quit

echo "-- supervisor: approve from the approvals queue"
sign_in supervisor demo-supervisor-pass
n=$(e2e_screen | grep -n "Approvals" | head -1 | cut -d: -f1)
first=$(e2e_screen | grep -n "› All" | head -1 | cut -d: -f1)
for _ in $(seq 1 $((n - first))); do e2e_keys Down; done
e2e_keys Enter
e2e_wait "proposals waiting"
row=$(e2e_screen | grep -n "$CASE" | head -1 | cut -d: -f1)
top=$(e2e_screen | grep -n "›" | head -1 | cut -d: -f1)
for _ in $(seq 1 $((row - top))); do e2e_keys Down; done
e2e_keys Enter
e2e_wait "$CASE  DECISION_PROPOSED"
action "Approve the proposal"
e2e_wait "y yes"
e2e_keys y
e2e_wait "$CASE is now DECISION_APPROVED"
quit

echo "-- clerk: export the reply, import the transfer notifications"
sign_in clerk demo-clerk-pass
e2e_keys End Enter
e2e_wait "Removable media"
e2e_keys e
e2e_wait "Tab next field"
e2e_keys Enter
e2e_wait "written for DE-BAMF-DEMO"
e2e_keys r
e2e_wait "02-transfer-notifications.ercms"
row=$(e2e_screen | grep -n "02-transfer-notifications.ercms" | head -1 | cut -d: -f1)
top=$(e2e_screen | grep -n "›" | head -1 | cut -d: -f1)
for _ in $(seq 1 $((row - top))); do e2e_keys Down; done
e2e_keys i
e2e_wait "y yes"
e2e_keys y
e2e_wait "Imported transfer-notifications from DE-BAMF-DEMO"
quit

echo "-- checked without the screen"
export ERCMS_DATA=$DATA
status=$(ERCMS_PASSPHRASE=demo-officer-pass "$BIN" --user officer case show "$CASE" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
[ "$status" = "REPLY_SENT" ] || { echo "e2e: $CASE is $status, expected REPLY_SENT" >&2; exit 1; }
checks=$(ERCMS_PASSPHRASE=demo-officer-pass "$BIN" --user officer case show "$CASE" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["checks"]))')
[ "$checks" = "2" ] || { echo "e2e: $CASE has $checks checks, expected 2" >&2; exit 1; }
bundle=$(ls -t "$DATA"/media/*.ercms | grep -v transfer-notifications | head -1)
age -d -i keys/DEMO-DE-BAMF-DEMO.age.key "$bundle" | tar -xO records.jsonl | grep -q "\"application\":\"$CASE\"" \
  || { echo "e2e: the exported bundle does not carry the reply for $CASE" >&2; exit 1; }
ERCMS_PASSPHRASE=demo-auditor-pass "$BIN" --user auditor audit verify >/dev/null
echo "tui_workflow: officer, supervisor and clerk steps done in the real TUI; $CASE is REPLY_SENT; the reply decrypts with age."
