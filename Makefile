# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint docs bench bench-engine bench-ledger clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: check every example accord, print its timeline, and assess Minsk II's evidence;
##       log them, have two witnesses cosign, and verify a record offline; store signed
##       reports and imported ACLED and UCDP events and assess them; and extract the
##       statements of the seed article
demo: $(STAMP)
	$(BIN)/servanda check examples/*.yaml
	@for f in examples/*.yaml; do $(BIN)/servanda timeline "$$f" || exit $$?; done
	$(BIN)/servanda timeline examples/minsk-ii.yaml -e examples/minsk-ii.jsonl --every day \
		--provision ceasefire --provision heavy-weapons-withdrawal
	$(BIN)/servanda assess examples/minsk-ii.yaml -e examples/minsk-ii.jsonl \
		--as-of 2015-04-01 --format table
	$(BIN)/python scripts/demo_ledger.py
	$(BIN)/python scripts/demo_evidence.py
	$(BIN)/servanda statements extract tests/data/statements/docs/seed-article.txt \
		--published 2025-12-12 --format table

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff and mypy, as CI would
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs/cogdocs.py
	$(BIN)/ruff format --check src tests benchmarks scripts docs/cogdocs.py
	$(BIN)/mypy src

## docs: regenerate the generated parts of README.md and docs/
docs: $(STAMP)
	$(BIN)/cog -r -I docs README.md docs/*.md

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## bench: every benchmark (accord loading, the engine, the log)
bench: $(BENCH_STAMP) bench-engine bench-ledger
	$(BIN)/python benchmarks/accord_load.py

## bench-engine: the compliance engine against a DuckDB query (RECORDS=1000000)
RECORDS ?= 1000000
bench-engine: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.engine --records $(RECORDS)

## bench-ledger: the transparency log against pymerkle 7 and raw SHA-256 (ENTRIES=1000000)
ENTRIES ?= 1000000
bench-ledger: $(BENCH_STAMP)
	$(BIN)/python benchmarks/ledger.py --entries $(ENTRIES)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
