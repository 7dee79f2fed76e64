#!/usr/bin/env bash
# How long the release binary takes to refuse each kind of the hostile-bundle corpus (tests/hostile_bundles.rs),
# sign-in included (work factor of the demo station). Prints a markdown section for docs/PERFORMANCE.md.
# Target (issue 18): each refused in under 1 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(cargo test --quiet --release --test hostile_bundles every_hostile -- --nocapture --test-threads 1 2>/dev/null)
echo "## Hostile bundles (\`tests/perf/measure-hostile.sh\`)"
echo
echo "\`ercms import\` (release) of each kind of the hostile corpus into the demo station: process start, sign-in,"
echo "refusal and its log entry. Target: under 1 s each."
echo
echo "| kind | seconds |"
echo "|---|---:|"
echo "$out" | awk 'NF == 3 && $3 == "s" { printf "| %s | %s |\n", $1, $2 }'
echo
echo "$out" | awk 'NF == 3 && $3 == "s" { if ($2 > max) max = $2; n++ } END { printf "Slowest of %d kinds: %s s.\n", n, max }'
