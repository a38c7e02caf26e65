#!/usr/bin/env bash
# Checks the monitoring files under deploy/ with the real tools: promtool validates and unit-tests
# the alert rules and checks the scrape configuration; the Grafana dashboard must be valid JSON
# with unique panel ids. (That every metric they name is exported is checked against a running
# wallet by DeployFilesTests.)
set -euo pipefail
cd "$(dirname "$0")/.."
promtool check rules deploy/prometheus/lucid-alerts.yml
promtool check config deploy/prometheus/prometheus.yml
(cd deploy/prometheus && promtool test rules lucid-alerts.test.yml)
python3 - <<'PY'
import json, sys
d = json.load(open("deploy/grafana/lucid-wallet.json"))
ids = [p["id"] for p in d["panels"]]
assert len(ids) == len(set(ids)), "duplicate panel ids"
assert all(t["expr"] for p in d["panels"] for t in p["targets"]), "a panel without a query"
print(f"grafana dashboard: {len(ids)} panels, valid")
PY
