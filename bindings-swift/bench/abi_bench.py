"""One-run timings of the uniffi C ABI (through uniffi's Python module, the same cdylib a
Swift app links). Not a test: run it by hand, e.g.

    bindings-swift/generate.sh --python /tmp/calllog-abi/python
    python bindings-swift/bench/abi_bench.py /tmp/calllog-abi/python

The Python side of uniffi is slower than Swift's at (de)serialising records, so these are
upper bounds for what a Swift app pays to cross the FFI.
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else ".")
import calllog_swift as cl  # noqa: E402


def timed(label, f, n=None):
    t = time.perf_counter()
    out = f()
    dt = time.perf_counter() - t
    rate = f", {n / dt:,.0f} records/s" if n else ""
    print(f"{label:<58} {dt * 1000:9.1f} ms{rate}")
    return out


N = 10_000
records = timed(f"sampleRecords({N}) (Rust -> foreign)", lambda: cl.sample_records(N, 7), N)
log = timed(f"CallLog(records:) {N} (foreign -> Rust, validated)", lambda: cl.CallLog(records), N)
timed(f"log.records() {N} (Rust -> foreign)", log.records, N)
timed(f"record.derive(rules:) x 1000 (one FFI call each)",
      lambda: [r.derive(cl.canonical_rules()) for r in records[:1000]], 1000)
timed(f"log.derived(rules:) {N} (one FFI call)", lambda: log.derived(cl.canonical_rules()), N)

big = timed("CallLog.sample(100000) (built in Rust)", lambda: cl.CallLog.sample(100_000, 7), 100_000)


class Count(cl.ExportProgressListener):
    def __init__(self):
        self.calls = 0

    def on_progress(self, progress):
        self.calls += 1


with tempfile.TemporaryDirectory() as d:
    for fmt in ("CSV", "XLSX"):
        path = os.path.join(d, f"calls.{fmt.lower()}")
        listener = Count()
        timed(f"export {fmt} 100000, progress listener (default 0.1 s)",
              lambda: big.export(path, getattr(cl.ExportFormat, fmt), cl.ExportOptions(preset="call_history"),
                                 listener), 100_000)
        print(f"{'':<58} {listener.calls} progress calls, {os.path.getsize(path):,} bytes")
