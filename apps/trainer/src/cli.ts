import { main } from './main';

// The bin entry: wires the process (stdout, stderr, SIGINT) to main() and exits with its code.
const controller = new AbortController();
let interrupts = 0;
const interrupt = (signal: NodeJS.Signals) => {
  interrupts += 1;
  // A second Ctrl-C leaves at once; the last atomic checkpoint still allows a resume.
  if (interrupts > 1) process.exit(130);
  process.stderr.write(`\nnegmnist: ${signal === 'SIGINT' ? 'interrupted' : `${signal} received`}, finishing the current step and checkpointing (Ctrl-C again to quit now)\n`);
  controller.abort();
};
process.on('SIGINT', interrupt);
// Schedulers (Slurm's scancel and time limit, Kubernetes pod deletion) send SIGTERM before SIGKILL.
process.on('SIGTERM', interrupt);

// A closed pipe (`negmnist ls | head`) ends the process quietly, as SIGPIPE would a C program.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void main(process.argv.slice(2), {
  print: (line) => {
    process.stdout.write(`${line}\n`);
    return 0;
  },
  warn: (line) => process.stderr.write(`${line}\n`),
  stdout: process.stdout,
  signal: controller.signal,
}).then((code) => {
  // Exit explicitly: dawn.node (webgpu) keeps the event loop alive after training.
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
});
