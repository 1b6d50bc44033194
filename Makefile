# claimscope: the two commands of the README quick start, and the checks CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/corpus

.PHONY: setup setup-test demo test lint typecheck check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python ## install claimscope and its models into .venv
	$(BIN)/pip install -q -e .

setup-test: $(BIN)/python ## install claimscope with the test extras
	$(BIN)/pip install -q -e ".[test,dev]"

demo: setup ## run the whole pipeline on the bundled corpus/ -> out/corpus
	$(BIN)/claimscope run corpus/ --out $(OUT)
	$(BIN)/claimscope report $(OUT) --out $(OUT)/report.html

test: setup-test ## lint, the import layers (no cycles), then the default (fast) test suite
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -q

check: setup-test ## everything: lint, format, types, all tests including slow ones
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/pytest -q -m "slow or not slow"

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
