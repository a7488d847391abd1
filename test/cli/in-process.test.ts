import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { stageFile, writeFilesAtomically } from '../../src/cli/files';
import type { Host } from '../../src/cli/pipeline';
import { runMain } from '../../src/cli/run';

let tmp: string;
beforeAll(() => {
  tmp = tempDir('har-redact-inproc-');
});

function host(overrides: Partial<Host> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const h: Host = {
    stdin: Readable.from([]),
    stdout: async (s) => void out.push(typeof s === 'string' ? s : Buffer.from(s).toString()),
    stderr: (s) => void err.push(s),
    ...overrides,
  };
  return { h, out, err };
}

const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('.tmp-'));

describe('runMain: the top-level catch', () => {
  it('turns an unexpected error into one "internal error" line, exit 3, nothing written', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'internal-'));
    const outFile = path.join(dir, 'out.har');
    const stdin = new Readable({
      read() {
        this.destroy(new Error('stdin exploded\n    at somewhere (file.js:1:1)'));
      },
    });
    const { h, out, err } = host({ stdin });
    expect(await runMain(['redact', '-', '-o', outFile], h)).toBe(3);
    expect(err).toEqual(['har-redact: internal error: stdin exploded at somewhere (file.js:1:1)\n']);
    expect(out).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports a refusal as its one line with exit 2', async () => {
    const { h, err } = host();
    expect(await runMain(['redact', '--nope'], h)).toBe(2);
    expect(err).toEqual(['har-redact: unknown option "--nope" (see --help)\n']);
  });

  it('catches errors thrown by the output side too', async () => {
    const { h, err } = host({
      stdout: async () => {
        throw new TypeError('write failed');
      },
    });
    expect(await runMain(['--version'], h)).toBe(3);
    expect(err).toEqual(['har-redact: internal error: write failed\n']);
  });
});

describe('atomic writes', () => {
  it('stages next to the target and only replaces it on commit', () => {
    const target = path.join(tmp, 'staged.har');
    fs.writeFileSync(target, 'before');
    const s = stageFile(target, 'after');
    expect(fs.readFileSync(target, 'utf8')).toBe('before');
    expect(leftovers(tmp)).toEqual([expect.stringMatching(/^\.staged\.har\.tmp-[0-9a-f]{12}$/)]);
    s.commit();
    expect(fs.readFileSync(target, 'utf8')).toBe('after');
    expect(leftovers(tmp)).toEqual([]);
  });

  it('abort removes the temp file and keeps the target', () => {
    const target = path.join(tmp, 'aborted.har');
    fs.writeFileSync(target, 'before');
    stageFile(target, 'after').abort();
    expect(fs.readFileSync(target, 'utf8')).toBe('before');
    expect(leftovers(tmp)).toEqual([]);
  });

  it('writes none of several files when one of them fails', () => {
    const a = path.join(tmp, 'a.har');
    const b = path.join(tmp, 'b.json');
    fs.writeFileSync(a, 'A');
    fs.writeFileSync(b, 'B');
    expect(() =>
      writeFilesAtomically([
        { target: a, data: () => 'new A' },
        {
          target: b,
          data: () => {
            throw new RangeError('Invalid string length');
          },
        },
      ]),
    ).toThrow('Invalid string length');
    expect(fs.readFileSync(a, 'utf8')).toBe('A');
    expect(fs.readFileSync(b, 'utf8')).toBe('B');
    expect(leftovers(tmp)).toEqual([]);
  });
});
