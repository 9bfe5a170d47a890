#!/bin/sh
# Runs one fuzz target with the project's memory and time limits:
#   fuzz/run.sh TARGET [SECONDS]
# Every input must load within 512 MB and 10 s per input; more is a finding.
set -eu
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-300}
cd "$(dirname "$0")"
mkdir -p "corpus/$target"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run "$target" "corpus/$target" -- \
    -rss_limit_mb=512 -malloc_limit_mb=512 -timeout=10 -max_total_time="$seconds"
