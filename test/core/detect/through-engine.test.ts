import './ensure-generated';
import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules, redactHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';
import { ID } from './fixtures/personal';

// The new detectors as the engine applies them (built-in rules, field names as keys): what they
// find goes, what stands beside it stays.
const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);
const h = (name: string, value: string) => ({ name, value });
const json = (o: unknown) => ({ mimeType: 'application/json', text: JSON.stringify(o) });

describe('detectors through redactHar', () => {
  const userIp = '203.0.113.77';
  const serverIp = '198.51.100.9';
  const curlPass = 'Fake9Pass-Word7';
  const slackLegacy = 'xoxs-4611111111-4611111111-4611111111-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const doc = har([
    entry({
      method: 'POST',
      url: 'https://crm.example.test/api/customers',
      requestHeaders: [h('x-forwarded-for', `${userIp}, 10.0.0.3`), h('accept', 'application/json')],
      postData: json({
        customer: {
          firstName: 'Jane',
          dateOfBirth: '1985-07-09',
          nino: ID.nino,
          addressLines: ['Flat 2, Rose Court', 'Rue de Rivoli 5'],
          geo: { lat: '48.860611', lng: '2.337644' },
          plan: 'premium',
        },
      }),
      content: {
        mimeType: 'text/plain',
        text: `To reproduce:\ncurl -u support:${curlPass} https://crm.example.test/api\nlegacy=${slackLegacy}\n`,
      },
      extra: { serverIPAddress: serverIp },
    }),
  ]);
  const { har: out } = redactHar(doc, rules, { key: new Uint8Array(32) });
  const text = JSON.stringify(out);

  it('removes the personal data and credentials, whole', () => {
    for (const v of [
      userIp,
      'Jane',
      '1985-07-09',
      ID.nino,
      'Rose Court',
      'Rivoli',
      '48.860611',
      '2.337644',
      curlPass,
    ])
      expect(text, v).not.toContain(v);
    // No fragment of the Slack token's tail is left after its last dash.
    expect(text).not.toContain('0a1b2c3d4e5f');
  });

  it('keeps what is not personal', () => {
    expect(out.log.entries[0].serverIPAddress).toBe(serverIp);
    expect(text).toContain('10.0.0.3');
    expect(text).toContain('premium');
    expect(text).toContain('curl -u ');
  });
});

describe('a person’s position given as JSON numbers', () => {
  const doc = har([
    entry({
      url: 'https://rides.example.test/api/pickup',
      content: json({
        pickup: { lat: 48.860611, lng: 2.337644, accuracy: 12.5 },
        userLatitude: -33.86882,
        eta: 3.25,
        price: 12.499,
      }),
    }),
  ]);
  const out = redactHar(doc, rules, { key: new Uint8Array(32) }).har;
  const body = JSON.parse(out.log.entries[0].response.content.text!) as {
    pickup: { lat: number; lng: number; accuracy: number };
    userLatitude: number;
    eta: number;
    price: number;
  };

  it('goes, and stays a number', () => {
    expect(body.pickup.lat).toBe(0);
    expect(body.pickup.lng).toBe(0);
    expect(body.userLatitude).toBe(0);
    expect(JSON.stringify(out)).not.toContain('48.860611');
  });

  it('numbers under other names stay', () => {
    expect(body.pickup.accuracy).toBe(12.5);
    expect(body.eta).toBe(3.25);
    expect(body.price).toBe(12.499);
  });
});
