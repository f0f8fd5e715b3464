# The commands the README shows. Each installs what it needs into .venv from the
# hash-pinned locks in .ci/locks/ (Python 3.11 and pip are all a machine needs).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= raw
OUT    ?= output

.PHONY: run test lint typecheck eval bench lock clean chromium contract citation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# One stamp per lock: the environment is rebuilt when its lock changes.
$(VENV)/.runtime: $(BIN)/python .ci/locks/runtime.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r .ci/locks/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime .ci/locks/dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r .ci/locks/dev.txt
	touch $@

run: $(VENV)/.runtime  ## build the datasets from raw/ into output/
	$(BIN)/casefile build --raw $(RAW) --out $(OUT)

test: $(VENV)/.dev chromium  ## lint, type-check and run the test suite
	$(BIN)/ruff check flows schemas tests
	$(BIN)/ruff format --check flows schemas tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The browser test (tests/test_browser.py) drives headless Chromium: the Debian packages
# chromium and chromium-driver, installed here when missing (as root, e.g. in CI).
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq chromium chromium-driver; \
		else \
			echo "chromium missing: sudo apt-get install chromium chromium-driver" \
				"(tests/test_browser.py fails without it)"; \
		fi; \
	fi

# Record the published schema contract (schemas/contract.json) after changing schemas/.
contract: $(VENV)/.runtime
	$(BIN)/python -m schemas.contract

# Regenerate CITATION.cff from flows/release/citation.py.
citation: $(VENV)/.runtime
	$(BIN)/python -m flows.release.citation CITATION.cff

lint: $(VENV)/.dev
	$(BIN)/ruff check flows schemas tests
	$(BIN)/ruff format --check flows schemas tests

typecheck: $(VENV)/.dev
	$(BIN)/mypy

eval: $(VENV)/.dev  ## score the extractors: hand-labelled fixtures, then MEANTIME and ECB+ in ../shared/data
	$(BIN)/python tests/evaluate.py

bench: $(VENV)/.dev  ## throughput and memory figures
	$(BIN)/python tests/benchmark.py

# Regenerate the locks (needs uv): pins and hashes only, no index URLs.
lock:
	uv pip compile --python-version 3.11 --generate-hashes --no-emit-index-url --no-header \
		pyproject.toml -o .ci/locks/runtime.txt
	uv pip compile --python-version 3.11 --generate-hashes --no-emit-index-url --no-header \
		--extra dev -c .ci/locks/runtime.txt pyproject.toml -o .ci/locks/dev.txt
	$(PYTHON) .ci/pin_extras.py 'sqlalchemy[asyncio]' .ci/locks/runtime.txt .ci/locks/dev.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
