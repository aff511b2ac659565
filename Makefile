# The front door: `make run` ranks the bundled data, `make test` runs every check. Both create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
RUN_STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck check bench readme fields charts screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install leaves fmscompare's bytecode to its first import, which PYTHONDONTWRITEBYTECODE
# forbids; compile it here as pip does for a regular install, so no run compiles the package again.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[charts,report]'
	$(BIN)/python -m compileall -q src
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q src
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/fmscompare rank

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Times whole commands against their import floor and prints ratios measured in one run (see bench/run.py);
# `make bench AGAINST=REF` also times start-up against commit REF (no command may be over 5 % slower).
bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(AGAINST),--against $(AGAINST))

# The README's figures: the paper's Figure 1 rebuilt, and SIPRI shares by period.
charts: $(RUN_STAMP)
	mkdir -p docs
	$(BIN)/fmscompare spectrum --chart docs/spectrum.png
	$(BIN)/fmscompare spectrum --adopt japan:g2g_contracting,intermediary_procurement,government_guarantee --chart docs/spectrum-japan-what-if.png
	$(BIN)/fmscompare trend --chart docs/trend.png
	$(BIN)/fmscompare timeline japan --from 2014 --chart docs/timeline-japan.png

# The brief's screenshot README shows: a brief of three countries rendered by headless Chromium.
screenshots: $(RUN_STAMP)
	$(BIN)/fmscompare report japan korea france -o docs/brief-example.html
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --hide-scrollbars --window-size=1100,1500 \
		--screenshot=docs/brief.png file://$(CURDIR)/docs/brief-example.html
	rm docs/brief-example.html

# Rewrites the output of every `$ fmscompare ...` example in README.md; review the diff before committing.
readme: $(STAMP)
	$(BIN)/python -m tests.readme_examples --update

# Rewrites docs/fields.md, the data dictionary, from the commands' own columns (tests/test_fields.py checks it).
fields: $(STAMP)
	$(BIN)/python -m tests.fields_doc --update

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
