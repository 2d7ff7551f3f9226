# policylens: `make demo` runs the comparison on the bundled policies; `make test` runs everything.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEMO_STAMP := $(VENV)/.demo-stamp
OUT    ?= policylens-report

.PHONY: install demo test unit notebooks lint bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[all]"
	touch $(STAMP) $(DEMO_STAMP)

## Everything: the library, Parquet/Excel/Dask extras, the notebook, test and benchmark stacks
install: $(STAMP)

# The demo needs the library and the Excel export only (no notebook, test or Dask stacks); pip's
# own progress (collecting / downloading bars) stays on so a first install does not look stuck.
$(DEMO_STAMP): pyproject.toml constraints.txt
	@echo "==> [1/3] virtual environment $(VENV)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "==> [2/3] pip"
	@$(PY) -m pip install --progress-bar on --upgrade pip
	@echo "==> [3/3] policylens and what the demo needs (pip install -e '.[demo]')"
	@$(PY) -m pip install --progress-bar on -c constraints.txt -e ".[demo]"
	@touch $(DEMO_STAMP)

## Install what the demo needs, then compare the five bundled policies: matrices in the
## terminal, reports in $(OUT)/
demo: $(DEMO_STAMP)
	$(VENV)/bin/policylens compare --out $(OUT)

## Install, then run the whole suite: unit tests and the notebooks under strict nbval
test: install
	$(PY) -m pytest -q -p no:cacheprovider tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with notebooks/nbval_sanitize.cfg

unit: install
	$(PY) -m pytest -q tests

## Re-execute the notebooks in place (refreshes their stored outputs)
notebooks: install
	$(PY) scripts/run_notebooks.py

lint: install
	$(VENV)/bin/ruff check src tests benchmarks scripts

bench: install
	$(PY) benchmarks/segment.py
	$(PY) benchmarks/throughput.py --quick

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
