#!/usr/bin/env bash
# The symbol graphs of DualTape's three libraries (public symbols), one folder per module:
#   .build/docs/symbol-graphs/<Module>/<Module>.symbols.json (+ <Module>@<Other>.symbols.json,
#   its extensions to other modules' types)
# read by `docc convert` (make docs) and by scripts/doc-coverage.py (make lint).
#
# Builds the two top libraries in debug (shared with `swift build`, so nothing to do after
# `make test`), then runs the toolchain's swift-symbolgraph-extract on each module.
# (`swift package dump-symbol-graph` would be simpler but extracts every module of the
# package, test modules included, and fails on a clone whose tests were never built.)
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
MODULES=(DualTape DualTapeOracle DualTapeTesting)
out=.build/docs/symbol-graphs
mkdir -p .build/docs

$SWIFT build --target DualTapeOracle > .build/docs/build.log 2>&1 && $SWIFT build --target DualTapeTesting >> .build/docs/build.log 2>&1 || {
    cat .build/docs/build.log
    exit 1
}
bin=$($SWIFT build --show-bin-path)
extract=$(dirname "$(readlink -f "$(command -v "$SWIFT")")")/swift-symbolgraph-extract
[[ -x "$extract" ]] || extract=swift-symbolgraph-extract
triple=$($SWIFT -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')

# Where the modules the three import are: the Swift modules of the build, the system-library
# targets' module maps, and the module maps SwiftPM generates for C targets.
search=(-I "$bin/Modules" -I "$bin")
for map in Sources/*/module.modulemap "$bin"/*.build/module.modulemap; do
    [[ -e "$map" ]] && search+=(-I "$(dirname "$map")")
done
sdk=()
if command -v xcrun > /dev/null; then sdk=(-sdk "$(xcrun --show-sdk-path)"); fi

rm -rf "$out"
for module in "${MODULES[@]}"; do
    mkdir -p "$out/$module"
    "$extract" -module-name "$module" -target "$triple" "${sdk[@]}" "${search[@]}" \
        -minimum-access-level public -emit-extension-block-symbols -output-dir "$out/$module"
done
echo "Symbol graphs: $out/{DualTape,DualTapeOracle,DualTapeTesting}"
