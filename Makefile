# These commands do all the set-up on a fresh machine with Python >= 3.11:
#   make run    create .venv, install the tool, solve the bundled sample forum into outputs/
#   make test   create .venv, install the tool with its test tools, run the test suite
#   make lint   the same set-up, then ruff's lint and format checks (CI runs lint, then test)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run test lint benchmark clean

$(BIN)/forum-scheduler: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/forum-scheduler
	$(BIN)/forum-scheduler solve

test: $(BIN)/forum-scheduler
	$(BIN)/python -m pytest

lint: $(BIN)/forum-scheduler
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

benchmark: $(BIN)/forum-scheduler
	$(BIN)/python benchmarks/solve_times.py

clean:
	rm -rf $(VENV) outputs/*/ .pytest_cache
