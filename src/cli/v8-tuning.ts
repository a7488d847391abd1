import { setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

/**
 * How long V8 runs a function in its baseline tiers before it compiles it with TurboFan: 8 times
 * the default budget (67 584 bytecode bytes executed). Imported first by main.ts, so it is set
 * before any of the CLI's own code runs; it is process-wide, so the shard workers (which load this
 * same file) get it without setting it again while the main thread runs.
 *
 * Why: each isolate (the main thread and every shard worker) compiles its own hot functions, on
 * V8's background threads. On the 100 MB bench with two threads on two cores, those compiles took
 * 2.7–3.2 s of background-thread time (301 of them) against 0.86 s (138) in one thread, and with
 * both cores busy redacting they run on the same cores: sampled per thread, V8's background
 * threads took 50–130 ms of every 100 ms while the two redacting threads ran. With this budget the
 * functions that run long enough to matter are still compiled, far fewer of the others: 140
 * compiles, 0.86 s. Whole runs on this machine vary more than the gain: in three sets of
 * interleaved runs (8, 8 and 12 of each) the median wall time moved by -0.31 s, +0.10 s and -0.32 s
 * (of 2.5–3.1 s), CPU time by -0.54, +0.10 and -0.64 s; one thread and the 10 MB bench did not get
 * slower. Only tiering changes: the code run is the same, and so is the output.
 */
if (isMainThread) setFlagsFromString('--interrupt-budget=540672');

let quiet = false;

/**
 * When the redaction keeps every core busy (a thread per core), V8's own helper threads only take
 * time from it: TurboFan compiles on background threads, and scavenges and sweeping run with helper
 * tasks, each isolate's on the same cores as the other threads' JavaScript. With one thread per
 * core, each isolate compiles, scavenges and sweeps on its own thread instead. Called before the
 * workers start, so their isolates are made with these flags; the main isolate, already running,
 * follows them from its next compile and collection (the helper threads' CPU time fell by two
 * thirds, more than the workers' share). Flags that V8 fixes at an isolate's start, such as
 * concurrent marking, must not be changed here: V8 aborts.
 *
 * Measured with two threads on two cores, interleaved runs (the machine's noise is about ±5 %):
 * on the 100 MB bench (10 runs each), V8's helper threads used 0.39 s of CPU instead of 1.07, the
 * process 4.37 s instead of 4.75, the median wall time 0.93× (2.50 s against 2.73 s); on a HAR of
 * real recordings (85 MB) 0.97×, on one of 19 000 bodiless entries (56 MB) 0.91× (8 runs each).
 * The code run is the same, and so is the output.
 */
export function quietV8Helpers(): void {
  if (quiet) return;
  quiet = true;
  setFlagsFromString('--no-concurrent-recompilation');
  setFlagsFromString('--no-parallel-scavenge');
  setFlagsFromString('--no-concurrent-sweeping');
}
