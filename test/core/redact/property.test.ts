import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Entry } from 'har-format';
import { builtinPack, mergeRules, parseHar, redactHar, serializeHar } from '../../../src/index';
import { localWorkers, redactStream } from '../../../src/redact/parallel';
import { entry, har, deepFreeze } from '../../support/har-builder';
import { fake, leakedForms, seeded, pick } from '../../support/fake-secrets';
import { harSchemaErrors } from '../../cli/har-schema';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' }]);

/** A secret and how it can be recognised: by its own format, or by the name it stands under. */
interface Planted {
  value: string;
  /** Name to plant it under; undefined = it must be found by its format alone. */
  name?: string;
}

const NAMES = [
  'password',
  'access_token',
  'api_key',
  'client_secret',
  'X-Auth-Token',
  'refresh_token',
  'sessionId',
  'upload_token',
  'privateKey',
];

function makeSecret(kind: number, seed: number): Planted {
  const r = seeded(seed);
  switch (kind) {
    case 0:
      return { value: fake.jwt(r, { email: fake.email(r) }) };
    case 1:
      return { value: fake.awsKeyId(r) };
    case 2:
      return { value: fake.stripe(r) };
    case 3:
      return { value: fake.email(r) };
    case 4:
      return { value: fake.slackBot(r) };
    default:
      return {
        value: pick(r, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 12 + (seed % 30)) + '9Zz',
        name: NAMES[seed % NAMES.length],
      };
  }
}

type Placement = (s: Planted, e: Entry) => void;
const nameOr = (s: Planted, fallback: string) => s.name ?? fallback;

// Where a secret can stand, and in which encoding.
const placements: Placement[] = [
  (s, e) => {
    e.request.url += `${e.request.url.includes('?') ? '&' : '?'}${encodeURIComponent(nameOr(s, 'q'))}=${encodeURIComponent(s.value)}`;
    e.request.queryString.push({ name: nameOr(s, 'q'), value: s.value });
  },
  (s, e) => e.request.headers.push({ name: nameOr(s, 'X-Note'), value: s.value }),
  (s, e) => e.request.headers.push({ name: 'authorization', value: `Bearer ${s.value}` }),
  (s, e) => e.request.cookies.push({ name: nameOr(s, 'c'), value: s.value }),
  (s, e) => {
    e.request.postData = {
      mimeType: 'application/json',
      text: JSON.stringify({ data: { [nameOr(s, 'note')]: s.value, page: 2 } }),
    } as Entry['request']['postData'];
  },
  (s, e) => {
    e.request.postData = {
      mimeType: 'application/x-www-form-urlencoded',
      text: `a=1&${encodeURIComponent(nameOr(s, 'note'))}=${encodeURIComponent(s.value)}`,
      params: [],
    } as unknown as Entry['request']['postData'];
  },
  (s, e) => {
    e.response.content = {
      size: 1,
      mimeType: 'application/json',
      text: JSON.stringify({ wrapper: JSON.stringify({ [nameOr(s, 'note')]: s.value }) }),
    };
  },
  (s, e) => {
    e.response.content = {
      size: 1,
      mimeType: 'application/json',
      encoding: 'base64',
      text: Buffer.from(JSON.stringify({ [nameOr(s, 'note')]: s.value })).toString('base64'),
    };
  },
  (s, e) => {
    e.response.content = {
      size: 1,
      mimeType: 'text/html',
      text: `<input type="hidden" name="${nameOr(s, 'x')}" value="${s.value}"><p>hello</p>`,
    };
  },
  (s, e) => {
    (e as unknown as Record<string, unknown>)._webSocketMessages = [
      { type: 'send', time: 1, opcode: 1, data: JSON.stringify({ [nameOr(s, 'msg')]: s.value }) },
    ];
  },
  (s, e) => {
    e.response.redirectURL = `https://app.example.test/next?${encodeURIComponent(nameOr(s, 'n'))}=${encodeURIComponent(s.value)}`;
  },
];

const plantArb = fc.record({
  kind: fc.integer({ min: 0, max: 7 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  where: fc.integer({ min: 0, max: placements.length - 1 }),
  entry: fc.nat(),
});

describe('property: planted secrets never survive, output stays a valid HAR', () => {
  it('random HARs with random secrets in random places and encodings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(plantArb, { minLength: 1, maxLength: 6 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (n, plants, key) => {
          const entries = Array.from({ length: n }, (_, i) =>
            entry({ url: `https://api.example.test/v1/items/${i}?page=${i}` }),
          );
          const secrets: Planted[] = [];
          for (const p of plants) {
            const s = makeSecret(p.kind, p.seed);
            placements[p.where](s, entries[p.entry % n]);
            secrets.push(s);
          }
          const input = deepFreeze(har(entries));
          const before = JSON.stringify(input);
          const { har: out } = redactHar(input, rules, { key });
          const text = JSON.stringify(out);
          expect(JSON.stringify(input)).toBe(before);
          expect(out.log.entries).toHaveLength(n);
          out.log.entries.forEach((e, i) =>
            expect(e.request.url.startsWith(`https://api.example.test/v1/items/${i}?`)).toBe(true),
          );
          for (const s of secrets)
            expect(leakedForms(text, s.value), `${s.name ?? 'format'}: ${s.value}`).toEqual([]);
          expect(harSchemaErrors(out)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 150), seed: Number(process.env.PROP_SEED ?? 20261128) },
    );
  });
});

describe('property: a streamed run in batches writes what one run writes', () => {
  it('random HARs, random secrets, random batches and chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.array(plantArb, { minLength: 1, maxLength: 8 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        async (n, plants, key, batchBytes, chunk) => {
          const entries = Array.from({ length: n }, (_, i) =>
            entry({ url: `https://api.example.test/v1/items/${i}?page=${i}` }),
          );
          for (const p of plants) placements[p.where](makeSecret(p.kind, p.seed), entries[p.entry % n]);
          const text = serializeHar(deepFreeze(har(entries)));
          const one = redactHar(parseHar(text), rules, { key });
          const bytes = new TextEncoder().encode(text);
          const out: Uint8Array[] = [];
          const report = await redactStream(
            (async function* () {
              for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
            })(),
            localWorkers(rules, key, 'pretty'),
            rules,
            { key, layout: 'pretty', batchBytes, write: (c) => void out.push(c) },
          );
          expect(Buffer.concat(out).toString()).toBe(serializeHar(one.har));
          expect(report).toEqual(one.report);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 150), seed: Number(process.env.PROP_SEED ?? 20261128) },
    );
  });
});
