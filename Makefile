# Every target makes its own virtual environment; torch is pinned to the local CPU build
# before sentence-transformers asks for it (a plain `torch` would pull a multi-GB CUDA build).
VENV := .venv
PY := $(VENV)/bin/python
# The read-only data beside the repository: seed documents, gold-aligned bench sets, the TMX DTD.
SHARED ?= ../shared
SEEDS ?= $(SHARED)/seeds
OUT ?= out
export ALIGNER_SHARED := $(abspath $(SHARED))

# Real tools the tests drive: the review page in chromium, TMX import in OmegaT, XLSX written by LibreOffice,
# PDF inputs printed by chromium in DejaVu fonts.
DEBIAN_PACKAGES := chromium omegat libreoffice-calc fonts-dejavu-core

.PHONY: demo test test-fast lint install system-packages shared-data

$(VENV)/.installed: pyproject.toml
	@echo "installing aligner and its dependencies into $(VENV) (pip --quiet: about 2 minutes the first time)"
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: shared-data install
	mkdir -p $(OUT)
	$(VENV)/bin/aligner align $(SEEDS)/ru-2025-statement.md $(SEEDS)/en-2025-statement.txt \
		-o $(OUT)/seed.tmx -o $(OUT)/seed-review.html
	$(VENV)/bin/aligner check $(SEEDS)/ru-2025-statement.md $(SEEDS)/en-2025-statement.txt
	@echo "review page: $(OUT)/seed-review.html (open it in a browser); translation memory: $(OUT)/seed.tmx"

test: shared-data install system-packages
	$(PY) -m pytest

# No real model, browser, notebook, OmegaT/LibreOffice or multi-second process test (markers: pyproject.toml);
# needs no Debian package. pytest's last line gives the time it took.
FAST_TIERS := not model and not browser and not notebook and not office and not slow
test-fast: shared-data install
	$(PY) -m pytest -m "$(FAST_TIERS)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

shared-data:
	@test -d "$(SEEDS)" || { echo "make: no seed documents in $(SEEDS): put the shared data (seeds/, bench/, tmx/)" \
		"beside the repository as ../shared, or name it: make $(MAKECMDGOALS) SHARED=/path/to/shared" >&2; exit 2; }

# Installs the Debian packages above when one of their programs is missing (apt-get: needs root, as here and on CI).
system-packages:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/omegat/OmegaT.jar ] || [ ! -x /usr/bin/soffice ] \
		|| [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES); \
	fi
