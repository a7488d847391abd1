import './ensure-generated';
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../../src/detect/registry';
import { findKeywords, hasKeyword, keywordId } from '../../../src/detect/keywords';

// Families skip their scans when the shared keyword pass (keywords.ts) finds none of their words:
// the cases that shortcut must not lose (any case, URL-encoded, at the very start or end).
function labels(text: string): string[] {
  return detectSecrets(text).map((d) => d.label);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const TELEGRAM = `123456789:AA${'c1D'.repeat(11)}`;

describe('keyword prefilters keep every positive', () => {
  it.each([
    ['Basic at the start', `Basic ${b64('user:pa55')}`, 'basic-auth'],
    ['BASIC upper case', `x BASIC ${b64('user:pa55')}`, 'basic-auth'],
    ['Bearer at the end', 'Authorization: BEARER abcDEF1234567890', 'bearer-token'],
    ['PWD in a connection string', 'Server=db;Uid=sa;PWD=s3cr3tValue;', 'connection-string-password'],
    ['Password in a connection string', 'Server=db;PassWord="s3cr3t value";', 'connection-string-password'],
    [
      'AWS secret, upper case',
      `AWS_SECRET_ACCESS_KEY=${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE12'}`,
      'aws-secret-access-key',
    ],
    ['X-Amz-Signature upper case at the start', 'X-AMZ-SIGNATURE=abc123def', 'signed-url-signature'],
    [
      'x-amz-credential URL-encoded',
      'u=https%3A%2F%2Fb.s3%3Fx-amz-credential%3DAKIAX%252F',
      'signed-url-credential',
    ],
    ['Azure SIG, upper case', 'u=https://a.blob/x?sv=2020&se=2021&SIG=abcdef', 'signed-url-signature'],
    ['otpauth upper case', 'OTPAUTH://totp/acme?secret=JBSWY3DPEHPK3PXP', 'otp-seed'],
    ['otpauth URL-encoded', 'x=otpauth%3A%2F%2Ftotp%2Fa%3Fsecret%3DJBSWY3DPEHPK3PXP', 'otp-seed'],
    [
      'JWT as the whole text',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'jwt',
    ],
    ['Google access token at the end', `x ya29.${'a0AfH6SMB'.repeat(3)}`, 'google-oauth-access-token'],
    ['Google refresh token at the start', `1//0${'gLq9Xk2Zp'.repeat(4)}`, 'google-oauth-refresh-token'],
    ['GOCSPX at the end', `s=GOCSPX-${'aB3dE'.repeat(6)}`, 'google-oauth-client-secret'],
    ['Facebook token', `t=EAAB${'xY7z'.repeat(18)}`, 'facebook-access-token'],
    ['OpenAI project key', `sk-proj-${'Ab3_'.repeat(12)}`, 'openai-project-key'],
    ['Stripe webhook secret', `whsec_${'Ab3+'.repeat(8)}`, 'stripe-webhook-secret'],
    ['Telegram bot token at the end', `https://api.telegram.org/bot${TELEGRAM}`, 'telegram-bot-token'],
  ])('%s', (_name, text, label) => {
    expect(labels(text)).toContain(label);
  });

  it('answers for the text it is asked about, not the one before', () => {
    const bearer = 'Authorization: Bearer abcDEF1234567890';
    expect(labels(bearer)).toEqual(['bearer-token']);
    expect(labels('nothing to see here at all')).toEqual([]);
    expect(labels(bearer)).toEqual(['bearer-token']);
    // An equal string that is another object gets the same answer.
    expect(labels(bearer.slice(0, 10) + bearer.slice(10))).toEqual(['bearer-token']);
  });

  it('registers keywords after a first search', () => {
    const before = findKeywords('a zebra-quokka here');
    const id = keywordId('zebra-quokka');
    expect(before === undefined || !before.includes(id)).toBe(true);
    expect(hasKeyword('a ZEBRA-QUOKKA here', id)).toBe(true);
    expect(hasKeyword('a zebra quokka here', id)).toBe(false);
  });
});
