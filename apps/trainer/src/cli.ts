import { main } from './main';

// The bin entry: wires the process (stdout, stderr, SIGINT) to main() and exits with its code.
const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  // A second Ctrl-C leaves at once; the last atomic checkpoint still allows a resume.
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\nnegmnist: interrupted, finishing the current step and checkpointing (Ctrl-C again to quit now)\n');
  controller.abort();
});

// A closed pipe (`negmnist ls | head`) ends the process quietly, as SIGPIPE would a C program.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2), {
  print: (line) => {
    process.stdout.write(`${line}\n`);
    return 0;
  },
  warn: (line) => process.stderr.write(`${line}\n`),
  stdout: process.stdout,
  signal: controller.signal,
});
// Exit explicitly: dawn.node (webgpu) keeps the event loop alive after training.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
