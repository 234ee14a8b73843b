#!/usr/bin/env bash
# `make docs`: the DocC archives of DualTape, DualTapeOracle and DualTapeTesting, as static
# HTML under .build/docs/<Module> (one web server on .build/docs serves all three).
# Warnings are errors: an unresolved or ambiguous symbol link, a documented parameter that
# does not exist, a missing one where others are documented; and a top-level symbol left in
# an automatic topic group of its module's landing page. The undocumented-symbol count is
# `make lint`'s (scripts/doc-coverage.py), from the same symbol graphs.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCC=${DOCC:-}
if [[ -z "$DOCC" ]]; then
    if command -v docc > /dev/null; then
        DOCC=docc
    elif [[ -x "$(dirname "$(readlink -f "$(command -v swift)")")/docc" ]]; then
        DOCC="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
    elif command -v xcrun > /dev/null; then
        DOCC="xcrun docc"
    else
        echo "make docs: no docc found (it ships with the Swift toolchain; set DOCC=/path/to/docc)" >&2
        exit 1
    fi
fi

bash scripts/symbol-graphs.sh
status=0
for module in DualTape DualTapeOracle DualTapeTesting; do
    out=.build/docs/$module
    rm -rf "$out"
    start=$(date +%s)
    if ! $DOCC convert "Sources/$module/$module.docc" \
        --additional-symbol-graph-dir ".build/docs/symbol-graphs/$module" \
        --fallback-display-name "$module" --fallback-bundle-identifier "org.dualtape.$module" \
        --transform-for-static-hosting --hosting-base-path "$module" \
        --warnings-as-errors --output-path "$out" > ".build/docs/$module.log" 2>&1; then
        grep -E -A12 "^(warning|error)" ".build/docs/$module.log" || cat ".build/docs/$module.log"
        echo "make docs: $module: docc failed (warnings are errors); full log in .build/docs/$module.log" >&2
        status=1
        continue
    fi
    if ! python3 scripts/doc-coverage.py --check-archive "$out" "$module"; then
        echo "make docs: $module: list these symbols in a '## Topics' group of Sources/$module/$module.docc/$module.md" >&2
        status=1
        continue
    fi
    echo "$module: $out ($(( $(date +%s) - start )) s)"
done
[[ $status == 0 ]] || exit $status
cat <<MSG

Documentation built in .build/docs. To read it:
    python3 -m http.server --directory .build/docs 8000
then open
    http://localhost:8000/DualTape/documentation/dualtape/
    http://localhost:8000/DualTapeOracle/documentation/dualtapeoracle/
    http://localhost:8000/DualTapeTesting/documentation/dualtapetesting/
(the pages load their content with JavaScript, so they need a web server, not file://).
MSG
