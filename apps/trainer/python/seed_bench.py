"""PyTorch's side of `negmnist bench`: the seed program (Network2: 784-200-100-10, ReLU after every
layer, CrossEntropyLoss, SGD lr 0.1, batch 64) timed in one of five modes. Prints one JSON line.

  seed_bench.py info                                   versions, threads, the BLAS torch loaded
  seed_bench.py step --steps N --warmup W              ms per SGD step on random in-memory batches
  seed_bench.py protocol --data DIR [--epochs E]       the seed run on real MNIST, its evaluation schedule
  seed_bench.py grid --data DIR --runs neg:hidden:seed,...   those runs one after another, 1 epoch each
  seed_bench.py ensemble --k K --steps N [--cuda]      K seed networks as one bmm ensemble
  seed_bench.py ensemble --k K --steps N --cuda-graph  the same step captured once as a CUDA graph, replayed

Common flags: --threads T (torch.set_num_threads), --batch B (default 64).
"""
import argparse
import json
import os
import resource
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as error:  # reported by the CLI as "torch absent"
    print(json.dumps({"error": f"torch not importable: {error}"}))
    sys.exit(0)


class Network2(nn.Module):
    # The seed's network, verbatim in shape: an activation on the logits too.
    def __init__(self, hidden="relu"):
        super().__init__()
        self.fc1 = nn.Linear(784, 200)
        self.fc2 = nn.Linear(200, 100)
        self.fc3 = nn.Linear(100, 10)
        self.act = torch.sigmoid if hidden == "sigmoid" else F.relu

    def forward(self, x):
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        return F.relu(self.fc3(x))


