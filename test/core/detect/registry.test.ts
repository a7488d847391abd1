import './ensure-generated';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SCAN_LENGTH,
  allDetectorIds,
  detectSecrets,
  detectorFamilies,
  jwtInfo,
} from '../../../src/detect/registry';
import { githubPat, jwe, jwt } from './fake-secrets';
import { FIXTURES } from './fixtures';

describe('detector registry', () => {
  it('every registered family has positive and negative fixtures, and every fixture table a family', () => {
    const ids = detectorFamilies.map((f) => f.id);
    for (const id of ids) {
      expect(FIXTURES[id], id).toBeDefined();
      expect(FIXTURES[id].positives.length, id).toBeGreaterThan(0);
      expect(FIXTURES[id].negatives.length, id).toBeGreaterThan(0);
    }
    expect(Object.keys(FIXTURES).sort()).toEqual([...ids].sort());
  });

  it('has unique family ids and unique detector ids', () => {
    const fam = detectorFamilies.map((f) => f.id);
    expect(new Set(fam).size).toBe(fam.length);
    const ids = allDetectorIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['jwt', 'private-key', 'email', 'gitleaks:github-pat', 'otp-seed']),
    );
  });

  it('returns spans sorted by start and never overlapping', () => {
    const all = Object.values(FIXTURES).flatMap((f) => f.positives);
    const text = all.map((c) => c.text).join('\n  ');
    const found = detectSecrets(text);
    expect(found.length).toBeGreaterThan(20);
    for (let i = 1; i < found.length; i++) expect(found[i].start).toBeGreaterThanOrEqual(found[i - 1].end);
  });

  it('keeps the outermost span when one detection contains another', () => {
    const pat = githubPat(99);
    // The AKIA id inside X-Amz-Credential is an aws-access-token on its own, but the credential wins.
    const text = `?X-Amz-Credential=AKIAQZ7R3TW5V2LN4PT6%2F20240115%2Fus-east-1%2Fs3%2Faws4_request&t=${pat}`;
    expect(detectSecrets(text).map((d) => d.label)).toEqual(['signed-url-credential', 'github-pat']);
  });

  it('filters by detector id', () => {
    const pat = githubPat(98);
    const text = `${pat} mail bob@example.com`;
    expect(detectSecrets(text).map((d) => d.label)).toEqual(['github-pat', 'email']);
    expect(detectSecrets(text, {}, (id) => id !== 'email').map((d) => d.label)).toEqual(['github-pat']);
    expect(detectSecrets(text, {}, (id) => id !== 'gitleaks:github-pat').map((d) => d.label)).toEqual([
      'email',
    ]);
  });

  it('passes the field name to the families that need it', () => {
    // `(415) 555-2671` is specific enough to flag anywhere; `415 555 2671` only under a phone field.
    expect(detectSecrets('415 555 2671')).toEqual([]);
    expect(detectSecrets('415 555 2671', { key: 'mobile' })).toEqual([
      { start: 0, end: 12, detector: 'phone', label: 'phone' },
    ]);
  });

  it('scans only the first MAX_SCAN_LENGTH characters', () => {
    const pat = githubPat(97);
    const pad = ' '.repeat(MAX_SCAN_LENGTH - 10);
    expect(detectSecrets(`${pat} ${pad}`)).toHaveLength(1);
    expect(detectSecrets(`${pad}${pat}`)).toEqual([]);
  });

  it('returns an empty, mutable array for short or clean text', () => {
    for (const text of ['', 'ok', 'plain words only here']) {
      const r = detectSecrets(text);
      expect(r).toEqual([]);
      r.push({ start: 0, end: 0, detector: 'x', label: 'x' });
    }
  });
});

describe('detectSecrets on arbitrary input', () => {
  // Pieces that start detectors, glued in random order with random text between them.
  const piece = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '@',
      '%40',
      '+4',
      '://',
      'eyJ',
      '-----BEGIN PRIVATE KEY-----',
      'Bearer ',
      'Basic ',
      'key=',
      ';Password=',
      '?X-Amz-Signature=',
      'otpauth://totp/x?secret=',
      '4111 1111',
      'DE89',
      '123-45-6789',
      'ghp_',
      'AKIA',
      '\\n',
      '\n',
    ),
    fc.stringMatching(/^[A-Za-z0-9+/=_.-]{0,60}$/),
  );
  const text = fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));

  it('never throws; spans are in bounds, non-empty, sorted and disjoint, with known ids', () => {
    const ids = new Set(allDetectorIds());
    fc.assert(
      fc.property(
        text,
        fc.option(fc.constantFrom('phone', 'address', 'totp_secret', 'secretaccesskey')),
        (t, key) => {
          const found = detectSecrets(t, key ? { key } : {});
          let last = 0;
          for (const d of found) {
            expect(ids.has(d.detector)).toBe(true);
            expect(d.start).toBeGreaterThanOrEqual(last);
            expect(d.end).toBeGreaterThan(d.start);
            expect(d.end).toBeLessThanOrEqual(t.length);
            last = d.end;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('jwtInfo', () => {
  it('decodes header and claims of a JWS', () => {
    const claims = { sub: 'u-1', iss: 'https://issuer.example.test', exp: 1893456000, name: 'Zoë' };
    expect(jwtInfo(jwt(claims, { alg: 'RS256', kid: 'k1' }))).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      claims,
    });
  });

  it('decodes an unsigned token', () => {
    expect(jwtInfo(jwt({ a: 1 }, { alg: 'none' }))?.header).toEqual({ alg: 'none' });
  });

  it('gives the JWE header and no claims (they are encrypted)', () => {
    expect(jwtInfo(jwe())).toEqual({
      header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k1' },
      claims: {},
    });
  });

  it.each([
    ['not a token', 'hello'],
    ['two parts', jwt().split('.').slice(0, 2).join('.')],
    ['four parts', `${jwt()}.x`],
    ['header without alg', `${btoa('{"typ":"JWT"}')}.${btoa('{"a":1}')}.sig`],
    ['payload not JSON', `${jwt().split('.')[0]}.bm90IGpzb24.sig`],
    ['text around it', ` x ${jwt()}`],
  ])('returns null for %s', (_name, token) => {
    expect(jwtInfo(token)).toBeNull();
  });
});
