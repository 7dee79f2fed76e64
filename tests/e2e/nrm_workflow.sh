#!/usr/bin/env bash
# The National Referral Mechanism in the real TUI: an officer hands an arrived case over (its returnee
# record opens with it), records consent, assesses and proposes a plan; the supervisor sees it waiting on
# the dashboard and approves it from Approvals; the officer refers the returnee to a provider without a
# station (a printable letter lands in the media folder) and records the provider's answer; the Reports
# screen shows the referral; the officer opens a record for a returnee without a case. Every step waits for text on the screen (no fixed sleeps).
# Usage: tests/e2e/nrm_workflow.sh [path/to/ercms]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${1:-target/debug/ercms}")
source tests/e2e/lib/tmux.sh
tmp=$(mktemp -d)
trap 'e2e_stop; rm -rf "$tmp"' EXIT
DATA=$tmp/station
export ERCMS_DATA=$DATA
PROVIDER="Baghdad Directorate of Labour"

"$BIN" demo --data "$DATA" --no-tui >/dev/null
cli() { local who=$1; shift; ERCMS_PASSPHRASE="demo-$who-pass" "$BIN" --user "$who" "$@"; }

echo "-- set-up with the CLI: a case arrives; a provider without a station joins the directory"
cli clerk import "$DATA/media/02-transfer-notifications.ercms" >/dev/null 2>&1
CASE=$(cli officer case list --status TRANSFER_NOTIFIED --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["reference"])')
cli officer case arrival "$CASE" --border-point BGW >/dev/null
cli admin provider add --name "$PROVIDER" --kind government --governorates Baghdad \
  --services housing --focal-name "Focal point" --focal-phone "+964 770 000 0001" >/dev/null

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

quit() {
  e2e_keys C-q
  local status
  status=$(e2e_wait_exit)
  [ "$status" = "0" ] || { echo "e2e: the TUI exited with status $status" >&2; e2e_screen >&2; exit 1; }
}

# pick TEXT: moves the list's selection (›) down to the first line holding TEXT, and opens it.
pick() {
  e2e_wait "$1"
  local row top
  row=$(e2e_screen | grep -n -F -- "$1" | head -1 | cut -d: -f1)
  top=$(e2e_screen | grep -n "›" | head -1 | cut -d: -f1)
  for _ in $(seq 1 $((row - top))); do e2e_keys Down; done
  e2e_keys Enter
}

# action LABEL: opens the action menu and picks LABEL.
action() {
  e2e_keys a
  e2e_wait "Actions"
  local n
  n=$(e2e_screen | grep -A20 "┌ Actions" | grep -n -F -- "$1" | head -1 | cut -d: -f1)
  [ -n "$n" ] || { echo "e2e: no action '$1' on screen" >&2; e2e_screen >&2; exit 1; }
  for _ in $(seq 3 "$n"); do e2e_keys Down; done
  e2e_keys Enter
}

# cycle TEXT: presses Space on the focused choice until TEXT shows (at most 25 times).
cycle() {
  for _ in $(seq 1 25); do
    e2e_screen | grep -qF -- "$1" && return 0
    e2e_keys Space
    e2e_wait "Tab next field" >/dev/null
  done
  e2e_wait "$1" 1
}

open_returnee() {
  pick "Returnees"
  e2e_wait "returnees"
  pick "$CASE"
  e2e_wait "$CASE"
}

echo "-- officer: hand over, consent, assessment, plan"
sign_in officer demo-officer-pass
e2e_keys Enter
e2e_wait "of 40 cases"
e2e_keys /
e2e_type "$CASE"
e2e_wait "1 of 40 cases"
e2e_keys Enter Enter
e2e_wait "$CASE  ARRIVED"
action "Hand over"
e2e_wait "Governorate of return"
cycle "Baghdad"
e2e_keys Enter
e2e_wait "$CASE is now REFERRED; its returnee record"
e2e_keys Escape
e2e_wait "of 40 cases"
# Escape clears the queue's filter first, then leaves the queue.
for _ in 1 2 3; do
  e2e_keys Escape
  e2e_wait "Dashboard" 2 2>/dev/null && break
