"""PyTorch's answer to the sharpness probe: λmax of the training-loss Hessian by power iteration on exact
Hessian-vector products (double backward, float64), at weights written by sharpness.mjs, on the same probe
images (2048 training images i * floor(60000 / 2048)) and the same inputs (positive or negative unit pixels).

Usage: /usr/bin/python3 experiments/reproduce/sharpness/sharpness_torch.py <cases.json>
Prints one JSON line per case: {"id", "lambdaMax", "iterations"}.
"""
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn.functional as F

ACTIVATIONS = {'relu': F.relu, 'sigmoid': torch.sigmoid, 'none': lambda x: x}

# The IDX reading of the seed program (one copy): experiments/reproduce/seed_torch.py
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from seed_torch import find_mnist_dir, read_idx  # noqa: E402


def lambda_max(case, images, labels):
    x = images[case['indices']].reshape(len(case['indices']), -1).astype(np.float64) / 255.0
    if case['negative']:
        x = 1 - x
    x = torch.from_numpy(x)
    y = torch.from_numpy(labels[case['indices']].astype(np.int64))
    params = [torch.tensor(np.array(t['data'], dtype=np.float64).reshape(t['shape']), requires_grad=True) for t in case['weights']]
    hidden, output = ACTIVATIONS[case['hidden']], ACTIVATIONS[case['output']]

    def loss_fn():
        h = x
        layers = len(params) // 2
        for l in range(layers):
            h = h @ params[2 * l] + params[2 * l + 1]  # kernels are [in, out] as @negmnist/models stores them
            h = output(h) if l == layers - 1 else hidden(h)
        return F.cross_entropy(h, y)

    grads = torch.autograd.grad(loss_fn(), params, create_graph=True)
    gen = torch.Generator().manual_seed(0)
    v = [torch.rand(p.shape, generator=gen, dtype=torch.float64) * 2 - 1 for p in params]
    norm = torch.sqrt(sum((t * t).sum() for t in v))
    v = [t / norm for t in v]
    estimate = float('nan')
    for it in range(1, case.get('iterations', 200) + 1):
        hv = torch.autograd.grad(grads, params, grad_outputs=v, retain_graph=True)
        new = float(sum((a * b).sum() for a, b in zip(v, hv)))
        norm = torch.sqrt(sum((t * t).sum() for t in hv))
        v = [t / norm for t in hv]
        if abs(new - estimate) < 1e-7 * abs(new):
            return new, it
        estimate = new
    return estimate, it


def main():
    cases = json.loads(pathlib.Path(sys.argv[1]).read_text())
    d = find_mnist_dir()
    images = read_idx(d / 'train-images-idx3-ubyte')
    labels = read_idx(d / 'train-labels-idx1-ubyte')
    torch.set_num_threads(1)
    for case in cases:
        value, iterations = lambda_max(case, images, labels)
        print(json.dumps({'id': case['id'], 'lambdaMax': value, 'iterations': iterations}), flush=True)


if __name__ == '__main__':
    main()
