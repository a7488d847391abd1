import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { generateBenchHar } from '../../scripts/gen-bench-har.mjs';
import { buildCli, cliPath } from './cli-harness';

beforeAll(() => buildCli());

/** Whenever Ctrl-C lands, OUT is either untouched or complete, and no temp file stays behind. */
it.each([200, 1200])('SIGINT after %i ms leaves OUT whole and no temp file', async (delay) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'har-redact-sigint-'));
  const input = path.join(dir, 'in.har');
  await generateBenchHar(input, { sizeMb: 8, seed: 7 });
  const out = path.join(dir, 'out.har');
  fs.writeFileSync(out, 'ORIGINAL');
  const child = spawn(process.execPath, [cliPath, 'redact', input, '-o', out], { stdio: 'ignore' });
  // Listen before waiting: on a fast machine the run may finish before the signal is sent.
  const exited = new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])));
  await new Promise((r) => setTimeout(r, delay));
  child.kill('SIGINT');
  const [code, signal] = await exited;
  // Before main.ts has installed its handler (Node still starting), the default action kills it.
  if (code === null) expect(signal).toBe('SIGINT');
  else expect([0, 130]).toContain(code);
  const after = fs.readFileSync(out, 'utf8');
  if (after !== 'ORIGINAL') expect(JSON.parse(after).log.entries.length).toBeGreaterThan(0);
  expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The work runs on worker threads, so the main thread takes a signal at once, not after the run: a
 * 100 MB redaction stops within a second of Ctrl-C (or `timeout`'s SIGTERM), and leaves nothing.
 */
describe('a signal in the middle of a 100 MB redaction', () => {
  let dir: string;
  let input: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'har-redact-sig100-'));
    input = path.join(dir, 'in.har');
    await generateBenchHar(input, { sizeMb: 100, seed: 11 });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['SIGINT', 130, false],
    ['SIGTERM', 143, false],
    ['SIGINT', 130, true],
  ] as const)(
    '%s stops it within a second (exit %i), OUT untouched, no temp file (stdin: %s)',
    async (signal, status, stdin) => {
      const out = path.join(dir, 'out.har');
      fs.writeFileSync(out, 'ORIGINAL');
      const args = [cliPath, 'redact', stdin ? '-' : input, '-o', out];
      const child = spawn(process.execPath, args, {
        stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'ignore'],
        env: { ...process.env, TMPDIR: dir },
      });
      if (stdin)
        fs.createReadStream(input)
          .pipe(child.stdin!)
          .on('error', () => undefined);
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      // Well into the run: its output's temp file is open (the run has started, handlers installed),
      // then a second more, threads busy. A fixed delay raced a fast machine: 100 MB can be done in 3 s.
      const started = Date.now();
      while (!fs.readdirSync(dir).some((f) => f.includes('.tmp-')) && Date.now() - started < 30_000)
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 1000));
      const sent = Date.now();
      child.kill(signal);
      const code = await exited;
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(code).toBe(status);
      expect(fs.readFileSync(out, 'utf8')).toBe('ORIGINAL');
      expect(fs.readdirSync(dir).sort()).toEqual(['in.har', 'out.har']);
    },
    60_000,
  );
});
