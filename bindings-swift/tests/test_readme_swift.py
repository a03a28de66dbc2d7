"""The README's Swift examples use names that exist in the generated Swift API.

No Swift compiler here, so this is a name check, not a compile: every function called, every
type constructed, every `.case` and every argument label in the README's ```swift blocks must be
declared in Sources/CallLog/CallLog.swift.
"""

import pathlib
import re

CRATE = pathlib.Path(__file__).resolve().parent.parent
SWIFT_BUILTINS = {"print", "Date", "URL", "String", "Double", "Int", "Task", "DispatchQueue",
                  "FileManager", "NSTemporaryDirectory", "min", "max"}
FOUNDATION_METHODS = {"appendingPathComponent"}
SWIFT_LABELS = {"timeIntervalSince1970", "fileURLWithPath", "priority", "from", "to"}


def swift_blocks():
    readme = (CRATE / "README.md").read_text()
    blocks = re.findall(r"```swift\n(.*?)```", readme, re.S)
    assert blocks, "README.md has no Swift example"
    return "\n".join(blocks)


def strip_comments_and_strings(code: str) -> str:
    code = re.sub(r"//[^\n]*", "", code)
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', code)


def test_readme_swift_names_exist_in_generated_api():
    code = strip_comments_and_strings(swift_blocks())
    api = (CRATE / "Sources/CallLog/CallLog.swift").read_text()
    missing = []
    for name in set(re.findall(r"(?<![.\w])([a-z]\w*)\(", code)) - SWIFT_BUILTINS:
        if name in {"if", "for", "while", "switch", "catch", "guard", "return", "try", "init"}:
            continue
        if not re.search(rf"\bfunc {name}\(", api):
            missing.append(f"function {name}")
    for name in set(re.findall(r"\.([a-z]\w*)\(", code)) - FOUNDATION_METHODS:
        if not re.search(rf"\bfunc {name}\(", api):
            missing.append(f"method {name}")
    declared_here = set(re.findall(r"\b(?:class|struct|enum) (\w+)", code))
    for name in set(re.findall(r"\b([A-Z]\w*)\b", code)) - SWIFT_BUILTINS - declared_here:
        if name in {"CallLog"} or re.search(rf"\b(struct|class|enum|protocol|typealias) {name}\b", api):
            continue
        if re.search(rf"\bcase {name}\b", api):  # error cases: CallLogError.Invalid
            continue
        missing.append(f"type {name}")
    # `.case` where a value is expected (after a space, `(`, `[`, `,` or `:`)
    for name in set(re.findall(r"(?<=[\s(\[,:])\.([a-z]\w*)\b(?!\()", code)):
        if not re.search(rf"\bcase {name}\b", api):
            missing.append(f"case .{name}")
    for label in set(re.findall(r"[(,]\s*([a-z]\w*):", code)) - SWIFT_LABELS:
        if not re.search(rf"\b{label}:", api):
            missing.append(f"label {label}:")
    assert not missing, f"README Swift names not in the generated API: {sorted(missing)}"
