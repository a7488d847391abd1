import { describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import { hostOf, redactedFilename } from '../../extension/shared/filename';
import { ChunkAssembler, splitText } from '../../extension/shared/chunks';
import { makeEntry } from './entries';

const har = (...urls: string[]): Har => ({
  log: {
    version: '1.2',
    creator: { name: 't', version: '1' },
    entries: urls.map((url, i) => makeEntry(i, { request: { ...makeEntry(i).request, url } })),
  },
});
const day = new Date('2025-03-14T23:59:00Z');

describe('download filename', () => {
  it.each([
    [
      'host of the first request',
      har('https://App.Example.test:8443/x?y=1'),
      'app.example.test-2025-03-14.redacted.har',
    ],
    [
      'skips URLs without a host',
      har('data:text/plain,hi', 'https://api.example.test/'),
      'api.example.test-2025-03-14.redacted.har',
    ],
    ['IPv4 host', har('http://127.0.0.1:5000/'), '127.0.0.1-2025-03-14.redacted.har'],
    ['IPv6 host has no brackets or colons', har('http://[::1]:8080/'), '1-2025-03-14.redacted.har'],
    ['no entries', har(), 'capture-2025-03-14.redacted.har'],
    ['no HAR', null, 'capture-2025-03-14.redacted.har'],
  ])('%s', (_n, input, expected) => {
    expect(redactedFilename(input, day)).toBe(expected);
  });

  it('never lets path characters through', () => {
    expect(hostOf('https://a%2Fb.example.test/') ?? '').not.toMatch(/[/\\%]/);
    expect(hostOf('https://xn--80ak6aa92e.example.test/')).toBe('xn--80ak6aa92e.example.test');
    expect(hostOf('not a url')).toBeNull();
  });
});

describe('chunking', () => {
  it.each([
    ['empty', '', 4],
    ['shorter than a chunk', 'abc', 4],
    ['exact multiple', 'abcdefgh', 4],
    ['with a remainder', 'abcdefghij', 4],
    ['surrogate pairs at the boundary', 'abc😀def😀😀x', 4],
    ['chunk size 1', 'ab😀', 1],
  ])('%s: chunks rejoin to the text and each is valid UTF-16', (_n, text, size) => {
    const chunks = splitText(text, size);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) {
      // a chunk may exceed size 1 only to keep a surrogate pair together
      expect(c.length).toBeLessThanOrEqual(Math.max(size, 2));
      expect(new TextDecoder().decode(new TextEncoder().encode(c))).toBe(c);
    }
  });

  it('assembles chunks arriving out of order, and only when complete', () => {
    const chunks = splitText('0123456789', 3);
    const asm = new ChunkAssembler(chunks.length);
    for (const i of [3, 1, 0]) asm.add(i, chunks[i]);
    expect(asm.complete).toBe(false);
    expect(() => asm.ordered()).toThrow(/3 of 4/);
    asm.add(2, chunks[2]);
    asm.add(2, chunks[2]); // a duplicate does not count twice
    expect(asm.complete).toBe(true);
    expect(asm.ordered().join('')).toBe('0123456789');
  });

  it('rejects out-of-range chunks and bad sizes', () => {
    const asm = new ChunkAssembler(2);
    expect(() => asm.add(2, 'x')).toThrow(RangeError);
    expect(() => asm.add(-1, 'x')).toThrow(RangeError);
    expect(() => new ChunkAssembler(0)).toThrow(RangeError);
    expect(() => splitText('abc', 0)).toThrow(RangeError);
  });
});
