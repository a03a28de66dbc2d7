#!/usr/bin/env bash
# Builds CallLogFFI.xcframework for iOS (device + simulator) and macOS, next to Package.swift.
# Runs on a Mac with Xcode and rustup; it cannot run on Linux (no xcodebuild, no Apple SDKs),
# so it has NOT been run by the team's CI: treat it as a carefully written recipe (see README).
#
#   bindings-swift/build-xcframework.sh            release build of every target below
#   PROFILE=debug bindings-swift/build-xcframework.sh
#
# Steps:
#   1. rustup target add for the Apple targets (no-op when installed);
#   2. `cargo rustc --crate-type staticlib` per target (the crate's manifest has no staticlib
#      crate type, which would cost ~90 MB in every debug build on other machines);
#   3. lipo the two simulator architectures together, and the two macOS ones;
#   4. xcodebuild -create-xcframework with Sources/CallLogFFI (header + module.modulemap) as
#      each library's Headers, so Swift's `import CallLogFFI` resolves inside the framework.
# Regenerate Sources/ first (./generate.sh) if the Rust API changed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
cargo="${CARGO:-cargo}"
profile="${PROFILE:-release}"
if [ "$profile" = release ]; then profile_flag=(--release); else profile_flag=(); fi

if [ "$(uname -s)" != Darwin ]; then
  echo "build-xcframework.sh needs macOS with Xcode (xcodebuild, lipo, Apple SDKs)" >&2
  exit 1
fi

ios=aarch64-apple-ios
ios_sim=(aarch64-apple-ios-sim x86_64-apple-ios)
macos=(aarch64-apple-darwin x86_64-apple-darwin)
targets=("$ios" "${ios_sim[@]}" "${macos[@]}")

rustup target add "${targets[@]}"

target_dir="$("$cargo" metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

export IPHONEOS_DEPLOYMENT_TARGET=13.0
export MACOSX_DEPLOYMENT_TARGET=10.15
for t in "${targets[@]}"; do
  "$cargo" rustc -p calllog-swift --lib --crate-type staticlib --target "$t" "${profile_flag[@]}"
done
lib() { echo "$target_dir/$1/$profile/libcalllog_swift.a"; }

work="$target_dir/xcframework"
rm -rf "$work"
mkdir -p "$work/ios-sim" "$work/macos" "$work/headers"
lipo -create "$(lib "${ios_sim[0]}")" "$(lib "${ios_sim[1]}")" -output "$work/ios-sim/libcalllog_swift.a"
lipo -create "$(lib "${macos[0]}")" "$(lib "${macos[1]}")" -output "$work/macos/libcalllog_swift.a"

# Headers of the C module: the generated header and its module map, as in Sources/CallLogFFI.
cp Sources/CallLogFFI/CallLogFFI.h Sources/CallLogFFI/module.modulemap "$work/headers/"

rm -rf CallLogFFI.xcframework
xcodebuild -create-xcframework \
  -library "$(lib "$ios")" -headers "$work/headers" \
  -library "$work/ios-sim/libcalllog_swift.a" -headers "$work/headers" \
  -library "$work/macos/libcalllog_swift.a" -headers "$work/headers" \
  -output CallLogFFI.xcframework

echo "built $here/CallLogFFI.xcframework; now: swift build (or add the package in Xcode)"
