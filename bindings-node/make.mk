# Node binding (napi-rs): included by the root Makefile.
# `npm install` (not `npm ci`, which fails on this platform) installs exactly the committed
# package-lock.json; the addon is built in debug into the shared cargo target dir.

.PHONY: test-node build-node bench-node
test: test-node
bench: bench-node

NODE_BINDING := $(CURDIR)/bindings-node

$(NODE_BINDING)/node_modules/.package-lock.json: $(NODE_BINDING)/package.json $(NODE_BINDING)/package-lock.json
	cd $(NODE_BINDING) && npm install --no-audit --no-fund --loglevel=error
	touch $@

build-node: $(NODE_BINDING)/node_modules/.package-lock.json
	cd $(NODE_BINDING) && CARGO=$(CARGO) CARGO_TARGET_DIR=$(TARGET_DIR) npx napi build --platform

test-node: build-node
	cd $(NODE_BINDING) && CARGO=$(CARGO) CARGO_TARGET_DIR=$(TARGET_DIR) npm test

# The comparison with csv-stringify and exceljs (benches/compare/node_binding.mjs), on the
# release addon built into bindings-node/bench/addon. Slow: not part of `make test`.
NODE_BENCH_ROWS ?= 1000000

bench-node:
	cd $(NODE_BINDING)/bench && npm install --no-audit --no-fund --loglevel=error
	cd $(NODE_BINDING) && npm install --no-audit --no-fund --loglevel=error
	cd $(NODE_BINDING) && CARGO=$(CARGO) CARGO_TARGET_DIR=$(TARGET_DIR) npx napi build --platform --release -o bench/addon
	NAPI_RS_NATIVE_LIBRARY_PATH=$$(ls $(NODE_BINDING)/bench/addon/calllog.*.node | head -1) \
	  node $(CURDIR)/benches/compare/node_binding.mjs --rows $(NODE_BENCH_ROWS)
