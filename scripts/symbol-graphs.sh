#!/usr/bin/env bash
# The symbol graphs of DualTape's three libraries (public symbols), one folder per module:
#   .build/docs/symbol-graphs/<Module>/<Module>.symbols.json (+ <Module>@<Other>.symbols.json,
#   its extensions to other modules' types)
# read by `docc convert` (make docs) and by scripts/doc-coverage.py (make lint).
# `swift package dump-symbol-graph` builds the package in debug (shared with `swift build`,
# so incremental after `make test`) and extracts every module with the build's own flags.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
out=.build/docs/symbol-graphs
mkdir -p .build/docs
dump="$(dirname "$($SWIFT build --show-bin-path)")/symbolgraph"
rm -rf "$dump" "$out"
$SWIFT package dump-symbol-graph --minimum-access-level public --emit-extension-block-symbols > .build/docs-symbol-graphs.log 2>&1 || {
    cat .build/docs-symbol-graphs.log
    exit 1
}
for module in DualTape DualTapeOracle DualTapeTesting; do
    mkdir -p "$out/$module"
    cp "$dump/$module.symbols.json" "$out/$module/"
    for extension in "$dump/$module"@*.symbols.json; do
        [[ -e "$extension" ]] && cp "$extension" "$out/$module/"
    done
done
echo "Symbol graphs: $out/{DualTape,DualTapeOracle,DualTapeTesting}"
