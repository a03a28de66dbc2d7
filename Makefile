# calllog — one entry point for every suite.
#
#   make test    every test suite that exists (Rust, lint, docs, and each binding's fragment)
#   make demo    the demo export on built-in sample data
#   make bench   criterion benches and the comparison with other tools (slow, not in test)
#
# Each binding adds itself through its own make fragment (`<dir>/make.mk`), which appends
# its target to `test` and installs what its tests need (venv, npm packages) from the
# package registries. Nothing here relies on anything installed by hand.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
PYTHON ?= python3
VENV := $(CURDIR)/.venv
VPY := $(VENV)/bin/python
# Where cargo puts its output (honours CARGO_TARGET_DIR).
TARGET_DIR := $(shell $(CARGO) metadata --format-version 1 --no-deps 2>/dev/null | $(PYTHON) -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null || echo $(CURDIR)/target)

.PHONY: test test-rust test-deps-debian lint doc demo bench venv compare
.DEFAULT_GOAL := test

test: test-rust lint doc

# Debian packages the tests use: LibreOffice's headless Calc converts the summary workbook
# with its charts to PDF (core/tests/export_summary.rs). Installed from Debian's registry when
# missing and we may (CI runs as root); otherwise that test prints a SKIP line.
test-deps-debian:
	@if ! command -v soffice >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null \
				|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; }; \
		else echo "libreoffice-calc-nogui is not installed and cannot be: the LibreOffice test will SKIP"; fi; \
	fi

# The core's `arrow` feature is on for the tests (the bindings turn it on anyway); the lint
# also checks the lean core without it.
test-rust: test-deps-debian
	$(CARGO) test --workspace --features calllog/arrow

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --features calllog/arrow -- -D warnings
	$(CARGO) clippy -p calllog --lib -- -D warnings

doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p calllog --features arrow

demo:
	$(CARGO) run --release -p calllog-examples --example demo

bench:
	$(CARGO) bench -p calllog-benches

# calllog's CSV/XLSX sinks against the csv crate, rust_xlsxwriter, Python csv, pandas, polars,
# XlsxWriter, openpyxl and exceljs on 1,000,000 records; writes the table into
# benches/README.md. Installs its own venv and node_modules under benches/compare/. Slow.
compare:
	CARGO="$(CARGO)" $(PYTHON) benches/compare/compare.py

# The project's Python virtual environment, shared by the Python and Swift (uniffi) tests.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

venv: $(VENV)/bin/python

-include $(wildcard bindings-*/make.mk)

# A fuzz target for FUZZ_SECONDS (fuzz/README.md); installs cargo-fuzz from crates.io.
FUZZ_TARGET ?= record_json
FUZZ_SECONDS ?= 600
.PHONY: fuzz
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	mkdir -p fuzz/corpus/$(FUZZ_TARGET)
	cp fuzz/regressions/$(FUZZ_TARGET)/* fuzz/corpus/$(FUZZ_TARGET)/
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $(FUZZ_TARGET) corpus/$(FUZZ_TARGET) -- \
	  -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=8192
