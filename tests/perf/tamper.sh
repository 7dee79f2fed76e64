#!/usr/bin/env bash
# The tamper test at scale (issue 17): 1,000 random bit flips in copies of a real (demo) station's store
# files, half of them in the last 4 KiB of the largest file, where sled keeps its newest writes. Every flip
# that changes what the store holds must be caught when it opens, at sign-in or by `audit verify`; none
# may go unnoticed or panic. CI runs 100 of the same flips (tests/tamper_flips.rs).
# Usage: tests/perf/tamper.sh [FLIPS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
ERCMS_FLIPS=${1:-1000} ERCMS_FLIP_SEED=${2:-1017} \
  cargo test --quiet --test tamper_flips -- --nocapture 2>&1 | grep -E '^flips:|panicked|undetected' 
