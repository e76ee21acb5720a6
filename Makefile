# Two commands from a fresh clone: `make demo` (the worked example) and `make test`.
# Both create .venv and install the project into it; `make test` also installs the
# Graphviz binary and Chromium with its driver (for the browser tests) with apt-get
# when they are missing and we are root (as in CI).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out

.PHONY: demo test lint typecheck unit graphviz chromium bench compare notebooks gallery clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,notebooks]'
	touch $(STAMP)

graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "note: Graphviz 'dot' not found; drawings use the WebAssembly renderer"; \
	  fi; }

chromium:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "note: chromium and chromedriver not found; the browser tests will be skipped"; \
	  fi; }

demo: $(STAMP)
	$(BIN)/backprop example --out $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check autograd nn tests
	$(BIN)/ruff format --check autograd nn tests

typecheck: $(STAMP)
	$(BIN)/mypy autograd nn tests

unit: $(STAMP) graphviz chromium
	$(BIN)/pytest

test: lint typecheck unit

# PyTorch (pinned, CPU build) only here: the tests that compare with it run too.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet micrograd==0.1.0
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/pytest -q tests/engine/test_higher_order.py tests/nn/test_torch_bridge.py
	$(BIN)/python tests/benchmarks/bench.py

# Speed of this tree against another commit, side by side: make compare REF=ace5b7a
REF ?= HEAD~1
compare: $(STAMP)
	$(BIN)/python -m pip install --quiet micrograd==0.1.0
	rm -rf .compare-ref && git worktree add --detach --force .compare-ref $(REF) >/dev/null
	$(BIN)/python tests/benchmarks/compare.py .compare-ref; status=$$?; \
	  git worktree remove --force .compare-ref; exit $$status

# The README's three views of Mazur's example and docs/gallery/ (each document's network view).
gallery: $(STAMP) graphviz
	$(BIN)/python docs/make_gallery.py

notebooks: $(STAMP)
	$(BIN)/python tests/helpers/notebooks_run.py --in-place

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
