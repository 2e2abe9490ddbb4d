# adebm: common tasks. Every target uses the tools in $(VENV)/bin, so nothing needs activating.
#   make install     create .venv, install torch (TORCH_SPEC) and adebm with its dev tools, and Fashion-MNIST
#                    (Debian's dataset-fashion-mnist, where apt-get can be used; see data/README.md otherwise)
#   make test        run every notebook's tests, then check notebooks are exported and clean
#   make smoke       adebm reproduce --profile smoke   (seconds per notebook; what CI runs)
#   make reproduce   adebm reproduce --profile cpu     (the committed figures in figures/cpu/)
#   make benchmark   adebm benchmark
#   make docs        the docs site, built offline from the notebooks (_docs/site/index.html; .ci/docs.py)
#   make docs-check  make docs, then every page checked in headless Chromium (.ci/docs_check.py)
#   make readme      regenerate README.md from nbs/index.ipynb (nbdev_readme needs Quarto)
#   make clean       remove build outputs, executed notebooks and smoke figures (keeps .venv)
# Variables: PYTHON, VENV, TORCH_SPEC (e.g. TORCH_SPEC="torch==2.13.0 --index-url URL"),
#   N_WORKERS (nbdev_test workers), TEST_FLAGS (e.g. TEST_FLAGS="slow gpu"), ARGS (extra reproduce arguments).

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
TORCH_SPEC ?= torch==2.13.0
N_WORKERS  ?= 2
TEST_FLAGS ?=
# CPU threads per test worker: the cores shared out, so that parallel notebooks do not oversubscribe them (see adebm.core.set_threads)
TEST_THREADS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); t=$$((n / $(N_WORKERS))); [ $$t -ge 1 ] && echo $$t || echo 1)
ARGS       ?=
STAMP      := $(VENV)/.installed

FMNIST_DIR := /usr/share/datasets/fashion-mnist

.PHONY: install fashion-mnist test smoke reproduce benchmark docs docs-check readme clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, so that adebm's own requirement (torch>=2.2) finds it instead of pulling another build;
# the editable install is redone only when settings.ini or setup.py is newer than the stamp.
# Fashion-MNIST from Debian's package where we can (root, or passwordless sudo); otherwise say where the files go.
fashion-mnist:
	@if [ -d $(FMNIST_DIR) ] || ls data/fashion-mnist/train-images-idx3-ubyte* >/dev/null 2>&1; then \
	  echo "Fashion-MNIST present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; \
	elif command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; \
	else \
	  echo "note: Fashion-MNIST not found and apt-get unusable; put the four idx files in data/fashion-mnist/ (see data/README.md)"; \
	fi

install: fashion-mnist | $(BIN)/python
	@if $(BIN)/python -c "import torch" 2>/dev/null; then \
	  echo "torch $$($(BIN)/python -c 'import torch; print(torch.__version__)') already installed"; \
	else $(BIN)/python -m pip install $(TORCH_SPEC); fi
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt settings.ini ] && [ $(STAMP) -nt setup.py ]; then \
	  echo "adebm already installed (remove $(STAMP) to reinstall)"; \
	else $(BIN)/python -m pip install -e ".[dev]" && touch $(STAMP); fi

test: install
	ADEBM_MAX_THREADS=$(TEST_THREADS) OMP_NUM_THREADS=$(TEST_THREADS) $(BIN)/nbdev_test --n_workers $(N_WORKERS) --timing $(if $(strip $(TEST_FLAGS)),--flags "$(TEST_FLAGS)")
	$(BIN)/nbdev_clean
	$(BIN)/nbdev_export
	$(BIN)/python .ci/readme.py
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  changes="$$(git status --porcelain -- adebm nbs README.md)"; \
	  if [ -n "$$changes" ]; then \
	    echo "error: notebooks are not exported and clean, or changes are uncommitted:"; echo "$$changes"; \
	    echo "run nbdev_clean, nbdev_export and make readme, then commit the result"; exit 1; \
	  fi; \
	  echo "notebooks are exported and clean"; \
	fi

smoke: install
	$(BIN)/adebm reproduce --profile smoke $(ARGS)

reproduce: install
	$(BIN)/adebm reproduce --profile cpu $(ARGS)

benchmark: install
	$(BIN)/adebm benchmark $(ARGS)

# the project's Python first on PATH, so that nothing nbdev or Sphinx runs can reach another Python
docs: install
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python .ci/docs.py build

docs-check: docs
	$(BIN)/python .ci/docs_check.py

readme: install
	$(BIN)/python .ci/readme.py

clean:
	rm -rf runs _docs _proc build dist *.egg-info figures/smoke nbs/nbdev.yml nbs/sidebar.yml nbs/.hypothesis
	find . \( -path ./$(VENV) -o -path ./.git \) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune -exec rm -rf {} +
