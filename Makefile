# Two commands on a fresh machine:  `make demo`  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sqlite:///rasd-demo.db

.PHONY: demo test install bench clean

$(BIN)/rasd: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(BIN)/rasd

install: $(BIN)/rasd

demo: install  ## the main job on the bundled sample corpus, default SQLite store
	rm -f rasd-demo.db*
	$(BIN)/rasd ingest examples/seeds --db $(DB)
	$(BIN)/rasd events --db $(DB) --format table

test: install  ## the whole test suite
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench_text.py
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) rasd-demo.db* .pytest_cache .hypothesis
