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

.PHONY: help install run test lint format bench clean

help:
	@echo "make run    install and start the afterword web app (with a demo workspace on first run)"
	@echo "make test   install what the tests need and run them all"
	@echo "make lint   ruff (lint + format check) and mypy"
	@echo "make bench  run the benchmarks in bench/ and print their figures"

$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --all-groups --compile-bytecode
	@# Byte-compile our own sources too: PYTHONDONTWRITEBYTECODE is set on these machines,
	@# and without .pyc files every start would recompile the package.
	$(BIN)/python -m compileall -q src
	@touch $@

install: $(VENV)/.installed

run: install
	@$(BIN)/python -m compileall -q src
	$(BIN)/afterword demo load --if-empty
	$(BIN)/afterword serve

test: install
	@$(BIN)/python -m compileall -q src
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	@$(BIN)/python -m compileall -q src
	$(BIN)/python bench/cli_startup.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
