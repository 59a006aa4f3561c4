# Two commands do everything on a fresh machine:
#   make run    venv, install, migrate, demo hotline, web + worker on SQLite (console telephony)
#   make test   venv, install, the whole test suite (SQLite and the local PostgreSQL)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint venv clean bench

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

run: venv
	$(PY) -m hotline_server migrate
	$(PY) -m hotline_server seed-demo
	$(PY) -m hotline_server run

# Browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
browser:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: venv browser
	$(PY) -m pytest

bench: venv
	$(PY) -m bench.run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
