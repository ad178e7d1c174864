# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint docs bench bench-ledger clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: check every example accord and print its timeline; log, witness and verify them
demo: $(STAMP)
	$(BIN)/servanda check examples/*.yaml
	@for f in examples/*.yaml; do $(BIN)/servanda timeline "$$f" || exit $$?; done
	$(BIN)/python scripts/demo_ledger.py

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff and mypy, as CI would
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

## docs: regenerate the generated parts of README.md and docs/
docs: $(STAMP)
	$(BIN)/cog -r README.md docs/*.md

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/accord_load.py

## bench-ledger: the transparency log against pymerkle 7 and raw SHA-256 (ENTRIES=1000000)
ENTRIES ?= 1000000
bench-ledger: $(BENCH_STAMP)
	$(BIN)/python benchmarks/ledger.py --entries $(ENTRIES)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
