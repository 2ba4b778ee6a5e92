const EXIT_CODES = `Exit codes:
  0    ok
  1    internal error (a bug: the stack is printed)
  2    usage, config or data error (one line says what and where)
  3    backend unavailable (the line says what to install)
  130  interrupted (Ctrl-C: the run is checkpointed; re-run the same command to resume)`;

const BACKEND = `  --backend <name>     auto | onnx-cpu | onnx-webgpu | onnx-cuda | tensorflow | webgpu | wasm | cpu
                       (default auto: onnx-cpu if onnxruntime-node is installed (about 6x faster than
                       wasm per seed step in negmnist bench), else tensorflow if @tensorflow/tfjs-node
                       is installed, else webgpu on a hardware GPU, else wasm, else cpu; an explicit
                       webgpu also accepts a CPU adapter such as llvmpipe)`;

const DATA = `  --images <file>      training images, IDX (raw or .gz); with --labels, --test-images,
  --labels <file>      --test-labels trains on any IDX dataset instead of MNIST
  --test-images <file>
  --test-labels <file>`;

const OUTPUT = `  --out <dir>          results directory (default results/)
  --quiet, -q          print only the final summary
  --json               machine-readable events on stdout, one JSON object per line
  --help, -h           this help`;

/** Help text of each command, printed by `--help`. */
export const HELP: Record<string, string> = {
  main: `negmnist: reproduce and explain why an MLP trains erratically on negative MNIST.

Usage: negmnist <command> [options]

Commands:
  train    one training run
  grid     a sweep: an experiment's configurations x seeds (resumable)
  ls       list runs in a results directory
  bench    time the seed network's SGD step here vs the seed's PyTorch program

Examples:
  negmnist grid quick                  # the README demo: 8 short runs on real MNIST
  negmnist train --negative --epochs 2
  negmnist ls results/
  negmnist <command> --help

${EXIT_CODES}`,

  train: `Usage: negmnist train [options]

Trains one network and writes results/<name>/<run-id>/record.json (+ checkpoint.safetensors).
Re-running the same command resumes an interrupted run and skips a finished one.

Model and training (defaults: --preset seed, the seed program):
  --preset <name>      seed (784-200-100-10, ReLU everywhere, torch init, SGD lr 0.1, batch 64,
                       evaluation every 100 batches, 20 epochs)
  --negative           train and validate on negative images (1 - x)
  --hidden <fn>        hidden activation: relu | sigmoid | tanh | leakyRelu | gelu
  --output <fn>        output activation: relu (as in the seed) | sigmoid | none
  --init <name>        torch | glorot | he
  --layers <sizes>     layer sizes with input and output, e.g. 784,200,100,10
  --lr <number>        SGD learning rate
  --epochs <n>         epochs
  --batch <n>          batch size
  --eval-every <n>     evaluate on the full test set every n batches
  --eval-schedule <s>  per-epoch: count batches from 0 in each epoch, no evaluation at the end (the
                       seed's i % 100 == 99; the seed preset's default); global: count steps over
                       the run and evaluate after the last one too
  --probe-size <n>     validation images the probes use
  --seed <n>           weight-init and shuffling seed (default 0)
  --name <name>        experiment folder under --out (default train)
  --id <id>            run id (default from the settings, e.g. neg-relu-out-relu-s0)
${BACKEND}
${DATA}
${OUTPUT}

Examples:
  negmnist train --negative --epochs 2
  negmnist train --hidden sigmoid --lr 0.05 --seed 3 --backend wasm
  negmnist train --images tr-img.idx.gz --labels tr-lbl.idx.gz \\
                 --test-images te-img.idx.gz --test-labels te-lbl.idx.gz --epochs 1

${EXIT_CODES}`,

  grid: `Usage: negmnist grid <experiment.json | built-in name> [options]

Trains every configuration of an experiment with every seed, into results/<experiment>/<run-id>/.
Built-ins: seed (positive/negative x relu/sigmoid hidden, output relu, 20 epochs, 5 seeds) and
quick (the same grid, 2 epochs, 2 seeds). On GPU backends (webgpu, tensorflow, onnx-webgpu,
onnx-cuda), runs with the same layer sizes, batch size and epochs train together as one ensemble
(one batched computation); on wasm, cpu and onnx-cpu runs train one by one, one worker thread per
core.
Resumable: re-running skips finished runs and resumes interrupted ones from their checkpoint.

Experiment file:
  { "name": "my-sweep", "base": { "preset": "seed", "epochs": 5 },
    "grid": { "negative": [false, true], "lr": [0.1, 0.01] }, "seeds": 3 }
  base: preset, negative, layers, hidden, output, init, lr, batchSize, epochs, evalEvery, evalSchedule, probeSize
  grid: lists for negative, hidden, output, init, lr, batchSize, layers (cartesian product)
  seeds: a count n (0..n-1) or a list; dataset: "mnist" (default) or
         { "images", "labels", "testImages", "testLabels" } (paths relative to the file)

Options (override the experiment for every run):
  --epochs <n>  --lr <number>  --batch <n>  --eval-every <n>  --probe-size <n>
  --eval-schedule <per-epoch|global>   see negmnist train --help
  --layers <sizes>     e.g. 784,32,10
  --seeds <n>          train seeds 0..n-1 instead of the experiment's
  --name <name>        results folder instead of the experiment's name
  --ensemble           train compatible runs as one ensemble on any backend
  --no-ensemble        train runs one by one on any backend
  --workers <n>        wasm/cpu: worker threads, one core each (default: one per core)
${BACKEND}
${DATA}
${OUTPUT}

Examples:
  negmnist grid quick
  negmnist grid seed --backend webgpu
  negmnist grid experiments/my-sweep.json --out results/ --no-ensemble

${EXIT_CODES}`,

  ls: `Usage: negmnist ls [results-dir] [options]

Lists the runs under a results directory (default results/), an experiment folder or a run folder:
status, best and final validation accuracy, steps, wall time and backend. Malformed records are
reported on stderr and skipped.

Options:
  --json               one JSON object per run
  --help, -h           this help

Examples:
  negmnist ls
  negmnist ls results/seed --json

${EXIT_CODES}`,

  bench: `Usage: negmnist bench [options]

Times the same seed-network SGD steps (784-200-100-10, ReLU, batch 64, lr 0.1) on our backend and
on the seed's PyTorch program (a small torch script shipped with negmnist, run by python3 in the
same invocation), and prints ms/step for each and their ratio. Without python3 + torch the PyTorch
side is skipped with a note.

Options:
  --steps <n>          timed steps (default 200)
  --warmup <n>         untimed steps first (default 20)
  --python <path>      Python with torch (default /usr/bin/python3, else python3 on PATH)
${BACKEND}
  --json               print the result as one JSON object
  --help, -h           this help

Examples:
  negmnist bench
  negmnist bench --backend webgpu --steps 500

${EXIT_CODES}`,
};
