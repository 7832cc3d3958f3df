# Two commands on a fresh machine:  make lab   |   make test
# Everything is installed by the project's own files (a .venv, plus Debian
# packages for the tests that need them); re-running is fast when nothing changed.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
# Debian packages: hunspell(-fr) for the spell check, bubblewrap for the grading
# sandbox, chromium for the browser test; postgresql (gradebook server) and
# npm (configurable-http-proxy) for the cohort hub (hub/, tests marked hub).
SYSTEM_PKGS := hunspell hunspell-fr bubblewrap chromium postgresql npm
SYSTEM_CMDS := hunspell bwrap chromium npm

.PHONY: lab test test-fast exercises check-exercises data site clean system venv

venv: $(VENV)/.stamp-install

$(VENV)/.stamp-install: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	@touch $@

# Installs the Debian packages once; skipped when every command is present.
system:
	@missing=""; for c in $(SYSTEM_CMDS); do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	test -f /usr/share/hunspell/fr_FR.dic -o -f /usr/share/hunspell/fr.dic || missing=1; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing=1; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "Installing Debian packages: $(SYSTEM_PKGS)"; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $(SYSTEM_PKGS); \
	fi

data/superchef.sqlite: | venv
	$(BIN)/python -m crmkit.data generate

data: venv
	$(BIN)/python -m crmkit.data generate

# JupyterLab refuses to run as root without --allow-root (containers, CI machines).
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: venv data/superchef.sqlite
	$(BIN)/jupyter lab $(LAB_ARGS) course/00_demarrer.ipynb

# The browser tests run after the rest, alone: a JupyterLab UI driven while two
# workers grade sandboxed notebooks on a 2-core machine times out for no fault of its own.
test: system venv hub-proxy
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser and not hub"
	$(BIN)/python -m pytest -m browser
	$(BIN)/python -m pytest -m hub

exercises: venv
	$(BIN)/crmkit grading release

check-exercises: venv
	$(BIN)/crmkit grading check

site: venv
	$(BIN)/python -m crmkit.site

clean:
	rm -rf $(VENV) _build _site artifacts .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# ---- Cohort hub (hub/): JupyterHub + nbgrader exchange + PostgreSQL gradebook ----
# configurable-http-proxy comes from the npm registry (hub/package-lock.json).
HUB_PROXY := hub/node_modules/.bin/configurable-http-proxy
.PHONY: hub hub-stop hub-proxy

hub-proxy: $(HUB_PROXY)

$(HUB_PROXY): hub/package.json hub/package-lock.json
	cd hub && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# A local demo hub on 127.0.0.1 (root: it creates Unix accounts); prints URL and log-ins.
hub: system venv hub-proxy data/superchef.sqlite
	$(BIN)/python -m crmkit.hub demarrer

hub-stop: venv
	$(BIN)/python -m crmkit.hub arreter
