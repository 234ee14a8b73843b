"""NumPy's time for the kernels adbench measures (same sizes, median of 50 runs).

Run: python3 scripts/numpy_baseline.py   (any NumPy; the figures go beside adbench's in BENCHMARKS.md)
"""
import time
import numpy as np


def median_time(fn, runs=50, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


rng = np.random.default_rng(1)
n = 1_000_000
a = rng.uniform(-1, 1, n)
b = rng.uniform(-1, 1, n)
cases = {
    f"add {n}": lambda: a + b,
    f"mul {n}": lambda: a * b,
    f"mul scalar {n}": lambda: a * 3.0,
    f"exp {n}": lambda: np.exp(a),
    f"tanh {n}": lambda: np.tanh(a),
    f"sum {n}": lambda: a.sum(),
}
m = 512
A = rng.uniform(0, 1, (m, m))
B = rng.uniform(0, 1, (m, m))
cases[f"matmul {m}x{m}"] = lambda: A @ B
# LAPACK: solve with one n×n right-hand-side matrix (adbench --kernels "solve 256x256, B 256x256").
ns = 256
As = rng.uniform(-1, 1, (ns, ns)) + ns * np.eye(ns)
Bs = rng.uniform(-1, 1, (ns, ns))
cases[f"solve {ns}x{ns}, B {ns}x{ns}"] = lambda: np.linalg.solve(As, Bs)

X = rng.normal(size=(1000, 1000)) * 4


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def logsumexp(x):
    m = x.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True)))[:, 0]


cases["softmax 1000x1000"] = lambda: softmax(X)
cases["logsumexp 1000x1000"] = lambda: logsumexp(X)
print(f"numpy {np.__version__}")
for name, fn in cases.items():
    t = median_time(fn, runs=30 if "matmul" in name or "solve" in name else 50)
    print(f"{name:24s} {t * 1e6:10.1f} µs")
