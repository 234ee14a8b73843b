#!/usr/bin/env bash
# `make lint`: swift-format's rules (.swift-format), plain whitespace, and the documentation
# coverage of the three libraries (scripts/doc-coverage.py: every count must be 0).
#
# swift-format runs with its layout pass off (--debug-disable-pretty-print, a hidden flag of
# the toolchain's swift-format): its pretty-printer breaks after '(' and indents continuation
# lines by 4, while this code aligns continuation lines under the opening parenthesis, so
# the layout pass would flag about 2,600 lines in 198 of 320 files. The rules (naming,
# access levels, doc-comment structure, for-in over forEach, ...) are checked; layout is
# not machine-checked beyond the whitespace checks below. See CONTRIBUTING.md, "Formatting".
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
PATHS=(Sources Tests Examples Validation/Tests)
status=0

if ! $SWIFT format lint --help-hidden 2>&1 | grep -q -- --debug-disable-pretty-print; then
    echo "make lint: this swift-format has no --debug-disable-pretty-print; see CONTRIBUTING.md, Formatting" >&2
    exit 1
fi
start=$(date +%s)
if $SWIFT format lint --strict --debug-disable-pretty-print --configuration .swift-format \
        --recursive --parallel "${PATHS[@]}"; then
    echo "swift-format: OK ($(( $(date +%s) - start )) s)"
else
    echo "swift-format: FAILED (fix the findings above; 'make format' fixes many of them)"
    status=1
fi

# Whitespace the layout pass would have caught: tabs, trailing spaces, CR, no final newline.
files=$(find "${PATHS[@]}" -name '*.swift' | sort)
bad=$( { grep -n -P '\t' $files | sed 's/$/  (tab)/' || true
         grep -n -P ' +$' $files | sed 's/$/  (trailing spaces)/' || true
         grep -n -P '\r' $files | sed 's/$/  (carriage return)/' || true
         for f in $files; do [[ -z "$(tail -c1 "$f")" ]] || echo "$f: no newline at the end"; done; } )
if [[ -n "$bad" ]]; then
    echo "$bad"
    echo "whitespace: FAILED"
    status=1
else
    echo "whitespace: OK"
fi

bash scripts/symbol-graphs.sh > /dev/null
python3 scripts/doc-coverage.py --top "${DOC_COVERAGE_TOP:-0}" || status=1
exit $status
