# Swift binding (uniffi), included by the root Makefile.
#
# No Swift toolchain exists on the team's machines, so `test-swift` tests the same C ABI through
# the uniffi-generated Python module (loading the same cdylib) and checks that the committed
# Swift sources (Sources/) are what the crate generates. generate.sh builds the cdylib and the
# workspace's uniffi-bindgen in one cargo call (~100 s cold, once per `make test`).

SWIFT_GENERATED := $(TARGET_DIR)/calllog-swift-generated

.PHONY: test-swift swift-generate
test: test-swift

test-swift: $(VENV)/bin/python
	$(VPY) -m pip install --quiet pytest
	rm -rf "$(SWIFT_GENERATED)"
	CARGO="$(CARGO)" bindings-swift/generate.sh --python "$(SWIFT_GENERATED)/python" --out "$(SWIFT_GENERATED)/swift"
	CALLLOG_SWIFT_GENERATED="$(SWIFT_GENERATED)" $(VPY) -m pytest bindings-swift/tests

# Rewrites bindings-swift/Sources after a change of the crate's API (commit the result).
swift-generate:
	CARGO="$(CARGO)" bindings-swift/generate.sh
