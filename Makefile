# policylens: `make demo` runs the comparison on the bundled policies; `make test` runs everything.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
OUT    ?= policylens-report

.PHONY: install demo test unit notebooks lint bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[all]"
	touch $(STAMP)

install: $(STAMP)

## Install, then compare the five bundled policies: matrices in the terminal, reports in $(OUT)/
demo: install
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
