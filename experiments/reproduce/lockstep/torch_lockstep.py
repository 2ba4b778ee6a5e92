"""The PyTorch side of the lockstep and chaos checks (the seed's Network2, CrossEntropyLoss, SGD).

Two modes, both print one JSON object on stdout:

  lockstep  train from given initial weights (safetensors, our layout: `fcN.kernel` [in, out],
            `fcN.bias` [out]) on a given batch order (JSON `{"batches": [[i, ...], ...]}`), one step
            per batch; validation loss on the first --probe test images every --every steps.
  twins     PyTorch against PyTorch: the seed program's own init (torch.manual_seed(seed)) and its
            DataLoader order, trained twice side by side, the second copy with --perturb added to one
            fc1 weight; validation loss of both every --every steps.

Usage:
  /usr/bin/python3 experiments/reproduce/lockstep/torch_lockstep.py lockstep --init init.safetensors --order order.json [--negative]
  /usr/bin/python3 experiments/reproduce/lockstep/torch_lockstep.py twins --seed 0 --steps 500 [--negative]
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from seed_torch import Network2, load  # noqa: E402  (the seed program: one home for its network and data)

# The perturbed weight: fc1 unit 0's weight from the centre pixel (row 14, column 14), a pixel that is
# non-zero in many images of both polarities, so the perturbation reaches the outputs from step 1
# (the weight @negmnist/train's perturbCentreWeight perturbs).
PERTURBED_UNIT, PERTURBED_PIXEL = 0, 14 * 28 + 14


def read_safetensors(path):
    data = pathlib.Path(path).read_bytes()
    size = int.from_bytes(data[:8], 'little')
    header = json.loads(data[8:8 + size])
    base = 8 + size
    out = {}
    for name, spec in header.items():
        if name == '__metadata__':
            continue
        if spec['dtype'] != 'F32':
            raise SystemExit(f'{path}: tensor {name}: expected dtype F32, received {spec["dtype"]}')
        start, end = spec['data_offsets']
        out[name] = np.frombuffer(data, dtype='<f4', count=(end - start) // 4, offset=base + start).reshape(spec['shape'])
    return out


def load_ours(net, path):
    tensors = read_safetensors(path)
    with torch.no_grad():
        for name in ('fc1', 'fc2', 'fc3'):
            layer = getattr(net, name)
            kernel, bias = tensors[f'{name}.kernel'], tensors[f'{name}.bias']
            if tuple(kernel.shape) != tuple(layer.weight.shape[::-1]):
                raise SystemExit(f'{path}: {name}.kernel: expected shape {list(layer.weight.shape[::-1])}, received {list(kernel.shape)}')
            layer.weight.copy_(torch.from_numpy(kernel.T.copy()))  # ours is [in, out], PyTorch's [out, in]
            layer.bias.copy_(torch.from_numpy(bias.copy()))


def validation_loss(net, x, y):
    with torch.no_grad():
        return nn.functional.cross_entropy(net(x), y).item()


def sgd_step(net, optimizer, inputs, labels):
    optimizer.zero_grad()
    nn.functional.cross_entropy(net(inputs), labels).backward()
    optimizer.step()


def lockstep(args):
    x_train, y_train = load('train', args.negative)
    x_val, y_val = load('test', args.negative)
    x_val, y_val = x_val[:args.probe], y_val[:args.probe]
    net = Network2()
    load_ours(net, args.init)
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr)
    batches = json.loads(pathlib.Path(args.order).read_text())['batches']
    steps, losses = [0], [validation_loss(net, x_val, y_val)]
    for step, batch in enumerate(batches, start=1):
        index = torch.tensor(batch, dtype=torch.int64)
        sgd_step(net, optimizer, x_train[index], y_train[index])
        if step % args.every == 0:
            steps.append(step)
            losses.append(validation_loss(net, x_val, y_val))
    return dict(steps=steps, valLoss=losses)


def twins(args):
    torch.manual_seed(args.seed)
    x_train, y_train = load('train', args.negative)
    x_val, y_val = load('test', args.negative)
    x_val, y_val = x_val[:args.probe], y_val[:args.probe]
    net = Network2()  # the seed program's order of RNG use: the network first, then the DataLoader
    order = torch.utils.data.DataLoader(torch.arange(len(x_train)), batch_size=64, shuffle=True)
    twin = Network2()
    twin.load_state_dict(net.state_dict())
    with torch.no_grad():
        # Adding in float32 as PyTorch does: the stored change is the nearest float32 step, reported below.
        before = twin.fc1.weight[PERTURBED_UNIT, PERTURBED_PIXEL].clone()
        twin.fc1.weight[PERTURBED_UNIT, PERTURBED_PIXEL] += args.perturb
        applied = (twin.fc1.weight[PERTURBED_UNIT, PERTURBED_PIXEL] - before).item()
    pair = [(net, torch.optim.SGD(net.parameters(), lr=args.lr)), (twin, torch.optim.SGD(twin.parameters(), lr=args.lr))]
    steps, losses = [0], [[validation_loss(m, x_val, y_val) for m, _ in pair]]
    step = 0
    while step < args.steps:
        for index in order:
            step += 1
            for model, optimizer in pair:
                sgd_step(model, optimizer, x_train[index], y_train[index])
            if step % args.every == 0:
                steps.append(step)
                losses.append([validation_loss(m, x_val, y_val) for m, _ in pair])
            if step == args.steps:
                break
    return dict(steps=steps, valLoss=[l[0] for l in losses], twinValLoss=[l[1] for l in losses], perturbApplied=applied)


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('mode', choices=['lockstep', 'twins'])
    parser.add_argument('--negative', action='store_true')
    parser.add_argument('--lr', type=float, default=0.1)
    parser.add_argument('--every', type=int, default=10, help='evaluate every this many steps (default 10)')
    parser.add_argument('--probe', type=int, default=1000, help='validation images: the first N test images (default 1000)')
    parser.add_argument('--threads', type=int, default=1, help='torch intra-op threads (default 1)')
    parser.add_argument('--init', help='lockstep: initial weights (safetensors, our layout)')
    parser.add_argument('--order', help='lockstep: batch order JSON')
    parser.add_argument('--seed', type=int, default=0, help='twins: torch.manual_seed')
    parser.add_argument('--steps', type=int, default=500, help='twins: steps to train')
    parser.add_argument('--perturb', type=float, default=1e-7, help='twins: added to one fc1 weight of the second copy')
    args = parser.parse_args()
    if args.mode == 'lockstep' and (args.init is None or args.order is None):
        parser.error('lockstep needs --init and --order')
    torch.set_num_threads(args.threads)
    result = lockstep(args) if args.mode == 'lockstep' else twins(args)
    result.update(torch=torch.__version__, threads=torch.get_num_threads(), negative=args.negative)
    json.dump(result, sys.stdout)
    print()
