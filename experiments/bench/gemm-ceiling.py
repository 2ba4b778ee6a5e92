"""How fast can one core do the seed protocol's arithmetic? Prints this core's float32 GEMM rate
(numpy on the BLAS it loaded, and torch on the seed network's matrix shapes, 1 thread each) and the
shortest time the dense arithmetic of one epoch of the seed protocol can take at that rate.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 experiments/bench/gemm-ceiling.py

A trainer that does the same dense float32 arithmetic as PyTorch cannot beat that floor; a speed-up
over PyTorch is bounded by PyTorch's time over the floor.
"""
import time

import numpy as np
import torch

torch.set_num_threads(1)


def rate(fn, flops, repeats):
    fn()
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return flops * repeats / (time.perf_counter() - start) / 1e9


print(f"numpy {np.__version__}, torch {torch.__version__}, 1 thread")
best = 0.0
for n in (1024, 2048):
    a = np.random.rand(n, n).astype(np.float32)
    b = np.random.rand(n, n).astype(np.float32)
    r = rate(lambda: a @ b, 2 * n**3, 5)
    best = max(best, r)
    print(f"numpy sgemm {n}x{n}x{n}: {r:.1f} GFLOP/s")
w = torch.rand(784, 200)
for rows, repeats in ((64, 2000), (2000, 50)):
    x = torch.rand(rows, 784)
    r = rate(lambda: x @ w, 2 * rows * 784 * 200, repeats)
    print(f"torch matmul {rows}x784 @ 784x200 (fc1): {r:.1f} GFLOP/s")

# The seed network 784-200-100-10, batch 64: multiply-adds per image forward; a step is the forward,
# the kernel gradients (as many) and the input gradients of layers 2 and 3.
macs = 784 * 200 + 200 * 100 + 100 * 10
step = 2 * (64 * macs * 2 + 64 * (200 * 100 + 100 * 10))
evaluation = 2 * 10_000 * macs
epoch = 938 * step + 9 * evaluation
print(f"seed protocol, 1 epoch: 938 steps x {step / 1e6:.1f} MFLOP + 9 evaluations x {evaluation / 1e9:.2f} GFLOP = {epoch / 1e9:.1f} GFLOP")
print(f"at the best rate above ({best:.1f} GFLOP/s): {epoch / best / 1e9:.2f} s of arithmetic at least")