def blas_libraries():
    """Shared libraries with BLAS/LAPACK in their name mapped into this process, resolved."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line and any(s in line for s in ("blas", "lapack", "mkl", "blis", "atlas"))}
    except OSError:
        return []
    return sorted({os.path.realpath(p) for p in paths})


def info():
    config = torch.__config__.show()
    return {
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "blasConfig": [part.strip() for line in config.splitlines() for part in line.split(",") if "BLAS" in part or "LAPACK" in part],
        "blasLibraries": blas_libraries(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
    }


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def read_idx(path):
    import numpy as np

    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * d : 8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(data_dir, negative):
    # ToTensor: v / 255; the negative variant is 1 - x (as @negmnist/data's invert).
    def images(name):
        x = torch.from_numpy(read_idx(os.path.join(data_dir, name)).astype("float32") / 255).reshape(-1, 784)
        return 1 - x if negative else x

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(data_dir, name)).astype("int64"))

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"), images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


def seed_run(data, hidden, seed, epochs, batch, eval_every):
    """One seed run: shuffled batches (DataLoader shape), evaluation on the 10k test set at i % 100 == 99."""
    x_train, y_train, x_test, y_test = data
    torch.manual_seed(seed)
    model = Network2(hidden)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    training = evaluation = 0.0
    steps = evaluations = 0
    for _ in range(epochs):
        order = torch.randperm(len(x_train))
        start = time.perf_counter()
        for i, first in enumerate(range(0, len(x_train), batch)):
            idx = order[first : first + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            loss.item()  # the seed reads the loss every step
            steps += 1
            if i % eval_every == eval_every - 1:
                now = time.perf_counter()
                training += now - start
                with torch.no_grad():
                    out = model(x_test)
                    loss_fn(out, y_test).item()
                    (out.argmax(1) == y_test).sum().item()
                start = time.perf_counter()
                evaluation += start - now
                evaluations += 1
        training += time.perf_counter() - start
    return {"trainingMs": training * 1000, "evaluationMs": evaluation * 1000, "steps": steps, "evaluations": evaluations}


def step_mode(args, device):
    torch.manual_seed(0)
    model = Network2().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    # Pre-generated batches, as a DataLoader over in-memory tensors would hand them out.
    xs = torch.rand(16, args.batch, 784, device=device)
    ys = torch.randint(0, 10, (16, args.batch), device=device)

    def step(i):
        optimizer.zero_grad()
        loss = loss_fn(model(xs[i % 16]), ys[i % 16])
        loss.backward()
        optimizer.step()
        return loss.item()

    for i in range(args.warmup):
        step(i)
    start = time.perf_counter()
    for i in range(args.steps):
        step(i)
    elapsed = (time.perf_counter() - start) * 1000
    return {"msPerStep": elapsed / args.steps, "steps": args.steps, "trainingMs": elapsed}


def ensemble_loss(params, x, y, k, b):
    """K seed networks as stacked weights [K, in, out], one bmm per layer, one summed loss."""
    h = x
    for layer in range(3):
        h = F.relu(torch.baddbmm(params[2 * layer + 1], h, params[2 * layer]))
    # Sum over members of each member's mean loss: the gradients of K independent runs.
    return F.cross_entropy(h.reshape(k * b, 10), y, reduction="sum") / b


def graphed_step(params, optimizer, xs, ys, k, b):
    """The training step captured once as a CUDA graph, as PyTorch's CUDA semantics notes capture a whole
    network: 3 eager steps on a side stream, grads set to None, one step captured on static input and
    label buffers; each call copies the next batch into them and replays the graph (no host read)."""
    static_x, static_y = xs[0].clone(), ys[0].clone()
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for i in range(3):
            optimizer.zero_grad(set_to_none=True)
            ensemble_loss(params, xs[i % 8], ys[i % 8], k, b).backward()
            optimizer.step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    optimizer.zero_grad(set_to_none=True)
    with torch.cuda.graph(graph):
        ensemble_loss(params, static_x, static_y, k, b).backward()
        optimizer.step()

    def step(i):
        static_x.copy_(xs[i % 8])
        static_y.copy_(ys[i % 8])
        graph.replay()

    return step


def ensemble_mode(args, device):
    """K seed networks per SGD step: eager (the loss read every step, as the seed program does), or graphed."""
    k, b = args.k, args.batch
    torch.manual_seed(0)
    sizes = [784, 200, 100, 10]
    params = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        bound = 1 / n_in**0.5
        params.append(((torch.rand(k, n_in, n_out, device=device) * 2 - 1) * bound).requires_grad_())
        params.append(((torch.rand(k, 1, n_out, device=device) * 2 - 1) * bound).requires_grad_())
    optimizer = torch.optim.SGD(params, lr=0.1)
    xs = torch.rand(8, k, b, 784, device=device)
    ys = torch.randint(0, 10, (8, k * b), device=device)

    def eager(i):
        optimizer.zero_grad()
        loss = ensemble_loss(params, xs[i % 8], ys[i % 8], k, b)
        loss.backward()
        optimizer.step()
        return loss.item()

    step = graphed_step(params, optimizer, xs, ys, k, b) if args.cuda_graph else eager
    for i in range(args.warmup):
        step(i)
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for i in range(args.steps):
        step(i)
    if device == "cuda":
        torch.cuda.synchronize()
    elapsed = (time.perf_counter() - start) * 1000
    return {"msPerStep": elapsed / args.steps, "steps": args.steps, "k": k, "trainingMs": elapsed, "cudaGraph": args.cuda_graph}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["info", "step", "protocol", "grid", "ensemble"])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--data")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--negative", action="store_true")
    parser.add_argument("--hidden", default="relu")
    parser.add_argument("--runs", default="")
    parser.add_argument("--k", type=int, default=1)
    parser.add_argument("--cuda", action="store_true")
    parser.add_argument("--cuda-graph", action="store_true", help="ensemble: capture the step as a CUDA graph and replay it (implies --cuda)")
    args = parser.parse_args()
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    if args.cuda_graph and args.mode != "ensemble":
        print(json.dumps({"error": f"--cuda-graph: ensemble mode only, received {args.mode}"}))
        return
    wants_cuda = args.cuda or args.cuda_graph
    device = "cuda" if wants_cuda and torch.cuda.is_available() else "cpu"
    if wants_cuda and device != "cuda":
        flag = "--cuda-graph" if args.cuda_graph else "--cuda"
        print(json.dumps({"error": f"{flag}: CUDA not available to torch {torch.__version__}", **info()}))
        return
    result = {}
    if args.mode == "step":
        result = step_mode(args, device)
    elif args.mode == "ensemble":
        try:
            result = ensemble_mode(args, device)
        except RuntimeError as error:  # a capture that fails says so in its row, not as a traceback
            if not args.cuda_graph:
                raise
            print(json.dumps({"error": f"--cuda-graph: capture or replay failed: {str(error).splitlines()[0]}"}))
            return
    elif args.mode == "protocol":
        result = seed_run(load_mnist(args.data, args.negative), args.hidden, 0, args.epochs, args.batch, 100)
    elif args.mode == "grid":
        runs = [r.split(":") for r in args.runs.split(",") if r]
        loaded = {}
        totals = {"trainingMs": 0.0, "evaluationMs": 0.0, "steps": 0, "evaluations": 0, "runs": len(runs)}
        for negative, hidden, seed in runs:
            if negative not in loaded:
                loaded[negative] = load_mnist(args.data, negative == "1")
            one = seed_run(loaded[negative], hidden, int(seed), args.epochs, args.batch, 100)
            for key in ("trainingMs", "evaluationMs", "steps", "evaluations"):
                totals[key] += one[key]
        result = totals
    print(json.dumps({**result, "device": device, "peakRssMiB": peak_rss_mib(), **info()}))


if __name__ == "__main__":
    main()
