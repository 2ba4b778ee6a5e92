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
                       webgpu also accepts a CPU adapter such as llvmpipe)
  --threads <n>        onnx-cpu: ONNX Runtime intra-op threads per run (default: one per core when
                       one run trains, else 1 and one worker thread per core); with several runs,
                       one worker thread per n cores`;

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
  explain  interventions, critical-lr sweep, sharpness, chaos and mechanism runs -> explanation.json
  ls       list runs in a results directory (--incomplete: a grid's unfinished runs)
  slurm    an sbatch array script for a grid (one task per shard), or --submit it
  k8s      a Kubernetes Indexed Job manifest for a grid (one pod per shard)
  bench    time our backends against the seed's PyTorch program (step, protocol, grid, ensemble)

Examples:
  negmnist grid quick                  # the README demo: 8 short runs on real MNIST
  negmnist train --negative --epochs 2
  negmnist ls results/
  negmnist <command> --help
  negmnist --version                   # prints negmnist <version>

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

Interventions (each set one names the run, e.g. pos-relu-out-relu-c0.25-s0; defaults leave it as the seed):
  --input <s>          pixel scaling after polarity and offset: unit (x = v/255, default) | centred
                       (x - mean) | standardised ((x - mean) / std) | pixel-centred (x - each pixel's
                       mean) | mean-swapped (each pixel's mean μ replaced by 1 - μ), statistics of the
                       training set as the network sees it, applied to training and test images alike
  --input-offset <c>   constant added to every pixel after 1 - x, before --input (default 0; a
                       negative value as --input-offset=-0.5)
  --input-gain <g>     factor applied after --input (default 1)
  --sharpness-every <n>  record λmax of the loss Hessian at step 0 and every n steps (default: never)
  --fc1-lr-scale <s>   the first layer (fc1 weights and bias) trains at lr * s, the others at lr
                       (default 1; > 0)
  --perturbation <d>   added to fc1's weight from the centre pixel (row 14, column 14 on MNIST)
                       to hidden unit 0 after initialisation: the twin of a run for the chaos
                       measure (default 0; e.g. 1e-7)
  --max-steps <n>      stop after n optimiser steps even if --epochs is not done; the run is then
                       done, with a final evaluation on the global schedule

  --name <name>        experiment folder under --out (default train)
  --id <id>            run id (default from the settings, e.g. neg-relu-out-relu-s0)
${BACKEND}
${DATA}
${OUTPUT}

Examples:
  negmnist train --negative --epochs 2
  negmnist train --hidden sigmoid --lr 0.05 --seed 3 --backend wasm
  negmnist train --input-offset 0.25 --input standardised --fc1-lr-scale 0.1 --max-steps 500
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
  base: preset, negative, layers, hidden, output, init, lr, batchSize, epochs, evalEvery, evalSchedule, probeSize,
        input, inputOffset, fc1LrScale, perturbation, maxSteps (the train flags of the same names)
  grid: lists for negative, hidden, output, init, lr, batchSize, layers, input, inputOffset, fc1LrScale,
        perturbation (cartesian product)
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
  --workers <n>        wasm/cpu/onnx-cpu: worker threads (default: one per core, onnx-cpu: per --threads cores)
  --shard <i/n>        train only shard i of n (0-based); runs are balanced by cost
  --shards <n>         shard count, the index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX
${BACKEND}
${DATA}
${OUTPUT}

Shards: without --shard, a Slurm array task (SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT, or
--shards n) or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX with --shards n) trains its shard;
the first line says which. Shards of a grid write into one results directory; each unfinished run is
locked (run.lock) while a process trains it, and another process skips it with one line on stderr.

Examples:
  negmnist grid quick
  negmnist grid seed --backend webgpu
  negmnist grid experiments/my-sweep.json --out results/ --no-ensemble
  negmnist grid seed --shard 1/4 --out /shared/results

${EXIT_CODES}`,

  explain: `Usage: negmnist explain [options]

Explains the seed configuration's erratic training on negative images with evidence: it trains
single changes ("interventions") around the seed configuration on positive and negative images,
a critical-learning-rate sweep (10 input forms x learning rates x seeds), sharpness runs (λmax of
the loss Hessian every 50 steps), twin runs and per-step mechanism runs as ordinary runs under
results/<name>/<run-id>/ (resumable, listed by negmnist ls), then writes the versioned record
results/<name>/explanation.json. Re-running with the same settings reuses finished runs and
recomputes the record. Identical runs of two parts (e.g. the sweep's negative images at lr 0.1 and
the baseline) train once.

Input forms of the sweep: positive, negative, positive + 0.5, positive + 1, centred (one scalar),
standardised (scalars), zero mean (per-pixel centred), zero mean scaled to the E||x||² of negative
images (control a), positive digits with the negative images' mean image (control b), negative
digits with the positive mean. Each form's critical lr (half its learning runs erratic) gets a
bootstrap interval over seeds; each rule "lr_c = K / scalar" (E||x||², ||μ||², λmax(E[xxᵀ]),
λmax of the Hessian at init) predicts every form held out from its fit.

Interventions (ids for --only; the baseline is always included):
  baseline              the seed configuration
  no-output-activation  output: none          sigmoid-all      hidden and output sigmoid
  sigmoid-hidden        hidden sigmoid, ReLU output kept
  centred               inputs minus the training mean
  standardised          inputs minus the mean, divided by the std of the training set
  lr-0.01               lr 0.01               fc1-lr-tenth     fc1 at lr/10 only
  he-init               He init               leaky-relu       leaky ReLU hidden

What is measured: final and best accuracy, drops (a fall of more than 5% of the validation images
between evaluations), outcomes counted apart (smooth, erratic, collapsed: stuck near chance or all
logits <= 0, diverged), steps to 90%, dead units at initialisation and over time, sharpness, fc1's
update against the mean input direction; each intervention's effect (intervention mean - baseline
mean) with a bootstrap 95% interval across seeds, ranked by the effect on negative-image drops
(ties shown as ties, changes whose runs mostly never learn listed apart); the published accounts
with a verdict each; sentences from those numbers.

Options (defaults and what they cost):
  --seeds <n>            seeds per intervention and polarity (default 5: 100 runs of --epochs)
  --epochs <n>           epochs of every full run (default 5; the seed program's 20 with --epochs 20,
                         four times the time)
  --only <ids>           comma-separated intervention ids (default all 10)
  --no-sweep             skip the critical-learning-rate sweep (and the sharpness runs)
  --sweep-seeds <n>      seeds per sweep cell (default 5: 10 forms x 9 lrs, 450 runs of --epochs,
                         some shared with the interventions)
  --sweep-lrs <list>     learning rates (default 0.01,0.0178,0.0316,0.0562,0.1,0.178,0.316,0.562,1)
  --sharpness-seeds <n>  sharpness runs per form at lr 0.1 (default 3; 0 skips them)
  --sharpness-steps <n>  steps of the sharpness runs (default 500)
  --sharpness-every <n>  steps between λmax measurements and evaluations (default 50)
  --chaos-seeds <n>      twin pairs per intervention and polarity (default 1: 40 runs of
                         --chaos-steps; 0 skips them)
  --chaos-steps <n>      steps of the twin runs, evaluated every 10 (default 500)
  --chaos-threshold <x>  |validation loss difference| that counts as separated (default 0.01)
  --mechanism-seeds <n>  seeds of the per-step mechanism runs per form (default 2: positive,
                         negative and the two controls, 8 runs; 0 skips them)
  --mechanism-steps <n>  steps of the mechanism runs, evaluated after every step (default 100)
  --bootstrap-rounds <n> bootstrap resamples per effect (default 10000)
  --report <file.html>   also write a standalone HTML page (inline SVG, no JavaScript)
  --markdown <file.md>   also rewrite the generated section of a Markdown file (between the
                         explanation:start and explanation:end markers, e.g. the README's)
  --check                train nothing: recompute the record from the finished runs on disk and
                         exit 1 naming every number that differs from explanation.json (and from
                         the --markdown section)
  --name <name>          experiment folder (default explain)
  --batch <n>  --eval-every <n>  --eval-schedule <s>  --probe-size <n>  --layers <sizes>
                         as negmnist train
                         (default: the seed's, evaluation after batches 100..900 of every epoch)
  --workers <n>          wasm/cpu/onnx-cpu: worker threads (default: one per core, onnx-cpu: per --threads cores)
${BACKEND}
${DATA}
${OUTPUT}

Cost with every default on MNIST: about 640 runs, about 2,800 epochs of training (the sweep's
runs at high learning rates often stop early when they diverge) plus the sharpness probes; about
an hour on 2 cores with onnx-cpu, four times that with --epochs 20.

Examples:
  negmnist explain --report explain.html
  negmnist explain --seeds 3 --only centred,lr-0.01 --no-sweep
  negmnist explain --out experiments/explain --name explanation --seeds 8 --chaos-seeds 2 --check
  negmnist explain --epochs 20 --name explain-20 --report explain-20.html

${EXIT_CODES}`,

  ls: `Usage: negmnist ls [results-dir] [options]

Lists the runs under a results directory (default results/), an experiment folder or a run folder:
status, best and final validation accuracy, steps, wall time, shard, host and backend. Malformed
records are reported on stderr and skipped.

Options:
  --incomplete <exp>   list the runs of experiment <exp> (file or built-in name) that are not done
                       or diverged, with the shard each belongs to; takes grid's --seeds, --name,
                       --epochs ... as the grid was run
  --shards <n>         shard count for --incomplete (default: the count in the records)
  --json               one JSON object per run
  --help, -h           this help

Examples:
  negmnist ls
  negmnist ls results/seed --json
  negmnist ls /shared/results --incomplete seed

${EXIT_CODES}`,

  slurm: `Usage: negmnist slurm <experiment> --shards <n> [options] [grid options]

Prints an sbatch script that trains the grid as a Slurm job array: task i of --array=0-<n-1> runs
\`negmnist grid <experiment> --shards n\` and trains shard i, into one shared results directory
(--out, absolute). Each task logs to <out>/.slurm/<job-name>-<job>_<task>.log. Re-submitting a task
resumes its runs; \`negmnist ls <out> --incomplete <experiment>\` lists what is left.

Options:
  --shards <n>         array tasks, one shard each (required)
  --out <dir>          the shared results directory (default results/, written as an absolute path)
  --cpus-per-task <n>  cores per task, also its --workers (default 1)
  --gpus-per-task <n>  GPUs per task (default none)
  --time <limit>       Slurm time limit, e.g. 4:00:00
  --partition <name>   Slurm partition
  --job-name <name>    (default negmnist-<experiment>)
  --command <words>    how tasks start negmnist (default: this Node and CLI, absolute paths)
  --submit             write <out>/.slurm/<job-name>.sbatch and submit it with sbatch
  grid options         --epochs, --seeds, --backend, ... are passed on to every task

Examples:
  negmnist slurm seed --shards 8 --out /shared/results --time 2:00:00 > seed.sbatch && sbatch seed.sbatch
  negmnist slurm seed --shards 4 --gpus-per-task 1 --backend webgpu --submit

${EXIT_CODES}`,

  k8s: `Usage: negmnist k8s <experiment> --shards <n> [options] [grid options]

Prints a Kubernetes Indexed Job manifest (completionMode Indexed, completions = parallelism = n):
pod i runs \`negmnist grid <experiment> --shards n\` and Kubernetes gives it JOB_COMPLETION_INDEX=i.
All pods write into one ReadWriteMany volume mounted at --out. Apply with kubectl apply -f.

Options:
  --shards <n>         pods, one shard each (required)
  --out <path>         results directory inside the container (default /results)
  --claim <name>       PersistentVolumeClaim of the results volume (default negmnist-results)
  --image <image>      container image with Node (default node:22-bookworm-slim)
  --command <words>    how the container starts negmnist (default npx --yes negmnist@<version>)
  --cpus-per-task <n>  CPU request, also --workers (default 1)
  --gpus-per-task <n>  nvidia.com/gpu limit (default none)
  --job-name <name>    (default negmnist-<experiment>)
  grid options         --epochs, --seeds, --backend, ... are passed on to every pod

Examples:
  negmnist k8s seed --shards 8 > seed-job.yaml && kubectl apply -f seed-job.yaml

${EXIT_CODES}`,

  bench: `Usage: negmnist bench [options]

Measures negmnist on every backend present, each in its own process running the trainer's own code
(as negmnist train and negmnist grid do), against the seed's PyTorch program (a torch script shipped
with negmnist, run by python3) in the same invocation, and prints one table: wall, training and
evaluation time, steps/s, model-steps/s, speed vs PyTorch (PyTorch's time / ours) and peak memory
(peak RSS of the process). The header names both sides' versions, threads and the BLAS torch loaded,
with a warning when that is the netlib reference BLAS. Without python3 + torch, negmnist only.

Modes (--mode, a comma-separated list or all; default step):
  step       ms per SGD step of the seed network, batch 64 (PyTorch: 1 thread, and all cores)
  protocol   one seed run on real MNIST, --epochs epochs, the seed's evaluation schedule and probes
  grid       --runs runs of the seed grid at once (ours: the grid's worker threads; PyTorch: one
             process per core x 1 thread, and 1 process x all cores)
  ensemble   K seed networks per step for each --k (PyTorch: one bmm ensemble; CUDA too if present)

Options:
  --backends <list>    backends to measure: all (default) or e.g. wasm,webgpu; absent ones get one row
  --k <list>           ensemble sizes (default 1,8,64,256)
  --steps <n>          timed steps in step/ensemble mode (default 200; --quick 30)
  --warmup <n>         untimed steps first (default 20; --quick 5)
  --epochs <n>         epochs in protocol/grid mode (default 1)
  --runs <n>           grid runs, configurations first (default 4)
  --python <path>      Python with torch (default /usr/bin/python3, else python3 on PATH)
  --timeout <seconds>  time limit of one measurement (default 600)
  --quick              fewer steps: a smoke run that still prints numbers
  --json               print machine, versions and rows as one JSON object
  --save <prefix>      also write <prefix>.json and <prefix>.md (the table with its header)
  --help, -h           this help

Examples:
  negmnist bench
  negmnist bench --mode protocol,grid --backends wasm
  negmnist bench --mode ensemble --k 1,8,64,256 --backends webgpu

${EXIT_CODES}`,
};
