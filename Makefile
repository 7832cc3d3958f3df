# Two commands on a fresh machine:  make lab   |   make test
# Everything is installed by the project's own files (a .venv, plus Debian
# packages for the tests that need them); re-running is fast when nothing changed.

PYTHON      ?= python3
VENV        := .venv
# npm assets of the site (MathJax), defined before `test`, whose prerequisites need it.
SITE_ASSETS := site/node_modules/.package-lock.json
BIN         := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
# Debian packages: hunspell(-fr) for the spell check, bubblewrap for the grading
# sandbox, chromium for the browser test; postgresql (gradebook server) and
# npm (configurable-http-proxy) for the cohort hub (hub/, tests marked hub).
SYSTEM_PKGS := hunspell hunspell-fr bubblewrap chromium postgresql npm
SYSTEM_CMDS := hunspell bwrap chromium npm

.PHONY: lab test test-fast exercises check-exercises data site clean system venv lock

venv: $(VENV)/.stamp-install

# --- lock block (issue 24) -------------------------------------------------
# The venv is installed from requirements-lock.txt exactly (versions + hashes,
# `uv pip sync` also removes what the lock does not list); crmkit itself goes
# in editable, without dependencies. `make lock` re-resolves pyproject.toml
# (lower bounds) into the lock and binder/requirements.txt; commit both.
UV_VERSION := 0.13.9
UV         := $(BIN)/uv
LOCK       := requirements-lock.txt
LOCK_FLAGS := --universal --python-version 3.10 --generate-hashes \
              --index-url https://pypi.org/simple --custom-compile-command "make lock"
LAB_OVERRIDES := jupyter/labconfig/default_setting_overrides.json

$(UV):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"

$(VENV)/.stamp-install: $(LOCK) pyproject.toml $(LAB_OVERRIDES) | $(UV)
	$(UV) pip sync -q --python $(BIN)/python --require-hashes $(LOCK)
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	@# JupyterLab in French for every lab run from this venv (make lab, teachers, tests)
	mkdir -p $(VENV)/etc/jupyter/labconfig
	cp $(LAB_OVERRIDES) $(VENV)/etc/jupyter/labconfig/
	@touch $@

# Keeps the current pins where pyproject.toml allows them (uv reads the existing lock);
# `make lock UPGRADE=--upgrade` moves everything to the newest versions (the summer bump),
# `make lock UPGRADE="--upgrade-package pandas"` one package.
UPGRADE ?=
lock: | $(UV)
	$(UV) pip compile -q pyproject.toml --all-extras $(LOCK_FLAGS) $(UPGRADE) -o $(LOCK)
	$(UV) pip compile -q pyproject.toml $(LOCK_FLAGS) --constraint $(LOCK) -o binder/requirements.txt
# --- end lock block ----------------------------------------------------------

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
test: system venv $(SITE_ASSETS) hub-proxy
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser and not hub"
	$(BIN)/python -m pytest -m browser
	$(BIN)/python -m pytest -m hub

exercises: venv
	$(BIN)/crmkit grading release

check-exercises: venv
	$(BIN)/crmkit grading check

# --- site block (issue 24) ---------------------------------------------------
# Sphinx + MyST-NB + sphinx-book-theme; MathJax comes from npm (site/package-lock.json,
# with integrity hashes) and is served by the site. Course notebooks are executed.

$(SITE_ASSETS): site/package.json site/package-lock.json
	npm ci --prefix site --no-audit --no-fund --loglevel=error
	@touch $@

site: venv $(SITE_ASSETS)
	rm -rf _build/site
	$(BIN)/sphinx-build -q -b html -d _build/doctrees site _build/site
	@du -sh _build/site
# --- end site block ------------------------------------------------------------

clean:
	rm -rf $(VENV) _build _site site/node_modules artifacts .pytest_cache .ruff_cache .hypothesis
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
