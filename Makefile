# Two commands do everything on a fresh machine:
#   make run    venv, install, migrate, demo hotline, web + worker on SQLite (console telephony)
#   make test   venv, install, the whole test suite (SQLite and the local PostgreSQL), two
#               tests at a time
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint venv clean bench lock browser kannel

venv: $(VENV)/.installed

# Installs exactly the locked versions, each checked against its hash; then the project
# itself, without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

# After a change to pyproject.toml or constraints.txt (the versions to lock): rewrite the
# lock with pip-tools (in a throwaway venv). tests/test_lock.py fails until this is done.
lock:
	rm -rf /tmp/hotline-pip-tools && $(PYTHON) -m venv /tmp/hotline-pip-tools
	/tmp/hotline-pip-tools/bin/pip install -q pip-tools
	/tmp/hotline-pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	    --all-build-deps --extra dev -c constraints.txt --strip-extras \
	    --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

# Development: dev mode (secrets generated once into var/dev-secrets.toml, local only).
run: export HOTLINE_DEV_MODE = true
run: venv
	$(PY) -m hotline_server migrate
	$(PY) -m hotline_server seed-demo
	$(PY) -m hotline_server run

# Browser tests drive Debian's Chromium (never a browser downloaded by Playwright).
browser:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

# Kannel tests run Debian's bearerbox and smsbox on loopback ports; installing the packages
# must not start the system service (policy-rc.d refuses it; the boot links are disabled).
KANNEL_BINARIES := /usr/sbin/bearerbox /usr/sbin/smsbox /usr/lib/kannel/test/fakesmsc
kannel:
	@for f in $(KANNEL_BINARIES); do test -x $$f || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  guard=; if [ ! -e /usr/sbin/policy-rc.d ]; then \
	    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1; fi; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y kannel kannel-extras; rc=$$?; \
	  if [ -n "$$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
	  update-rc.d kannel disable >/dev/null 2>&1 || true; \
	  exit $$rc; \
	fi

# The suite runs in TEST_WORKERS processes at once (pytest-xdist; two on a machine with two
# cores or more), then lists its slowest tests. `make test TEST_WORKERS=0` runs it in one.
TEST_WORKERS ?= $(shell [ "$$(nproc)" -ge 2 ] && echo 2 || echo 0)
# The tests that assert wall-clock durations (marked `timing`) run afterwards, one at a time
# on a machine that runs nothing else of the suite: in the parallel run each of them would
# first wait for the longest test beside it to end, the other process idle meanwhile.
test: venv browser kannel
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=30 -m "not timing"
	$(PY) -m pytest -m timing --durations=10

bench: venv kannel
	$(PY) -m bench.run

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
