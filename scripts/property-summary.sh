#!/usr/bin/env bash
# Adds up a property campaign: the lines the test run appended through
# DUALTAPE_PROPERTY_SUMMARY (one per property: status, cases, discarded, classified, seed,
# name; a failure's report after it, prefixed "# ") become one summary on standard output.
# Usage: property-summary.sh <runs file> <seed> <scale> <seconds>
set -euo pipefail
runs=$1 seed=$2 scale=$3 seconds=$4
if [[ ! -s "$runs" ]]; then
    echo "DualTape property campaign: no property ran (did the build fail?); seed $seed, scale $scale"
    exit 0
fi
grep -v '^# ' "$runs" | awk -F'\t' -v seed="$seed" -v scale="$scale" -v seconds="$seconds" '
{
    properties++; cases += $2; discarded += $3; classified += $4
    if ($1 == "FAIL") failed++
    if ($1 == "GAVE-UP") gaveup++
}
END {
    printf "DualTape property campaign\n"
    printf "seed %s; scale %s (each property runs %s times its default case count); %d s\n", seed, scale, scale, seconds
    printf "properties: %d (%d passed, %d failed, %d gave up)\n", properties, properties - failed - gaveup, failed, gaveup
    printf "cases: %d judged, %d of them classified (kinks, unresolved points); %d discarded by generators\n", cases, classified, discarded
    printf "result: %s\n\n", (failed + gaveup == 0) ? "PASS" : "FAIL"
    printf "  status      cases  discard classif  property\n"
}'
grep -v '^# ' "$runs" | sort -t $'\t' -k6 | awk -F'\t' '{ printf "  %-7s %9d %8d %7d  %s\n", $1, $2, $3, $4, $6 }'
if grep -q '^# ' "$runs"; then
    printf '\nfailures (replay with the DUALTAPE_PROPERTY_SEED or DUALTAPE_PROPERTY_REPLAY line shown):\n'
    grep '^# ' "$runs" | cut -c3- | sed 's/^/  /'
fi
