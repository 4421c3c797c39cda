# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The report test renders report.html in Debian's Chromium (driven by Playwright).
CHROMIUM := /usr/bin/chromium
# descend tune's storage test runs a throw-away PostgreSQL server (Debian's package).
POSTGRES := /usr/lib/postgresql

.PHONY: demo test test-quick lint bench clean

$(PY):
	python3 -m venv $(VENV)

# Re-install whenever the pins change.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

$(CHROMIUM):
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q --no-install-recommends chromium

$(POSTGRES):
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q --no-install-recommends postgresql

demo: $(STAMP)
	$(PY) -m descend

# One pytest worker per core (pytest-xdist); the tests marked slow are handed out first.
# descend's own modules are byte-compiled first: an editable install leaves them as source,
# and where PYTHONDONTWRITEBYTECODE is set every process the tests start compiles them again.
test: $(STAMP) $(CHROMIUM) $(POSTGRES) lint
	$(PY) -m compileall -q src
	$(PY) -m pytest -n auto

# Everything but the tests marked slow: under a minute, for the edit-test loop.
test-quick: $(STAMP) lint
	$(PY) -m pytest -m "not slow" -q

lint: $(STAMP)
	$(PY) -m ruff check src tests bench
	$(PY) -m ruff format --check src tests bench

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
