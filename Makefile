# afterword -- the two commands a newcomer needs are `make run` and `make test`.
# Everything is installed into .venv from the lock file (uv.lock) with uv.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
UV := $(PYTHON) -m uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install install-run wheel system-packages run test lint format bench fuzz screenshots vendor clean

help:
	@echo "make run    install and start the afterword web app (with a demo workspace on first run)"
	@echo "make test   install what the tests need and run them all"
	@echo "make lint   ruff (lint + format check), mypy and the import layers (lint-imports)"
	@echo "make bench  run the benchmarks in bench/ and print their figures"
	@echo "make fuzz   feed every fuzz target generated input for FUZZ_MINUTES (10) and report"
	@echo "make screenshots  a picture of every page (desktop and phone) into docs/screenshots/"

# Running needs the app's own dependencies only; the tests and tools (mypy, ruff, Playwright,
# schemathesis, ...) come with `make test`, `make lint` and the rest. --inexact: `make run`
# after `make test` keeps the tools instead of uninstalling them.
$(VENV)/.installed-run: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --no-dev --inexact --compile-bytecode
	@# Byte-compile our own sources too: PYTHONDONTWRITEBYTECODE is set on these machines,
	@# and without .pyc files every start would recompile the package.
	$(BIN)/python -m compileall -q src
	@touch $@

$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --all-groups --compile-bytecode
	$(BIN)/python -m compileall -q src
	@touch $@ $(VENV)/.installed-run

# The packaged mail classifier, built ahead of time from the corpus so that no first import or
# demo load trains it; rebuilt when the corpus or the classifier's code changes (the stamp
# beside it holds the corpus hash, which the app checks before using it). Running needs it,
# and it needs only what running needs.
MODEL := src/afterword/inbox/model/mail-classifier.joblib
$(MODEL): $(VENV)/.installed-run $(wildcard src/afterword/inbox/corpus/*.jsonl) src/afterword/inbox/classify.py src/afterword/inbox/rules.py src/afterword/inbox/classifier_store.py
	$(BIN)/python -m afterword.inbox.classifier_store build --path $@

install: $(VENV)/.installed $(MODEL)

# A wheel with the packaged model in it (`uv tool install dist/afterword-*.whl`).
wheel: install
	$(BIN)/python -m afterword.inbox.classifier_store build --if-stale --path $(MODEL)
	$(UV) build --wheel

install-run: $(VENV)/.installed-run $(MODEL)

run: install-run
	@$(BIN)/python -m compileall -q src
	$(BIN)/afterword demo load --if-empty
	$(BIN)/afterword serve

# PostgreSQL, Dovecot and Chromium from Debian's packages, when missing (needs root or sudo).
system-packages:
	@scripts/install-system-packages

test: install system-packages
	@$(BIN)/python -m compileall -q src
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	@$(BIN)/python -m compileall -q src
	$(BIN)/python bench/cli_startup.py
	$(BIN)/python bench/playbook.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/inbox.py

# The fuzz suite (tests/fuzz) for longer than the test run gives it: inputs, crashes and hangs.
FUZZ_MINUTES ?= 10
fuzz: install
	@$(BIN)/python -m compileall -q src
	$(BIN)/python -m tests.fuzz.run --minutes $(FUZZ_MINUTES)

# A picture of every page at desktop and phone width, for the README's tour.
screenshots: install
	@[ -x /usr/bin/chromium ] || scripts/install-system-packages
	$(BIN)/python scripts/screenshots.py

# Re-copies the front-end files in src/afterword/web/static/vendor/ (and axe-core for the
# browser tests) from the npm registry, at the versions its package.json pins.
vendor:
	rm -rf .vendor-build && mkdir .vendor-build
	cp src/afterword/web/static/vendor/package.json .vendor-build/
	cd .vendor-build && npm install --no-audit --no-fund --ignore-scripts
	cp .vendor-build/node_modules/htmx.org/dist/htmx.min.js src/afterword/web/static/vendor/
	cp .vendor-build/node_modules/@picocss/pico/css/pico.jade.min.css src/afterword/web/static/vendor/pico.min.css
	cp .vendor-build/node_modules/echarts/dist/echarts.min.js src/afterword/web/static/vendor/
	cp .vendor-build/node_modules/swagger-ui-dist/swagger-ui-bundle.js .vendor-build/node_modules/swagger-ui-dist/swagger-ui.css src/afterword/web/static/vendor/
	cp .vendor-build/node_modules/swagger-ui-dist/LICENSE src/afterword/web/static/vendor/LICENSE.swagger-ui.txt
	cp .vendor-build/node_modules/axe-core/axe.min.js tests/browser/vendor/
	rm -rf .vendor-build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
