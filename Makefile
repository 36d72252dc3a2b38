# The two commands: `make run` serves every API; `make test` checks everything.
# Everything else here is a step of those two (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export npm_config_loglevel := error
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
BIN := node_modules/.bin

.PHONY: help install gen check-gen lint typecheck test unit test-postgres run mock build bench clean format lint-code sdk spec-diff release-spec

# Steps that are skipped when their inputs did not change (`make run` twice starts at once):
# the stamps' prerequisites are the files each step reads. Stamps live in dist/ (`make clean`).
GEN_INPUTS := $(shell find spec scripts/codegen -type f) redocly.yaml
GENERATED := $(shell find generated -type f)
BUILD_INPUTS := $(shell find src -type f) tsconfig.json tsconfig.build.json scripts/dev/build.sh

help:
	@echo "make run    serve all five APIs on \$${PORT:-8000} (SQLite under data/)"
	@echo "make mock   serve every operation from the specs' examples"
	@echo "make test   install, drift check, spec lint, breaking-change gate, typecheck, all test suites"
	@echo "make gen    regenerate generated/ from spec/"
	@echo "make format / make lint-code   Biome: format the code / check format and lint rules"
	@echo "make bench  throughput/latency against baselines (see scripts/bench)"
	@echo "make spec-diff / make release-spec   breaking-change gate against spec/released/ / record the specs as released"
	@echo "make sdk    build the SDK package into dist/sdk and pack it (dist/contract-first-sdk-*.tgz)"

node_modules/.install-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.install-stamp

# `make gen` always regenerates; run, mock and build regenerate only when spec/ or the generator
# changed. The stamp carries the time generation started, so an edit made meanwhile is seen.
GEN = mkdir -p dist && touch dist/.gen-stamp.new && $(BIN)/tsx scripts/codegen/index.ts && mv dist/.gen-stamp.new dist/.gen-stamp

gen: install
	$(GEN)

dist/.gen-stamp: $(GEN_INPUTS) node_modules/.install-stamp
	$(GEN)

# generated/ must be exactly what `make gen` writes from spec/.
check-gen: gen
	@if [ -n "$$(git status --porcelain -- generated)" ]; then \
		git status --short -- generated | head -20; \
		echo "generated/ differs from a fresh 'make gen': run 'make gen' and commit generated/ with the spec change."; \
		exit 1; \
	fi

lint: install
	$(BIN)/redocly lint --format=stylish spec/*.openapi.yaml

# The breaking-change gate (scripts/spec-diff): each spec against spec/released/<slug>.openapi.yaml.
# Fails on a change that breaks clients of the released version unless info.version's major was
# bumped. `make release-spec` records the current specs as released (do it when they ship).
spec-diff: install
	$(BIN)/tsx scripts/spec-diff/index.ts

release-spec: install
	$(BIN)/tsx scripts/spec-diff/index.ts --release

typecheck: install
	$(BIN)/tsc -p tsconfig.json --noEmit

# The browser tests drive Debian's chromium (installed here when missing, as root).
unit: install
	scripts/dev/ensure-chromium.sh
	$(BIN)/vitest run

# The scale-out check: the database-backed suites again on a throwaway PostgreSQL server, and
# test/scale: several real server processes on one database behaving as one
# (scripts/dev/with-postgres.sh installs Debian's postgresql when missing).
test-postgres: install
	scripts/dev/with-postgres.sh $(BIN)/vitest run test/orchestrator test/operator test/findori test/hitl test/contract/real.test.ts test/saju test/unit/db test/kit/rate-limit-store.test.ts test/kit/idempotency-store.test.ts test/scale

test: check-gen lint spec-diff lint-code typecheck unit test-postgres

# The bundle is rebuilt only when src/, generated/ or the build configuration changed; see
# scripts/dev/build.sh (it never removes a bundle a running server may still read).
dist/bundle/main.js: dist/.gen-stamp $(BUILD_INPUTS) $(GENERATED) node_modules/.install-stamp
	scripts/dev/build.sh

build: dist/bundle/main.js

run: build
	node dist/bundle/main.js

mock: build
	SERVE_MODE=mock node dist/bundle/main.js

# Under a throwaway PostgreSQL: section `scale` runs one server process against two on it.
bench: build
	scripts/bench/ensure-wrk.sh
	scripts/dev/with-postgres.sh node scripts/bench/run.mjs $(BENCH_ARGS)

# The SDK package frontends install (sdk/, README "The SDK package"): one ES module per API with
# declarations, built into dist/sdk and packed next to it. Not committed: test/sdk builds it afresh.
sdk: dist/.gen-stamp node_modules/.install-stamp
	$(BIN)/tsx scripts/sdk/build.ts dist/sdk --pack

# Biome (biome.jsonc): `make test` checks the format and the lint rules; `make format` fixes the format.
format: install
	$(BIN)/biome format --write .

lint-code: install
	$(BIN)/biome check .

clean:
	rm -rf dist node_modules/.install-stamp
