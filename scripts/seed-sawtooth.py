#!/usr/bin/env python3
"""Draws Sources/DualTape/DualTape.docc/Resources/seed-sawtooth.png, the tutorial figure:
the seed tutorial's f along the ray s·a, a sawtooth. Run from the package root; no dependencies."""
import math, struct, zlib
W, H, M = 640, 320, 36
a0, a1 = 0.9273255, -0.45468742
norm = math.hypot(a0, a1)
def f(s):
    b = 2 * s * norm
    k = 0
    while b < 1000: b *= 2; k += 1
    return 2 ** (k + 1) * s * a0
smin, smax = 0.05, 1.2
ymax = 2000.0
img = [[(255, 255, 255)] * W for _ in range(H)]
def px(x, y, c):
    if 0 <= x < W and 0 <= y < H: img[y][x] = c
for x in range(M, W - 10): px(x, H - M, (120, 120, 120))
for y in range(10, H - M + 1): px(M, y, (120, 120, 120))
for v in (500, 1000, 1500, 2000):
    y = int(H - M - v / ymax * (H - M - 20))
    for x in range(M, W - 10, 4): px(x, y, (215, 215, 215))
prev = None
for x in range(M, W - 10):
    s = smin + (x - M) / (W - 10 - M) * (smax - smin)
    y = int(round(H - M - f(s) / ymax * (H - M - 20)))
    if prev is not None and abs(y - prev) < 40:
        for yy in range(min(y, prev), max(y, prev) + 1):
            for d in (0, 1): px(x, yy + d, (30, 80, 170))
    else:
        for d in (-1, 0, 1): px(x, y + d, (30, 80, 170))
    prev = y
raw = b''.join(b'\x00' + bytes(c for p in row for c in p) for row in img)
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
open('Sources/DualTape/DualTape.docc/Resources/seed-sawtooth.png', 'wb').write(png)
