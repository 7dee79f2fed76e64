#!/usr/bin/env bash
# Runs the benchmarks and writes docs/PERFORMANCE.md from what they measure on this machine.
# Usage: tests/perf/run.sh            (all benches: a few minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/PERFORMANCE.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

benches=(vault)
for b in "${benches[@]}"; do
  cargo bench --quiet --bench "$b" >"$tmp/$b.txt" 2>/dev/null
done
# Extra measurements that are whole-program runs (import, TUI) add their own sections via these scripts.
for extra in tests/perf/measure-*.sh; do
  [ -e "$extra" ] && bash "$extra" >"$tmp/$(basename "$extra" .sh).md"
done

{
  echo "# Performance"
  echo
  echo "Written by \`tests/perf/run.sh\` on $(date -u +%Y-%m-%d); do not edit by hand. Machine: $(nproc) cores,"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version)."
  echo
  echo "## Vault (\`cargo bench --bench vault\`)"
  echo
  echo "- \`seal_value\` / \`open_value\`: XChaCha20-Poly1305 with the tree and key as associated data, per value size (bytes)."
  echo "- \`commit_one_action_with_flush\`: one action's transaction (a ~1 KiB record and an audit entry), applied as one"
  echo "  sled batch, flushed, and the log file \`fdatasync\`ed (sled's own flush is only \`sync_file_range\`, sled #1452):"
  echo "  this is what an action costs to be on disk before it is reported done."
  echo "- \`commit_1000_records_with_flush\`: a bulk transaction as an import makes it."
  echo "- \`unwrap_slot_default_work_factor\`: logging in (age scrypt, work factor 18). Target: 0.5–1 s."
  echo
  echo '```'
  cat "$tmp/vault.txt"
  echo '```'
  for f in "$tmp"/measure-*.md; do
    [ -e "$f" ] && { echo; cat "$f"; }
  done
} >"$out"
echo "wrote $out"
