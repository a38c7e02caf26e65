#!/usr/bin/env bash
# Policy decision benchmark (release): ns per decision for 10, 100 and 1,000 rules beside one
# Dictionary<String, Int> lookup measured in the same run, and allocations per decision.
set -euo pipefail
cd "$(dirname "$0")/PolicyBench"
swift build -c release --scratch-path ../../.build-bench >/dev/null
"$(swift build -c release --scratch-path ../../.build-bench --show-bin-path)/PolicyBench"
