#!/usr/bin/env bash
# Import of a 10,000 and a 100,000 application bundle with the release binary into a fresh demo station,
# against `age -d` alone on the same file. Prints a markdown section for docs/PERFORMANCE.md.
# Targets (issue 4): 100,000 applications in under 10 s, peak memory under 300 MiB.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release --bin ercms --example make-fixtures
target=${CARGO_TARGET_DIR:-target}/release
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Wall seconds and peak RSS in MiB of a command, from /usr/bin/time -v.
measure() {
  /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time" || { cat "$tmp/time" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tmp/time")
  echo "$wall $rss"
}

echo "## Import (\`tests/perf/measure-import.sh\`)"
echo
echo "\`ercms import\` (release) of a bundle of synthetic applications (\`make-fixtures --large N\`, about one"
echo "in eight a respelled earlier person) into a fresh demo station, against \`age -d\` alone on the same file."
echo "Targets: 100,000 applications in under 10 s, peak memory under 300 MiB."
echo
echo "| applications | bundle (MiB) | age -d (s) | age -d peak (MiB) | import (s) | import peak (MiB) | flagged as duplicates |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in 10000 100000; do
  "$target/examples/make-fixtures" --large "$n" "$tmp/b.ercms" >/dev/null
  size=$(awk -v b="$(stat -c %s "$tmp/b.ercms")" 'BEGIN { printf "%.1f", b / 1048576 }')
  read -r age_s age_rss < <(measure age -d -i keys/DEMO-IQ-MOMD-DEMO.age.key -o /dev/null "$tmp/b.ercms")
  rm -rf "$tmp/st"
  "$target/ercms" --data "$tmp/st" demo --no-tui >/dev/null
  read -r imp_s imp_rss < <(ERCMS_DATA=$tmp/st ERCMS_USER=clerk ERCMS_PASSPHRASE=demo-clerk-pass \
    measure "$target/ercms" import "$tmp/b.ercms")
  flagged=$(ERCMS_DATA=$tmp/st ERCMS_USER=clerk ERCMS_PASSPHRASE=demo-clerk-pass \
    "$target/ercms" exchange log --json | grep -o '[0-9]* flagged' | head -1 | cut -d' ' -f1)
  echo "| $n | $size | $age_s | $age_rss | $imp_s | $imp_rss | $flagged |"
done
