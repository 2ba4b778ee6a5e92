"""Times the seed program's SGD step (Network2: 784-200-100-10, ReLU after every layer, CrossEntropyLoss,
SGD lr 0.1, batch 64) with PyTorch. Called by `negmnist bench`; prints one JSON line."""
import json
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
    # The seed's network, verbatim in shape: a ReLU on the logits too.
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 200)
        self.fc2 = nn.Linear(200, 100)
        self.fc3 = nn.Linear(100, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return F.relu(self.fc3(x))


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    device = "cuda" if torch.cuda.is_available() and "--cuda" in sys.argv else "cpu"
    torch.manual_seed(0)
    model = Network2().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    # Pre-generated batches, as a DataLoader over in-memory tensors would hand them out.
    xs = torch.rand(16, batch, 784, device=device)
    ys = torch.randint(0, 10, (16, batch), device=device)

    def step(i):
        optimizer.zero_grad()
        loss = loss_fn(model(xs[i % 16]), ys[i % 16])
        loss.backward()
        optimizer.step()
        return loss.item()  # the seed reads the loss every step

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(i)
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "msPerStep": elapsed * 1000 / steps,
        "steps": steps,
        "device": device,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
