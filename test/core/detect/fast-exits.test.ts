import './ensure-generated';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../../src/detect/registry';
import { detectionLines, detectorInputs } from './equivalence-strings';

// The families return early on text that cannot match (no keyword, no digit, a name that allows
// nothing, a value too short for its name's format) and keep what a name allows per name. The
// expected file holds what the detectors found on these inputs before those exits existed (main at
// 1f219c5): every finding must stay, and nothing may be added. When detection changes on purpose,
// rewrite it with UPDATE_DETECTIONS=1 and review the diff.
const expectedFile = resolve(__dirname, 'fixtures/detections-before-fast-exits.txt');

describe('fast exits find what the full scans found', () => {
  it('on corpus and generated texts, bare and under field names', () => {
    const inputs = detectorInputs();
    const lines = detectionLines(inputs, detectSecrets);
    const actual = `${inputs.length}\n${lines.join('\n')}\n`;
    if (process.env.UPDATE_DETECTIONS) writeFileSync(expectedFile, actual);
    const expected = readFileSync(expectedFile, 'utf8');
    const want = expected.split('\n');
    const got = actual.split('\n');
    expect(got[0]).toBe(want[0]);
    const wantSet = new Set(want);
    const gotSet = new Set(got);
    const missing = want.filter((l) => !gotSet.has(l));
    const added = got.filter((l) => !wantSet.has(l));
    expect({ missing: missing.slice(0, 5), added: added.slice(0, 5) }).toEqual({ missing: [], added: [] });
  });

  it('the same text under names that differ only in case, in either order', () => {
    const hash = '3f9a1c7e5b2d8f4a6c0e9b7d1f3a5c8e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a';
    const token = 'Xk29fLq7Rz0bNw4TmPv8Yc3HaQ2sD5fG6hJ8kL0z';
    for (const keys of [
      ['user_hash', 'User_Hash'],
      ['User_Hash', 'user_hash'],
    ]) {
      for (const key of keys)
        expect(detectSecrets(hash, { key }).map((d) => d.detector)).toEqual(['identity-hash']);
    }
    expect(detectSecrets(token, { key: 'RT' }).map((d) => d.detector)).toEqual(['opaque-token']);
    expect(detectSecrets(token, { key: 'requestId' })).toEqual([]);
    expect(detectSecrets(token, { key: 'rt' }).map((d) => d.detector)).toEqual(['opaque-token']);
  });

  it('values that only just reach their format under a name', () => {
    const aws = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE12';
    expect(detectSecrets(` ${aws} `, { key: 'AWS_SECRET_ACCESS_KEY' })).toMatchObject([
      { start: 1, end: 41, detector: 'aws-secret-access-key' },
    ]);
    expect(detectSecrets(aws, { key: 'aws_secret_access_key' })).toMatchObject([
      { start: 0, end: 40, detector: 'aws-secret-access-key' },
    ]);
    expect(detectSecrets(aws.slice(1), { key: 'aws_secret_access_key' })).toEqual([]);
    expect(detectSecrets('JBSWY3DPEHPK3PXP', { key: 'OTP_Secret' })).toMatchObject([
      { start: 0, end: 16, detector: 'otp-seed' },
    ]);
    expect(detectSecrets(' JBSWY3DPEHPK3PX ', { key: 'totp_secret' })).toEqual([]);
    expect(detectSecrets('abcdef0123456789abcdef0123456789', { key: 'adafruit_token' })).toMatchObject([
      { detector: 'gitleaks:adafruit-api-key' },
    ]);
  });
});
