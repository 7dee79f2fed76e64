#!/usr/bin/env bash
# The station clock on the real binary, the system time moved with faketime: a case received under an
# agreement where silence means consent is deemed accepted when the reply limit passes, gets its travel
# document, sees it expire, has it reissued and sees its transfer window expire; each step shows in
# `case show --json` and in `audit list`, by the station clock. A clock set back applies nothing until an
# admin confirms the time.
# Usage: tests/e2e/clock_faketime.sh [path/to/ercms]
set -euo pipefail
BIN=$(realpath "${1:-target/debug/ercms}")
command -v faketime >/dev/null || { echo "clock_faketime: faketime is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
export ERCMS_DATA=$tmp/station
# No faketime cache: each run reads the time asked for.
export FAKETIME_NO_CACHE=1 DONT_FAKE_MONOTONIC=1

at() { # at "YYYY-MM-DD HH:MM:SS" USER ARGS...: runs ercms as USER at that time.
  local when=$1 user=$2
  shift 2
  faketime "$when" env ERCMS_USER="$user" ERCMS_PASSPHRASE="demo-$user-pass" "$BIN" --data "$ERCMS_DATA" "$@"
}
fail() { echo "clock_faketime: $*" >&2; exit 1; }
status_at() { # status_at WHEN: the case's status as case show --json prints it (the clock runs first)
  at "$1" officer case show "$ref" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}
expect_status() {
  local got
  got=$(status_at "$1")
  [ "$got" = "$2" ] || fail "at $1 the case is $got, expected $2"
  echo "  $1: $2"
}
expect_audit() { # expect_audit WHEN ACTION: the audit trail holds ACTION by station-clock on the case
  at "$1" auditor audit list --json 2>/dev/null | python3 -c '
import json, sys
entries = json.load(sys.stdin)
action, ref = sys.argv[1], sys.argv[2]
hits = [e for e in entries if e["action"] == action and e["actor"] == "station-clock" and (e.get("detail") or "").startswith(ref)]
sys.exit(0 if len(hits) == 1 else 1)' "$2" "$ref" || fail "audit list has not exactly one $2 by station-clock"
}

# The demo station, made on Wednesday 1 July 2026: its applications are received then.
faketime "2026-07-01 08:00:00" "$BIN" demo --no-tui --data "$ERCMS_DATA" >/dev/null
ref=$(at "2026-07-01 08:05:00" clerk case list --status RECEIVED --json 2>/dev/null |
  python3 -c 'import json,sys; rows=[r for r in json.load(sys.stdin) if r["reference"].startswith("DE-")]; print(rows[0]["reference"])')
agreement=$(at "2026-07-01 08:05:00" clerk case show "$ref" --json 2>/dev/null |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["application"]["agreement"])')
at "2026-07-01 08:10:00" clerk case register "$ref" >/dev/null 2>&1
# Under this agreement silence is consent, the reply is due 10 calendar days after receipt, a
# laissez-passer must be valid one month and the transfer window is 90 days.
at "2026-07-01 08:15:00" admin agreement set "$agreement" --reply-days 10 --reply-day-count calendar \
  --accelerated-reply-days none --clock-start receipt --silence-means-consent true \
  --td-validity-months 1 --transfer-window-days 90 >/dev/null 2>&1
# The reply limit as the station worked it out (the demo's applications arrived some days before).
R=$(at "2026-07-01 08:20:00" officer case show "$ref" --json 2>/dev/null |
  python3 -c 'import json,sys; d=json.load(sys.stdin)["deadline"]["due"]; assert d["what"] == "reply"; print(d["on"])')
day() { date -u -d "$R $1" +%F; } # day "+N days": a date counted from the reply limit
echo "clock_faketime: $ref under $agreement, reply due $R"

expect_status "$R 09:00:00" REGISTERED
# The day after the reply limit (Baghdad) the station records the deemed acceptance itself.
expect_status "$(day '+1 day') 09:00:00" DEEMED_ACCEPTED
expect_audit "$(day '+1 day') 09:05:00" case.mark_deemed_accepted

# A travel document valid 7 days is refused with the rule named; one valid a month is issued.
T=$(day '+2 days')
if at "$T 09:00:00" officer case travel-document "$ref" --number LP-1 --valid-until "$(date -u -d "$T +7 days" +%F)" 2>"$tmp/err"; then
  fail "a travel document below the minimum validity was accepted"
fi
grep -q "requires a travel document valid at least 1 month" "$tmp/err" || fail "refusal does not name the rule: $(cat "$tmp/err")"
V=$(date -u -d "$T +1 month" +%F)
at "$T 09:00:00" officer case travel-document "$ref" --number LP-1 --valid-until "$V" >/dev/null 2>&1
expect_status "$T 09:05:00" TRAVEL_DOC_ISSUED
expect_status "$V 09:00:00" TRAVEL_DOC_ISSUED
E=$(date -u -d "$V +1 day" +%F)
expect_status "$E 09:00:00" TRAVEL_DOC_EXPIRED
expect_audit "$E 09:05:00" case.expire_travel_document
at "$E 10:00:00" officer case travel-document "$ref" --number LP-2 --valid-until "$(day '+120 days')" >/dev/null 2>&1
expect_status "$E 10:05:00" TRAVEL_DOC_ISSUED

# The window: 90 calendar days from the reply limit that silence let pass.
W=$(day '+90 days')
expect_status "$W 09:00:00" TRAVEL_DOC_ISSUED
# `clock run` applies what is due and prints it; --json for scripts.
out=$(at "$(day '+91 days') 09:00:00" officer clock run --json 2>/dev/null)
python3 -c '
import json, sys
run = json.loads(sys.argv[1]); ref = sys.argv[2]
mine = [c for c in run["changes"] if c["reference"] == ref]
assert [c["action"] for c in mine] == ["expire_transfer_window"], mine
assert run["time_zone"] == "Asia/Baghdad", run' "$out" "$ref" || fail "clock run --json: $out"
expect_status "$(day '+91 days') 09:05:00" TRANSFER_WINDOW_EXPIRED
expect_audit "$(day '+91 days') 09:10:00" case.expire_transfer_window

# A second run changes nothing.
out=$(at "$(day '+91 days') 09:15:00" officer clock run --json 2>/dev/null)
python3 -c 'import json,sys; assert json.loads(sys.argv[1])["changes"] == []' "$out" || fail "second run changed: $out"

# The clock set back: nothing is applied, the exit code says so, an admin confirms.
if at "$(day '+80 days') 09:00:00" officer clock run 2>"$tmp/err" >/dev/null; then fail "a clock set back was not noticed"; fi
grep -q "earlier than the station clock's last run" "$tmp/err" || fail "no set-back sentence: $(cat "$tmp/err")"
if at "$(day '+80 days') 09:00:00" officer clock confirm >/dev/null 2>&1; then fail "an officer confirmed the time"; fi
at "$(day '+80 days') 09:01:00" admin clock confirm >/dev/null 2>&1 || fail "the admin could not confirm the time"
trail=$(at "$(day '+80 days') 09:02:00" auditor audit list --json 2>/dev/null)
grep -q '"clock.confirm"' <<<"$trail" || fail "clock.confirm not audited"

# The station's zone: shown, changed by the admin, audited.
shown=$(at "$(day '+80 days') 09:03:00" admin station set --time-zone Asia/Baku 2>/dev/null)
grep -q "Asia/Baku" <<<"$shown" || fail "station set: $shown"
if at "$(day '+80 days') 09:03:00" admin station set --time-zone Mars/Olympus >/dev/null 2>&1; then fail "a bad zone was accepted"; fi
at "$(day '+80 days') 09:04:00" auditor audit verify >/dev/null 2>&1 || fail "the audit chain does not verify"
echo "clock_faketime: received -> deemed accepted -> travel document -> expired -> reissued -> transfer window expired, each by the station clock; set-back refused and confirmed."
