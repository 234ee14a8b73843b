#!/usr/bin/env python3
"""PyTorch's times for adbench's conv2d rows (`adbench --kernels`): conv2d of one 16-channel
32x32 image (N = 1) by 32 filters 3x3, padding 1, in float32 and float64: the forward pass,
and the forward pass with the gradient in x and w of the sum (median of runs, seconds).

    Validation/peers/.venv-torch-jax/bin/python scripts/torch_conv_baseline.py
"""
import statistics
import time

import torch
import torch.nn.functional as F


def median_time(body, runs=50, warmup=5):
    for _ in range(warmup):
        body()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    torch.manual_seed(1)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    for dtype, tag in [(torch.float32, "f32"), (torch.float64, "f64")]:
        x = torch.randn(1, 16, 32, 32, dtype=dtype)
        w = 0.1 * torch.randn(32, 16, 3, 3, dtype=dtype)

        def forward():
            with torch.no_grad():
                F.conv2d(x, w, padding=1)

        def forward_backward():
            xg = x.detach().requires_grad_()
            wg = w.detach().requires_grad_()
            F.conv2d(xg, wg, padding=1).sum().backward()

        primal = median_time(forward)
        both = median_time(forward_backward)
        print(f"conv2d 32x32 {tag}: forward {primal * 1e6:.1f} us, forward+backward {both * 1e6:.1f} us, ratio {both / primal:.2f}")


if __name__ == "__main__":
    main()
