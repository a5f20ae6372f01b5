# Two commands on a fresh clone: `make demo` (the main job) and `make test` (the suite).
# Each sets up everything it needs: the virtual environment, Debian packages, services.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= build/demo
DEMO_DB ?= $(DEMO_DIR)/workbench.sqlite
DEMO_HOMES ?= 60
PYTEST_ARGS ?=

.PHONY: demo test lint venv system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

demo: venv
	bash scripts/demo.sh "$(DEMO_DIR)" "$(DEMO_HOMES)"

test: lint system-deps
	WORKBENCH_TEST_PG="$$(bash scripts/pg.sh start)" $(BIN)/python -m pytest -n 2 --dist loadfile --timeout 900 $(PYTEST_ARGS)

# ruff, the layer contract (pyproject.toml [tool.importlinter]) and mypy ([tool.mypy])
lint: venv
	$(BIN)/ruff check workbench tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	bash scripts/pg.sh stop || true
	rm -rf build .pytest_cache
