# Two entry points, each doing its own set-up in ./.venv:
#   make report   the quick-tier report on CPU, into ./report
#   make test     the test suite (tests/ and the quick tier of theorems/)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup report report-full test test-full mutate audit bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e .
	touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(PY) -m verify report --tier quick --device cpu --out report

report-full: $(STAMP)
	$(PY) -m verify report --tier full --device auto --out report-full

test: $(STAMP)
	$(PY) -m pytest -q -n 2

test-full: $(STAMP)
	$(PY) -m pytest -q -n 2 -m "quick or full"

mutate: $(STAMP)
	$(PY) -m verify mutate

audit: $(STAMP)
	$(PY) -m verify audit

bench: $(STAMP)
	$(PY) benchmarks/bench_gram.py
	$(PY) benchmarks/bench_lp.py --quick
	$(PY) benchmarks/bench_nets.py

clean:
	rm -rf .verify-cache report report-full
