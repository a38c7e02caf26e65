# Lucid payout gateway — the two commands in the README, plus their building blocks.
# Every target installs what it needs first (scripts/setup.sh is idempotent).

SHELL := /bin/bash
SWIFT ?= swift
export SWIFT_DETERMINISTIC_HASHING := 1
DATA_DIR ?= data
DEVNET_PORT ?= 8090
DEVNET_ADMIN_PORT ?= 8091
DEVNET_BLOCK_MS ?= 3000
PY_VENV := .venv

.PHONY: dev dev-tor test setup build lint format python-tools test-swift test-compat test-release test-schemathesis release clean

## make dev: start the embedded default: tron-devnet, lucid-wallet and lucid-gateway.
dev: setup
	$(SWIFT) build
	./scripts/dev.sh

## make dev-tor: the same behind a private Tor network on loopback: the gateway through its .onion,
## the admin operations through the admin onion (client authorization), the wallet's node calls
## through Tor.
dev-tor: setup
	$(SWIFT) build
	DEV_TOR=1 ./scripts/dev.sh

## make test: lint, build everything, run the Swift suites, the compatibility checks (tronpy,
## eth-keyfile), the deploy/ checks (promtool), the headless-browser check of /admin and /docs,
## the end-to-end run through a private Tor network, make release installed from its tarball into
## a temporary prefix (units checked by systemd-analyze, a payout run from the installed tree),
## and schemathesis against the running gateway.
test: setup lint python-tools test-swift test-compat test-release test-schemathesis

setup:
	@./scripts/setup.sh

## make release: static-stdlib release binaries with the version and commit compiled in, checked
## with ldd, packed with the units, env templates, spec, ACL, torrc and docs into
## dist/lucid-VERSION-linux-ARCH.tar.gz (+ .sha256). Install with its install.sh (docs/operations.md).
release: setup
	./scripts/release.sh

build:
	$(SWIFT) build --build-tests

lint:
	$(SWIFT) format lint --recursive --strict Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

python-tools: $(PY_VENV)/.installed

$(PY_VENV)/.installed: scripts/requirements-test.txt
	python3 -m venv $(PY_VENV)
	$(PY_VENV)/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
	touch $@

# The log is kept, and on failure the failing tests and their issues are printed again at the end,
# where a CI log's tail shows them.
test-swift: build
	@mkdir -p .build
	@set -o pipefail; $(SWIFT) test --skip-build --parallel 2>&1 | tee .build/test-swift.log || { \
		echo "=== failing tests and recorded issues ==="; \
		grep -E "✘|recorded an issue|timed out|Expectation failed|Caught error" .build/test-swift.log | head -60; \
		exit 1; }

test-compat: build python-tools
	./scripts/compat-tronpy.sh
	$(PY_VENV)/bin/python scripts/stake_vectors.py --check
	./scripts/compat-keystore.sh
	./scripts/check-deploy.sh
	./scripts/browser-check.sh
	./scripts/tor-e2e.sh

# The release as shipped: built by make release, installed from its tarball, run (check-install.sh).
test-release: setup
	TARBALL=$$(./scripts/release.sh | tail -1) ./scripts/check-install.sh

test-schemathesis: build python-tools
	./scripts/schemathesis.sh

clean:
	rm -rf .build $(PY_VENV)
