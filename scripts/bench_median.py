#!/usr/bin/env python3
"""Runs `adbench --json` several times back to back and prints the median of each cell.

The project's machines are shared: the same binary's timings move by up to 2x between
minutes. Each adbench run already reports medians of many repetitions; this script takes
the median over whole runs, and prints Swift's own `_Differentiation` time for W5 as an
indicator of how fast the machine was during the runs.

    swift build -c release --product adbench
    python3 scripts/bench_median.py [runs=3] [adbench path]
"""
import json
import statistics
import subprocess
import sys

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
binary = sys.argv[2] if len(sys.argv) > 2 else ".build/release/adbench"
reports = [json.loads(subprocess.run([binary, "--json"], check=True, capture_output=True, text=True).stdout)
           for _ in range(runs)]


def fmt(seconds):
    if seconds is None:
        return "-"
    return f"{seconds * 1e6:.2f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


print(f"{runs} runs, {reports[0]['machine']}")
print(f"BLAS: {reports[0].get('blas', 'unknown')}")
print(f"{'id':4}{'primal':>12}{'value+grad':>13}{'ratio':>7}{'value+jvp':>12}{'ratio':>7}{'baseline':>12}{'reference':>12}  nodes")
for i, workload in enumerate(reports[0]["workloads"]):
    cells = [r["workloads"][i] for r in reports]
    primal = median(c["primalSeconds"] for c in cells)
    grad = median(c.get("reverseSeconds") for c in cells)
    jvp = median(c.get("forwardSeconds") for c in cells)
    print(f"{workload['id']:4}{fmt(primal):>12}{fmt(grad):>13}{(f'{grad / primal:.2f}' if grad else '-'):>7}"
          f"{fmt(jvp):>12}{(f'{jvp / primal:.2f}' if jvp else '-'):>7}"
          f"{fmt(median(c.get('baselineSeconds') for c in cells)):>12}"
          f"{fmt(median(c.get('referenceSeconds') for c in cells)):>12}  {workload['tapeNodes']}")
for i, kernel in enumerate(reports[0]["kernels"]):
    cells = [r["kernels"][i] for r in reports]
    reference = median(c.get("referenceSeconds") for c in cells)
    print(f"{kernel['name']:28}{fmt(median(c['seconds'] for c in cells)):>12}{fmt(reference):>12}")
print("peak memory:", ", ".join(f"{r.get('peakMemoryBytes', 0) / 1e6:.0f} MB" for r in reports))
if any(not w["passed"] for r in reports for w in r["workloads"]):
    sys.exit(1)
