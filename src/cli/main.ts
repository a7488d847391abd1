// First: V8's tiering budget, set before the rest of the CLI runs (see there).
import './v8-tuning';
import { isMainThread, workerData } from 'node:worker_threads';
import { EXIT } from './cli-error';
import { removePendingTempFiles } from './files';
import type { Host } from './pipeline';
import { runMain } from './run';
import { runShardWorker, SHARD_WORKER } from './shard-worker';

/** Resolves once the data is handed to the OS, so a large HAR on a pipe is not cut off at exit. */
function written(stream: NodeJS.WriteStream, s: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    stream.write(s, () => resolve());
  });
}

async function main(): Promise<void> {
  const host: Host = {
    stdin: process.stdin,
    stdout: (s) => written(process.stdout, s),
    stderr: (s) => void process.stderr.write(s),
  };

  // A reader that goes away (`| head`) is not an error worth a message.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  });

  // Without a handler Node dies at once, possibly halfway through writing a temp file. With one, the
  // signal is taken between synchronous steps (the job runs to its next await), and we tidy up.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      removePendingTempFiles();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }

  const code = await runMain(process.argv.slice(2), host);
  // Exit at once, without tearing down a heap that held a 100 MB HAR, once what was written to
  // standard output and error has reached the OS.
  await Promise.all([written(process.stdout, ''), written(process.stderr, '')]);
  process.exit(code);
}

// The same file runs the worker threads of a parallel redaction (see parallel.ts).
if (!isMainThread && (workerData as { role?: string } | null)?.role === SHARD_WORKER) runShardWorker();
else void main();
