# The two commands: `make run` serves every API; `make test` checks everything.
# Everything else here is a step of those two (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export npm_config_loglevel := error
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
BIN := node_modules/.bin

.PHONY: help install gen check-gen lint typecheck test unit test-postgres run mock build bench clean

help:
	@echo "make run    serve all five APIs on \$${PORT:-8000} (SQLite under data/)"
	@echo "make mock   serve every operation from the specs' examples"
	@echo "make test   install, drift check, spec lint, typecheck, all test suites"
	@echo "make gen    regenerate generated/ from spec/"
	@echo "make bench  throughput/latency against baselines (see scripts/bench)"

node_modules/.install-stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.install-stamp

gen: install
	$(BIN)/tsx scripts/codegen/index.ts

# generated/ must be exactly what `make gen` writes from spec/.
check-gen: gen
	@if [ -n "$$(git status --porcelain -- generated)" ]; then \
		git status --short -- generated | head -20; \
		echo "generated/ differs from a fresh 'make gen': run 'make gen' and commit generated/ with the spec change."; \
		exit 1; \
	fi

lint: install
	$(BIN)/redocly lint --format=stylish spec/*.openapi.yaml

typecheck: install
	$(BIN)/tsc -p tsconfig.json --noEmit

unit: install
	$(BIN)/vitest run

# The scale-out check: the database-backed suites again on a throwaway PostgreSQL server
# (scripts/dev/with-postgres.sh installs Debian's postgresql when missing).
test-postgres: install
	scripts/dev/with-postgres.sh $(BIN)/vitest run test/orchestrator test/contract/real.test.ts test/kit/saju-conventions.test.ts test/unit/db

test: check-gen lint typecheck unit test-postgres

build: gen
	$(BIN)/tsc -p tsconfig.build.json
	@# tsc emits only JavaScript: data files that modules read beside themselves at run time
	@# (saju policies, leap seconds) are copied into dist/ with the same layout.
	cd src && find . -type f ! -name '*.ts' -exec cp --parents {} ../dist/src/ \;
	@# One bundled module for serving: loading one file instead of ~700 (kysely alone is ~400)
	@# cuts cold start by about a third. Native and optional drivers stay external.
	rm -rf dist/bundle
	$(BIN)/esbuild dist/src/main.js --bundle --splitting --format=esm --platform=node --target=node20 \
		--outdir=dist/bundle --external:better-sqlite3 --external:pg --log-level=warning \
		--banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"

run: build
	node dist/bundle/main.js

mock: build
	SERVE_MODE=mock node dist/bundle/main.js

bench: build
	node scripts/bench/run.mjs $(BENCH_ARGS)

clean:
	rm -rf dist node_modules/.install-stamp
