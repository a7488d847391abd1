import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseRecipient, parseRecipientsFile, RecipientError } from '../../../src/export/recipients';
import { buildExportRecord, loggableUrl, recordLine } from '../../../src/export/record';

const good = execFileSync('age-keygen')
  .toString()
  .match(/public key: (age1\S+)/)![1];

describe('parseRecipient', () => {
  it('accepts what age-keygen prints, trimmed', () => {
    expect(parseRecipient(`  ${good}\n`)).toBe(good);
    expect(parseRecipient(good.toUpperCase())).toBe(good);
  });

  // A mistyped character flips the Bech32 checksum; the other cases are the usual paste mistakes.
  const typo = good.slice(0, 10) + (good[10] === 'q' ? 'p' : 'q') + good.slice(11);
  it.each([
    ['', /empty/],
    [
      'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ',
      /secret key, not a recipient/,
    ],
    ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFake', /is not an age recipient/],
    [good.slice(0, -3), /58 letters and digits; it has 55/],
    [good.slice(0, 20) + good.slice(20).toUpperCase(), /all lower case/],
    [typo, /checksum mismatch/],
    ['age1pq1' + 'q'.repeat(60), /only X25519/],
  ])('refuses %j with one line', (input, why) => {
    let err: unknown;
    try {
      parseRecipient(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RecipientError);
    const msg = (err as Error).message;
    expect(msg).toMatch(why);
    expect(msg).not.toContain('\n');
    // Never echoes a whole pasted line (it may be a secret key).
    if (input.length > 20) expect(msg).not.toContain(input);
  });

  it('reads an age -R recipients file, naming the bad line', () => {
    expect(parseRecipientsFile(`# support\n\n${good}\n`)).toEqual([good]);
    expect(() => parseRecipientsFile(`${good}\nnope\n`, 'r.txt')).toThrow(/^r\.txt line 2: "nope" is not/);
    expect(() => parseRecipientsFile('# nothing\n', 'r.txt')).toThrow(/holds no recipient/);
  });
});

describe('buildExportRecord', () => {
  const report = {
    findings: [
      {
        tag: 'aa11',
        label: 'cookie',
        ruleId: 'c',
        origin: 'builtin',
        locked: false,
        count: 2,
        locations: [],
      },
      {
        tag: 'bb22',
        label: 'jwt',
        ruleId: 'j',
        origin: 'builtin',
        locked: false,
        count: 1,
        locations: [],
        kept: true,
      },
    ],
    secrets: 2,
    replacements: 3,
    entries: 7,
    byLabel: { cookie: 1, jwt: 1 },
    byRule: { c: 1, j: 1 },
    warnings: [],
  } as never;

  it('holds counts, tags and ids, never a value, a path or a query', () => {
    const r = buildExportRecord({
      time: new Date('2026-01-02T03:04:05Z'),
      via: 'cli',
      source: '/home/me/cases/in.har',
      output: 'out.har.age',
      digest: { sha256: 'ab'.repeat(32), bytes: 10 },
      report,
      packs: [{ id: 'builtin', version: '1', origin: 'builtin' }],
      recipients: [good],
      tool: { name: 'har-redact', version: '0.1.0' },
      upload: {
        url: 'https://bucket.example/up/x.har.age?X-Amz-Signature=deadbeef&X-Amz-Credential=k',
        status: 200,
      },
    });
    expect(r).toMatchObject({
      v: 1,
      time: '2026-01-02T03:04:05.000Z',
      source: 'in.har',
      entries: 7,
      findings: { cookie: 1, jwt: 1 },
      kept: ['bb22'],
      recipients: [good],
      upload: { url: 'https://bucket.example/up/x.har.age', status: 200 },
    });
    const line = recordLine(r);
    expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1).toBe(true);
    expect(line).not.toMatch(/Signature|deadbeef|\/home\/me/);
  });

  it('loggableUrl drops user info, query and fragment', () => {
    expect(loggableUrl('HTTPS://u:p@Example.COM:8443/a/b?q=1#f')).toBe('https://example.com:8443/a/b');
    expect(loggableUrl('not a url')).toBe('(not a URL)');
  });
});

describe('the Bech32 check agrees with age-encryption', () => {
  it('takes an X25519 key whose data starts like another kind of recipient (pq, tag)', async () => {
    const { Encrypter } = await import('age-encryption');
    // Bech32 (BIP 173) of 32 bytes under `age`, the data's first characters chosen.
    const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    const polymod = (values: number[]) => {
      let chk = 1;
      for (const v of values) {
        const top = chk >>> 25;
        chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
        for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]) >>> 0;
      }
      return chk;
    };
    const key = (start: string) => {
      const data = Array.from({ length: 52 }, (_, i) => (i * 7 + 3) % 32);
      [...start].forEach((c, i) => (data[i] = BECH32.indexOf(c)));
      data[51] &= 0x10; // the last group holds one bit of the 256, then zero padding
      const hrp = [...'age'].map((c) => c.charCodeAt(0));
      const pm =
        polymod([...hrp.map((c) => c >> 5), 0, ...hrp.map((c) => c & 31), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
      const check = Array.from({ length: 6 }, (_, i) => (pm >>> (5 * (5 - i))) & 31);
      return 'age1' + [...data, ...check].map((v) => BECH32[v]).join('');
    };
    for (const start of ['pq', 'tag', 'pqq']) {
      const k = key(start);
      expect(k.startsWith(`age1${start}`)).toBe(true);
      expect(() => new Encrypter().addRecipient(k)).not.toThrow();
      expect(parseRecipient(k)).toBe(k);
    }
  });

  it('on 200 keys from age-keygen and on every one-character change of one', async () => {
    const { Encrypter } = await import('age-encryption');
    const theirs = (s: string) => {
      try {
        new Encrypter().addRecipient(s);
        return true;
      } catch {
        return false;
      }
    };
    const ours = (s: string) => {
      try {
        return parseRecipient(s) === s;
      } catch {
        return false;
      }
    };
    const keys = Array.from(
      { length: 200 },
      () =>
        execFileSync('age-keygen', { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .match(/public key: (age1\S+)/)![1],
    );
    for (const k of keys) expect(ours(k)).toBe(true);
    const alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    let refused = 0;
    for (let i = 4; i < good.length; i++) {
      for (const ch of alphabet) {
        if (ch === good[i]) continue;
        const changed = good.slice(0, i) + ch + good.slice(i + 1);
        expect(ours(changed), changed).toBe(theirs(changed));
        if (!ours(changed)) refused++;
      }
    }
    // Bech32 detects every single-character substitution.
    expect(refused).toBe(58 * 31);
  });
});