done
e2e_wait "Dashboard"
open_returnee
action "Record consent"
e2e_wait "Share data with providers"
e2e_keys Enter
e2e_wait "record consent done; now CONSENT_RECORDED"
action "Record the needs assessment"
e2e_wait "Vulnerabilities"
e2e_keys Space Space Space # housing: none -> mild -> moderate -> severe
e2e_keys Enter
e2e_wait "now ASSESSED"
action "Propose the reintegration plan"
e2e_wait "Tab next field"
e2e_type "rent support for six months"
e2e_keys Enter
e2e_wait "now PLAN_PROPOSED"
quit

echo "-- supervisor: the plan waits on the dashboard and in Approvals"
sign_in supervisor demo-supervisor-pass
line=$(e2e_screen | grep -F "Approvals" | head -1)
waiting=$(echo "$line" | grep -o '[0-9]\+' | tail -1)
[ "${waiting:-0}" -ge 2 ] || { echo "e2e: approvals shows '${waiting:-}' (the refusal and the plan)" >&2; e2e_screen >&2; exit 1; }
pick "Approvals"
e2e_wait "PLAN_PROPOSED"
pick "$CASE"
e2e_wait "Plan"
action "Approve the plan"
e2e_wait "y yes"
e2e_keys y
e2e_wait "now PLAN_APPROVED"
quit

echo "-- officer: a referral by letter, and the provider's answer by hand"
sign_in officer demo-officer-pass
open_returnee
action "Propose a referral"
e2e_wait "Due (YYYY-MM-DD)"
cycle "$PROVIDER"
e2e_keys Tab Tab Tab
e2e_type "$(date -u -d '+14 days' +%Y-%m-%d)"
e2e_keys Enter
e2e_wait "propose referral done"
action "Send a referral"
e2e_wait "Referral"
e2e_keys Enter
e2e_wait "the referral letter is"
letter=$(ls "$DATA"/media/referral-*.html)
grep -qF "$PROVIDER" "$letter" || { echo "e2e: the letter does not name the provider" >&2; exit 1; }
action "Record the provider's answer"
e2e_wait "Answer"
e2e_keys Enter
e2e_wait "record referral response done"
quit

echo "-- supervisor: the Reports screen shows the referral"
sign_in supervisor demo-supervisor-pass
pick "Reports"
e2e_wait "Referrals by service"
e2e_wait "housing"
quit

echo "-- officer: a returnee who came back without a case, through the new-record form"
sign_in officer demo-officer-pass
pick "Returnees"
e2e_wait "returnees"
e2e_keys n
e2e_wait "New returnee record"
e2e_type "Karimi"; e2e_keys Tab
e2e_type "Hawre"; e2e_keys Tab
cycle "< male >"; e2e_keys Tab
e2e_type "1991-04"; e2e_keys Tab
e2e_type "$(date -u +%F)"; e2e_keys Tab
cycle "< Baghdad >"
e2e_keys Enter
e2e_wait "is open"
NEW=$(e2e_screen | grep -o "NRM-[0-9a-f]\{8\}" | head -1)
[ -n "$NEW" ] || { echo "e2e: no NRM reference on the new record's page" >&2; e2e_screen >&2; exit 1; }
quit

echo "-- checked without the screen"
cli officer returnee show "$NEW" --json | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["returnee"]["case_id"] is None, r["returnee"]["case_id"]
assert r["returnee"]["governorate"] == "Baghdad", r["returnee"]["governorate"]
assert r["person"]["surname"] == "Karimi"
' || { echo "e2e: the record opened in the TUI is not what was typed" >&2; exit 1; }
status=$(cli officer returnee show "$CASE" --json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["returnee"]["referrals"][0]["status"])')
[ "$status" = "accepted" ] || { echo "e2e: the referral is $status, expected accepted" >&2; exit 1; }
cli auditor audit verify >/dev/null
echo "nrm_workflow: hand-over, assessment, plan approved, referral by letter answered, shown in Reports; a record without a case opened from the list."
