import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { sealParts, sealStream } from '../../../src/export/age';
import { digestParts } from '../../../src/export/digest';

const dir = mkdtempSync(join(tmpdir(), 'har-age-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A key made by Debian's age-keygen, so the test checks what support will run. */
function ageKeygen(name: string): { keyFile: string; recipient: string } {
  const keyFile = join(dir, name);
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' });
  const recipient = execFileSync('age-keygen', ['-y', keyFile]).toString().trim();
  return { keyFile, recipient };
}

function ageDecrypt(file: Uint8Array, keyFile: string): Buffer {
  const f = join(dir, `in-${Math.random().toString(36).slice(2)}.age`);
  writeFileSync(f, file);
  return execFileSync('age', ['-d', '-i', keyFile, f], { maxBuffer: 1 << 28 });
}

const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe('sealStream / sealParts → Debian age', () => {
  const a = ageKeygen('a.txt');
  const b = ageKeygen('b.txt');

  it.each([
    ['empty', ['']],
    ['small text', ['{"log":{"entries":[]}}\n']],
    // Crosses age's 64 KiB chunk boundary exactly and by one, in pieces of odd sizes, with non-ASCII.
    ['64 KiB exactly', ['x'.repeat(65536)]],
    ['64 KiB + 1 in pieces', ['é'.repeat(20000), 'a'.repeat(25537), new TextEncoder().encode('€')]],
    ['1 MB', ['{"a":"' + 'z'.repeat(1_000_000) + '"}']],
  ])('%s decrypts to the same bytes, for every recipient, binary and armored', async (_name, parts) => {
    const plain = concat(parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p)));
    for (const armor of [false, true]) {
      const sealed = concat(await sealParts(parts, [a.recipient, b.recipient], { armor }));
      expect(sealed.includes(plain.subarray(0, 64)) && plain.length >= 64).toBe(false);
      if (armor) expect(sealed.toString('latin1')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
      else expect(sealed.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
      expect(ageDecrypt(sealed, a.keyFile).equals(plain)).toBe(true);
      expect(ageDecrypt(sealed, b.keyFile).equals(plain)).toBe(true);
    }
  });

  it('a key that is not a recipient cannot decrypt', async () => {
    const other = ageKeygen('c.txt');
    const sealed = concat(await sealParts(['secret-free text'], [a.recipient]));
    expect(() => ageDecrypt(sealed, other.keyFile)).toThrow();
  });

  it('writes nothing after abort, and the caller may reuse a chunk after write returns', async () => {
    const out: Uint8Array[] = [];
    const buf = new TextEncoder().encode('first');
    const s = sealStream([a.recipient], { write: (x) => out.push(x) });
    s.write(buf);
    buf.fill(0x41); // overwritten after write returned
    await s.close();
    expect(ageDecrypt(concat(out), a.keyFile).toString()).toBe('first');

    const after: Uint8Array[] = [];
    const t = sealStream([a.recipient], { write: (x) => after.push(x) });
    t.write('never finished');
    t.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(() => t.write('x')).toThrow();
    expect(after.length).toBe(0);
  });

  it('decrypts with our own library too (an identity from age-encryption)', async () => {
    const id = await generateX25519Identity();
    const recipient = await identityToRecipient(id);
    const keyFile = join(dir, 'lib.txt');
    writeFileSync(keyFile, id + '\n');
    const sealed = concat(await sealParts(['hello'], [recipient]));
    expect(ageDecrypt(sealed, keyFile).toString()).toBe('hello');
  });

  it('digestParts matches sha256sum', () => {
    const parts = [new TextEncoder().encode('abc'), new TextEncoder().encode('def')];
    const f = join(dir, 'digest.bin');
    writeFileSync(f, concat(parts));
    const expected = execFileSync('sha256sum', [f]).toString().split(' ')[0];
    expect(digestParts(parts)).toEqual({ sha256: expected, bytes: 6 });
    expect(readFileSync(f).length).toBe(6);
  });
});
