import './ensure-generated';
import { describe, expect, it } from 'vitest';
import { piiFamily } from '../../../src/detect/pii';
import { cardNumber } from './fake-secrets';

// The PII scans skip text natively before their per-character work (a card needs `ddd ddd`, an
// email `@` or `%40`, a phone `+` after a delimiter): the cases those shortcuts must not lose.
function found(text: string): [string, string][] {
  return piiFamily.detect(text, {}).map((d) => [d.label, text.slice(d.start, d.end)]);
}

const visa13 = cardNumber('4', 13, 81);
const visa16 = cardNumber('4', 16, 82);
const visa19 = cardNumber('4', 19, 83);

describe('pii prefilters keep every positive', () => {
  it.each([
    ['13-digit card as the whole text', visa13, visa13],
    ['19-digit card at the very end', `pan=${visa19}`, visa19],
    [
      'card in groups of three',
      `x ${visa16.replace(/^(\d{4})(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4 $5')}`,
      null,
    ],
    [
      'card in dashed groups of three',
      visa16.replace(/^(\d{4})(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1-$2-$3-$4-$5'),
      null,
    ],
    [
      'card in 4-6-6 groups at the start',
      `${visa16.slice(0, 4)} ${visa16.slice(4, 10)} ${visa16.slice(10)}!`,
      null,
    ],
  ])('%s', (_name, text, want) => {
    const card = want ?? text.trim().replace(/^x /, '').replace(/!$/, '');
    expect(found(text)).toEqual([['card-number', card]]);
  });

  it.each([
    ['plain', 'mail jane.roe@example.org now', 'jane.roe@example.org'],
    ['upper case', 'MAIL JANE.ROE@EXAMPLE.ORG', 'JANE.ROE@EXAMPLE.ORG'],
    ['at the very start and end', 'a.b@example.co', 'a.b@example.co'],
    ['percent in the local part', 'to=jane%2Broe%40example.org', 'jane%2Broe%40example.org'],
    ['after an escaped delimiter', 'q=email%3Djane%40example.org', 'jane%40example.org'],
    ['with a hyphenated domain', 'x jane@mail-host.example.org.', 'jane@mail-host.example.org'],
  ])('email: %s', (_name, text, want) => {
    expect(found(text)).toEqual([['email', want]]);
  });

  it.each([
    ['at the start', '+14155550199', '+14155550199'],
    ['after a newline', 'tel\n+44 20 7946 0958', '+44 20 7946 0958'],
    ['after a no-break space', 'tel\u00a0+44 20 7946 0958', '+44 20 7946 0958'],
    ['after an ideographic space', 'tel\u3000+44 20 7946 0958', '+44 20 7946 0958'],
    ['in JSON', '{"phone":"+49 30 901820"}', '+49 30 901820'],
  ])('E.164 phone: %s', (_name, text, want) => {
    expect(found(text)).toEqual([['phone', want]]);
  });

  it.each([
    ['after a letter', 'x+14155550199'],
    ['after a non-space non-ASCII character', 'é+14155550199'],
    ['with a leading zero', ' +04155550199'],
  ])('no E.164 phone: %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});
