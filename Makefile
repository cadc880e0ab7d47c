# Two commands set up a fresh machine (Debian/Ubuntu, as root or with sudo):
#   make report   install everything, then write the full report of the bundled plan to ./yjgraph-report
#   make test     install everything, then run the test suite, the notebooks and the docs build
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := fonts-noto-cjk chromium poppler-utils libreoffice-writer

.PHONY: setup system python report test

setup: system python

system:
	@if command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	  fi; \
	else echo "no apt-get: install a CJK font (e.g. Noto Sans CJK) and Chromium yourself"; fi

python:
	$(PYTHON) -m pip install -q -e ".[test,docs]"

report: setup
	yjgraph report -o yjgraph-report

test: setup
	$(PYTHON) -m mypy
	$(PYTHON) -m pytest
	$(PYTHON) -m pytest --nbmake notebooks -p no:doctest -o addopts=""
	$(PYTHON) -m mkdocs build --strict -d /tmp/yjgraph-site
