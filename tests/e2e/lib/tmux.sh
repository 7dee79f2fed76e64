# Helpers to drive the real binary in tmux: start it, type, and wait for text on the screen.
# Source it from an end-to-end script. Waits poll the screen; there are no fixed sleeps.

E2E_SOCKET="ercms-e2e-$$-0"
E2E_SESSION="ercms"
E2E_RUN=0

tm() { tmux -L "$E2E_SOCKET" "$@"; }

# Where the program's exit status is written when it ends.
E2E_STATUS=$(mktemp -u "${TMPDIR:-/tmp}/ercms-e2e-status.XXXXXX")

# e2e_start COLS ROWS COMMAND...: runs COMMAND in a fresh tmux server of that size; its exit status
# goes to $E2E_STATUS when it ends (see e2e_wait_exit).
e2e_start() {
  local cols=$1 rows=$2
  shift 2
  rm -f "$E2E_STATUS"
  # A fresh server socket for every start: `kill-server` returns before the old server has gone, and a
  # new session on its socket then fails with "server exited unexpectedly".
  E2E_RUN=$((E2E_RUN + 1))
  E2E_SOCKET="ercms-e2e-$$-$E2E_RUN"
  tm -f /dev/null new-session -d -s "$E2E_SESSION" -x "$cols" -y "$rows" \
    sh -c '"$@"; echo $? > "$0.tmp"; mv "$0.tmp" "$0"; sleep 600' "$E2E_STATUS" "$@"
}

# e2e_wait_exit [SECONDS]: waits for the program to end and prints its exit status.
e2e_wait_exit() {
  local limit=${1:-20} start
  start=$(date +%s)
  until [ -f "$E2E_STATUS" ]; do
    if [ $(( $(date +%s) - start )) -ge "$limit" ]; then
      echo "e2e: the program did not end within ${limit}s" >&2
      e2e_screen >&2
      return 1
    fi
    sleep 0.05
  done
  cat "$E2E_STATUS"
}

e2e_stop() {
  tm kill-server 2>/dev/null || true
  rm -f "$E2E_STATUS"
}

e2e_screen() { tm capture-pane -p -t "$E2E_SESSION"; }

# e2e_keys KEY...: tmux key names (Enter, Escape, Down, C-l…) or literal text with -l.
e2e_keys() { tm send-keys -t "$E2E_SESSION" "$@"; }
e2e_type() { tm send-keys -t "$E2E_SESSION" -l "$1"; }

# e2e_wait TEXT [SECONDS]: waits until TEXT is on screen; on timeout prints the screen and fails.
e2e_wait() {
  local text=$1 limit=${2:-20} start
  start=$(date +%s)
  while :; do
    if e2e_screen | grep -qF -- "$text"; then return 0; fi
    if [ $(( $(date +%s) - start )) -ge "$limit" ]; then
      echo "e2e: timed out after ${limit}s waiting for: $text" >&2
      echo "----- screen -----" >&2
      e2e_screen >&2
      echo "------------------" >&2
      return 1
    fi
    sleep 0.05 # polling interval, not a wait for the program
  done
}

# e2e_wait_gone TEXT [SECONDS]: waits until TEXT has left the screen.
e2e_wait_gone() {
  local text=$1 limit=${2:-20} start
  start=$(date +%s)
  while e2e_screen | grep -qF -- "$text"; do
    if [ $(( $(date +%s) - start )) -ge "$limit" ]; then
      echo "e2e: timed out after ${limit}s waiting for this to go: $text" >&2
      e2e_screen >&2
      return 1
    fi
    sleep 0.05
  done
}
