#!/usr/bin/env bash
# Generates the Swift package sources of the `CallLog` module from this crate (Linux or macOS).
#
#   bindings-swift/generate.sh                  rewrite the committed Sources/ (run after changing the crate)
#   bindings-swift/generate.sh --check          fail if the committed Sources/ are not what the crate generates
#   bindings-swift/generate.sh --out DIR        write the Swift layout into DIR/ instead of Sources/
#   bindings-swift/generate.sh --python DIR     also write the uniffi Python module + the cdylib into DIR/
#                                               (how the C ABI is tested on machines without Swift)
#
# It builds the cdylib and the workspace's own `uniffi-bindgen` (feature `bindgen-cli`, same uniffi
# version as the library) in one cargo call, then runs uniffi-bindgen in library mode. The layout
# written is the one SwiftPM expects:
#   Sources/CallLog/CallLog.swift            the Swift API (`import CallLog`)
#   Sources/CallLogFFI/CallLogFFI.h          the C declarations of the FFI
#   Sources/CallLogFFI/module.modulemap      the C module `CallLogFFI` the Swift file imports
# Environment: CARGO (default `cargo`), CARGO_TARGET_DIR (honoured through cargo metadata).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cargo="${CARGO:-cargo}"
out="$here/Sources"
python_out=""
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --out) out="$2"; shift ;;
    --python) python_out="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "generate.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

cd "$here"
target_dir="$("$cargo" metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

# A cdylib's file name has no hash (deps/libcalllog_swift.so), so several checkouts sharing one
# CARGO_TARGET_DIR overwrite each other's; cargo would then call ours fresh and hand us theirs.
# Touching the crate root makes cargo rebuild (~15 s) the library from *these* sources.
touch "$here/src/lib.rs"
# One build for both: the library and the CLI share the feature set, so nothing is built twice.
"$cargo" build --quiet -p calllog-swift --features bindgen-cli --lib --bin uniffi-bindgen

case "$(uname -s)" in
  Darwin) lib="$target_dir/debug/libcalllog_swift.dylib" ;;
  MINGW*|MSYS*|CYGWIN*) lib="$target_dir/debug/calllog_swift.dll" ;;
  *) lib="$target_dir/debug/libcalllog_swift.so" ;;
esac
bindgen="$target_dir/debug/uniffi-bindgen"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$bindgen" generate --library "$lib" --language swift --no-format --out-dir "$tmp/swift" >/dev/null
layout="$tmp/layout"
mkdir -p "$layout/CallLog" "$layout/CallLogFFI"
mv "$tmp/swift/CallLog.swift" "$layout/CallLog/CallLog.swift"
mv "$tmp/swift/CallLogFFI.h" "$layout/CallLogFFI/CallLogFFI.h"
mv "$tmp/swift/CallLogFFI.modulemap" "$layout/CallLogFFI/module.modulemap"

if [ "$check" = 1 ]; then
  if diff -ru "$here/Sources" "$layout" >"$tmp/diff"; then
    echo "bindings-swift/Sources is current"
  else
    head -40 "$tmp/diff" >&2
    echo "bindings-swift/Sources is out of date: run bindings-swift/generate.sh and commit the result" >&2
    exit 1
  fi
else
  mkdir -p "$out"
  rm -rf "$out/CallLog" "$out/CallLogFFI"
  cp -R "$layout/CallLog" "$layout/CallLogFFI" "$out/"
fi

if [ -n "$python_out" ]; then
  mkdir -p "$python_out"
  "$bindgen" generate --library "$lib" --language python --no-format --out-dir "$python_out" >/dev/null
  cp "$lib" "$python_out/"
fi
