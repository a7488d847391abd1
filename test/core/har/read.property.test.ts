import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSyntaxError, findTooDeep } from '../../../src/har/json-syntax';
import { HarReadError, parseHar } from '../../../src/index';

/** JSON-ish text: valid JSON, then cut, spliced or sprinkled with the characters JSON cares about. */
const jsonish = fc.oneof(
  fc.json(),
  fc.tuple(fc.json(), fc.nat(), fc.nat()).map(([j, a, b]) => j.slice(Math.min(a, b) % (j.length + 1))),
  fc
    .tuple(fc.json(), fc.nat(), fc.constantFrom(...'{}[]",:\\ \n0-.eEtfnu\u0000\u001f'.split('')))
    .map(([j, i, c]) => j.slice(0, i % (j.length + 1)) + c + j.slice(i % (j.length + 1))),
  fc.string({ unit: fc.constantFrom(...'{}[]",:\\ 01-.eEtrufalsn'.split('')), maxLength: 30 }),
);

describe('JSON scanner agrees with JSON.parse', () => {
  it('finds an error exactly when JSON.parse fails', () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const problem = findSyntaxError(text, 0, text.length);
        expect(problem === null).toBe(parses);
        if (problem) expect(problem.pos).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('measures depth the way the parser nests', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'large' }), fc.integer({ min: 0, max: 6 }), (text, max) => {
        const depth = (v: unknown): number =>
          typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
        expect(findTooDeep(text, 0, text.length, max) !== -1).toBe(depth(JSON.parse(text)) > max);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseHar never fails any other way', () => {
  it('returns a HAR or throws a one-sentence HarReadError', () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.string()), (text) => {
        try {
          parseHar(text);
        } catch (e) {
          expect(e).toBeInstanceOf(HarReadError);
          expect((e as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads any object shaped like {log: {entries: [...]}} with request urls', () => {
    const entry = fc.record(
      {
        request: fc.record({ url: fc.webUrl() }, { requiredKeys: ['url'] }),
        response: fc.option(fc.record({ status: fc.integer() }, { requiredKeys: [] }), { nil: undefined }),
        time: fc.option(fc.double(), { nil: undefined }),
      },
      { requiredKeys: ['request'] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), (entries) => {
        const har = parseHar(JSON.stringify({ log: { entries } }));
        expect(har.log.entries).toHaveLength(entries.length);
        for (const e of har.log.entries) {
          expect(typeof e.response.status).toBe('number');
          expect(Array.isArray(e.request.headers)).toBe(true);
          expect(typeof e.timings.wait).toBe('number');
        }
      }),
    );
  });
});
