import { isMainThread, workerData } from 'node:worker_threads';
import { EXIT } from './cli-error';
import { removePendingTempFiles } from './files';
import type { Host } from './pipeline';
import { runMain } from './run';
import { BATCH_WORKER, runBatchWorker } from './workers';

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

  // The work runs on worker threads, so this thread takes a signal at once: the output's temp file
  // goes (the spilled standard input is never in a directory), and the threads with the process.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      removePendingTempFiles();
      process.exit(128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal]);
    });
  }

  const code = await runMain(process.argv.slice(2), host);
  await Promise.all([written(process.stdout, ''), written(process.stderr, '')]);
  process.exit(code);
}

// The same file runs the worker threads (see workers.ts).
if (!isMainThread && (workerData as { role?: string } | null)?.role === BATCH_WORKER) runBatchWorker();
else void main();
