import { afterEach, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// fdatasync counted, still done: the writer starts background flushes of what it has written.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, fdatasync: vi.fn(real.fdatasync) };
});

const { openStaged } = await import('../../src/cli/files');

const MB = 1024 * 1024;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'har-files-'));
  dirs.push(d);
  return d;
};

afterEach(() => {
  vi.mocked(fs.fdatasync).mockClear();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStaged: a big output', () => {
  it('is flushed in the background as it grows, and lands whole and in order', () => {
    const dir = tempDir();
    const target = join(dir, 'out.har');
    writeFileSync(target, 'the old file');
    const w = openStaged(target);
    const parts = [
      'a'.repeat(10 * MB),
      new Uint8Array(10 * MB).fill(0x62), // b
      'c'.repeat(10 * MB),
      'd'.repeat(7 * MB) + '\u00e9', // a two-byte character at the very end
    ];
    for (const p of parts) w.write(p);
    // One flush once 16 MB were written (after the second part), the next 16 MB later (the fourth).
    expect(fs.fdatasync).toHaveBeenCalledTimes(2);
    // Until commit the old file stays as it was.
    const staged = w.finish();
    expect(readFileSync(target, 'utf8')).toBe('the old file');
    staged.commit();
    const out = readFileSync(target);
    expect(out.length).toBe(37 * MB + 2);
    for (const [at, byte] of [
      [0, 0x61],
      [10 * MB - 1, 0x61],
      [10 * MB, 0x62],
      [20 * MB, 0x63],
      [30 * MB, 0x64],
    ]) {
      expect(out[at]).toBe(byte);
    }
    expect(out.subarray(37 * MB).toString('utf8')).toBe('\u00e9');
    expect(readdirSync(dir)).toEqual(['out.har']);
  });
});
