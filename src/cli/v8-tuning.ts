import { setFlagsFromString } from 'node:v8';

/**
 * How long V8 runs a function in its baseline tiers before it compiles it with TurboFan: 8 times
 * the default budget (67 584 bytecode bytes executed). Imported first by main.ts, so it is set
 * before any of the CLI's own code runs; it is process-wide, so the shard workers get it too.
 *
 * Why: each isolate (the main thread and every shard worker) compiles its own hot functions, on
 * V8's background threads. On the 100 MB bench with two threads on two cores, those compiles took
 * 2.7–3.2 s of background-thread time (301 of them) against 0.86 s (138) in one thread, and with
 * both cores busy redacting they run on the same cores: sampled per thread, V8's background
 * threads took 50–130 ms of every 100 ms while the two redacting threads ran. With this budget,
 * functions warm enough to matter are still compiled, with fuller type feedback (fewer deopts and
 * recompiles): 142 compiles, 0.96 s. Two threads, 100 MB: median CPU 5.3–5.5 s became 4.5–5.0 s,
 * wall 2.9–3.1 s became 2.5–2.8 s (interleaved runs); one thread and the 10 MB bench did not get
 * slower. Only tiering changes: the code run is the same, and so is the output.
 */
setFlagsFromString('--interrupt-budget=540672');
