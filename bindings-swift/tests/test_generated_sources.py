"""The committed Swift package sources are exactly what the crate generates.

No Swift compiler exists on these machines, so the Swift files cannot be built here; this test
keeps them current (regenerated from the same cdylib the ABI tests load) and checks that the
pieces of the package fit together by name.
"""

import pathlib
import re

CRATE = pathlib.Path(__file__).resolve().parent.parent


def files(root: pathlib.Path) -> dict:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_committed_swift_sources_are_current(generated):
    fresh = files(generated / "swift")
    committed = files(CRATE / "Sources")
    assert sorted(fresh) == [
        "CallLog/CallLog.swift",
        "CallLogFFI/CallLogFFI.h",
        "CallLogFFI/module.modulemap",
    ]
    assert sorted(committed) == sorted(fresh)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, (
        f"{stale} differ from what the crate generates: run bindings-swift/generate.sh and commit"
    )


def test_package_pieces_fit_together():
    swift = (CRATE / "Sources/CallLog/CallLog.swift").read_text()
    modulemap = (CRATE / "Sources/CallLogFFI/module.modulemap").read_text()
    package = (CRATE / "Package.swift").read_text()
    assert "import CallLogFFI" in swift
    assert re.search(r"^module CallLogFFI \{", modulemap, re.M)
    assert 'header "CallLogFFI.h"' in modulemap
    assert '.binaryTarget(name: "CallLogFFI", path: "CallLogFFI.xcframework")' in package
    assert 'path: "Sources/CallLog"' in package
    assert '.library(name: "CallLog", targets: ["CallLog"])' in package
    # every C function the Swift file calls is declared in the header
    header = (CRATE / "Sources/CallLogFFI/CallLogFFI.h").read_text()
    called = set(re.findall(r"\b(uniffi_calllog_swift_fn_\w+)\(", swift))
    assert called, "no FFI calls found in CallLog.swift"
    missing = sorted(f for f in called if f not in header)
    assert not missing


# Top-level names of Swift's standard library, Foundation and SwiftUI that an app imports next
# to CallLog. A CallLog type with one of these names would make the app's unqualified use of
# it ambiguous, and `CallLog.X` cannot disambiguate because `CallLog` is also a class.
APPLE_NAMES = {
    "Locale", "Date", "Data", "URL", "Progress", "Operation", "Notification", "Timer",
    "Calendar", "TimeZone", "Measurement", "Decimal", "UUID", "Bundle", "FileManager",
    "Duration", "Result", "Error", "Task", "Set", "Array", "Dictionary", "String", "Character",
    "Layout", "Text", "Color", "Image", "View", "Label", "Group", "Section", "Table", "List",
    "Link", "Menu", "Form", "Button", "Toggle", "Picker", "Alert", "Binding", "State", "Font",
    "Animation", "Transaction", "Environment", "Scene", "App", "Window", "Grid", "Gauge",
    "Predicate", "Expression", "AttributedString", "IndexPath", "Logger", "Formatter",
    # SwiftData and WidgetKit, common in apps and their widgets
    "Query", "Schema", "Timeline", "TimelineEntry",
}


def test_no_swift_type_clashes_with_foundation_or_swiftui():
    swift = (CRATE / "Sources/CallLog/CallLog.swift").read_text()
    declared = set(re.findall(r"^public (?:struct|enum|class|protocol|typealias) (\w+)", swift, re.M))
    declared |= set(re.findall(r"^open class (\w+)", swift, re.M))
    assert {"CallRecord", "Language", "ExportLayout", "CallLog"} <= declared
    clashes = sorted(declared & APPLE_NAMES)
    assert not clashes, f"rename these in the crate (uniffi name): {clashes}"
