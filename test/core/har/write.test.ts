import { describe, expect, it } from 'vitest';
import { layoutOf, readHarBytes, serializeHar } from '../../../src/index';
import { entry, har } from '../../support/har-builder';

const enc = (s: string) => new TextEncoder().encode(s);

describe('the output keeps the input layout', () => {
  const doc = har([entry({ url: 'https://app.example.test/a?b=1' })]);

  it.each([
    ['pretty, as browsers write it', JSON.stringify(doc, null, 2) + '\n', 'pretty'],
    ['pretty with CRLF', JSON.stringify(doc, null, 2).replace(/\n/g, '\r\n'), 'pretty'],
    ['compact, no line feed', JSON.stringify(doc), 'compact'],
    ['compact with a trailing line feed', JSON.stringify(doc) + '\r\n', 'compact'],
    ['a string holding an escaped line feed is still one line', JSON.stringify({ a: 'x\ny' }), 'compact'],
  ])('%s', (_name, text, layout) => {
    expect(layoutOf(enc(text))).toBe(layout);
  });

  it('a compact input is written compact, a pretty one pretty, both the same HAR', () => {
    const compact = JSON.stringify(doc);
    const out = serializeHar(readHarBytes(enc(compact)), layoutOf(enc(compact)));
    expect(out.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(out)).toEqual(doc);
    const pretty = serializeHar(doc, layoutOf(enc(JSON.stringify(doc, null, 2))));
    expect(pretty.split('\n').length).toBeGreaterThan(10);
    expect(JSON.parse(pretty)).toEqual(doc);
  });
});
