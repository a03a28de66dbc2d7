# Python binding (bindings-python/): included by the root Makefile.
#
#   make test-python        build the extension into $(VENV), check the stubs, run pytest
#   make test-python-wheel  build the abi3 wheel, install it into a fresh venv, import it
#   make wheel-python       the release wheel, in $(TARGET_DIR)/wheels
#   make bench-python       benches/compare/python_binding.py (release build; not in test)
#   make bench-python-arrow benches/compare/python_arrow.py (release build; not in test)
#
# Uses $(VENV)/$(VPY) from the root Makefile; installs only from PyPI.

PY_DIR := $(CURDIR)/bindings-python
PY_STAMP := $(VENV)/.calllog-python-dev-deps

.PHONY: test-python test-python-deps test-python-wheel

test: test-python test-python-wheel

$(PY_STAMP): $(PY_DIR)/requirements-dev.txt | $(VENV)/bin/python
	$(VPY) -m pip install --quiet -r $(PY_DIR)/requirements-dev.txt
	touch $@

test-python-deps: $(PY_STAMP)

test-python: $(PY_STAMP)
	cd $(PY_DIR) && VIRTUAL_ENV=$(VENV) PATH="$(VENV)/bin:$$PATH" CARGO_TARGET_DIR=$(TARGET_DIR) \
		$(VENV)/bin/maturin develop --quiet
	cd $(PY_DIR) && $(VPY) -m mypy.stubtest calllog
	cd $(PY_DIR) && $(VPY) -m mypy --ignore-missing-imports --no-error-summary tests
	cd $(PY_DIR) && $(VPY) -m pytest -q tests

# The wheel in a clean venv: what `pip install calllog` users get (abi3, stubs, py.typed).
# Built with the dev profile here to reuse the test build; `make wheel-python` builds the
# release wheel.
test-python-wheel: $(PY_STAMP)
	rm -rf $(TARGET_DIR)/python-wheel $(TARGET_DIR)/python-wheel-venv
	cd $(PY_DIR) && CARGO_TARGET_DIR=$(TARGET_DIR) $(VENV)/bin/maturin build --quiet \
		--out $(TARGET_DIR)/python-wheel
	$(PYTHON) -m venv $(TARGET_DIR)/python-wheel-venv
	$(TARGET_DIR)/python-wheel-venv/bin/pip install --quiet --no-index $(TARGET_DIR)/python-wheel/calllog-*-abi3-*.whl
	cd /tmp && $(TARGET_DIR)/python-wheel-venv/bin/python -c "import calllog, importlib.resources as r; \
		assert r.files('calllog').joinpath('py.typed').is_file() and r.files('calllog').joinpath('_calllog.pyi').is_file(); \
		log = calllog.CallLog.sample(3); log.validate(); print('calllog', calllog.__version__, 'from the wheel:', log)"
	# the README's Arrow snippets in fresh venvs: the wheel with only pandas 3 + pyarrow, and
	# with only polars (from PyPI)
	for extra in "pandas>=3 pyarrow" "polars"; do \
		rm -rf $(TARGET_DIR)/python-wheel-venv-extra && \
		$(PYTHON) -m venv $(TARGET_DIR)/python-wheel-venv-extra && \
		$(TARGET_DIR)/python-wheel-venv-extra/bin/pip install --quiet $(TARGET_DIR)/python-wheel/calllog-*-abi3-*.whl $$extra && \
		(cd /tmp && $(TARGET_DIR)/python-wheel-venv-extra/bin/python $(PY_DIR)/tests/readme_snippets.py \
			--expect $$(echo $$extra | cut -d'>' -f1 | cut -d' ' -f1)) || exit 1; \
	done
	rm -rf $(TARGET_DIR)/python-wheel-venv-extra

.PHONY: wheel-python
wheel-python: $(PY_STAMP)
	cd $(PY_DIR) && CARGO_TARGET_DIR=$(TARGET_DIR) $(VENV)/bin/maturin build --release --out $(TARGET_DIR)/wheels

# Python binding vs pandas (slow: not part of `make test`). Builds the extension in release
# mode into $(VENV) first; `make test-python` rebuilds it in debug mode afterwards.
.PHONY: bench-python bench-python-arrow
bench: bench-python bench-python-arrow

bench-python: $(PY_STAMP)
	cd $(PY_DIR) && VIRTUAL_ENV=$(VENV) PATH="$(VENV)/bin:$$PATH" CARGO_TARGET_DIR=$(TARGET_DIR) \
		$(VENV)/bin/maturin develop --release --quiet
	$(VPY) benches/compare/python_binding.py $(PY_BENCH_ARGS)

# The Arrow boundary (to/from pandas, polars, pyarrow) on 1,000,000 records, alternating rounds.
bench-python-arrow: $(PY_STAMP)
	cd $(PY_DIR) && VIRTUAL_ENV=$(VENV) PATH="$(VENV)/bin:$$PATH" CARGO_TARGET_DIR=$(TARGET_DIR) \
		$(VENV)/bin/maturin develop --release --quiet
	$(VPY) benches/compare/python_arrow.py $(PY_BENCH_ARGS)
