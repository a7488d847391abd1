import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/index';
import { scrollToShow, visibleRange } from '../../extension/panel/virtual-window';
import { chipOf, filterRows, nameOf, plainWords, sortRows } from '../../extension/panel/filter';
import { formatBody } from '../../extension/panel/format-body';
import { isTooBroad, patternCoverage } from '../../extension/options/broad-pattern';
import { PLACEHOLDER_ANY } from '../../extension/shared/ui/Marked';
import { pairByName } from '../../extension/panel/pair-by-name';
import { extractFromString, findInTrees } from '../../extension/review/reveal';
import { groupFindings } from '../../extension/review/group-findings';
import { ruleFromFinding } from '../../extension/review/rule-from-finding';
import { sampleToHar } from '../../extension/options/sample';
import { errorsByField } from '../../extension/options/rule-drafts';
import { normalizeCapturedEntry, summarizeEntry } from '../../extension/shared/har-build';
import type { EntrySummary } from '../../extension/shared/protocol';
import { makeEntry } from './entries';

describe('virtualized list window', () => {
  it.each([
    // scrollTop, viewport, rowHeight, rows, overscan → range
    [0, 220, 22, 10_000, 10, { start: 0, end: 21 }],
    [22_000, 220, 22, 10_000, 10, { start: 990, end: 1021 }],
    [219_780, 220, 22, 10_000, 10, { start: 9980, end: 10_000 }],
    [0, 220, 22, 0, 10, { start: 0, end: 0 }],
    [5_000_000, 220, 22, 5, 10, { start: 4, end: 5 }],
  ])('scrollTop %i → rows in view plus overscan', (top, h, rh, n, over, expected) => {
    expect(visibleRange(top, h, rh, n, over)).toEqual(expected);
  });

  it('renders a bounded number of rows whatever the list size', () => {
    for (const n of [100, 10_000, 1_000_000]) {
      const { start, end } = visibleRange(n * 11, 600, 22, n);
      expect(end - start).toBeLessThanOrEqual(Math.ceil(600 / 22) + 1 + 20);
    }
  });

  it.each([
    [50, 0, 220, 22, 50 * 22 + 22 - 220],
    [3, 500, 220, 22, 66],
    [20, 400, 220, 22, 400],
  ])('scrollToShow(%i) from %i', (i, top, h, rh, expected) => {
    expect(scrollToShow(i, top, h, rh)).toBe(expected);
  });
});

/** A request-list row with defaults. */
const row = (over: Partial<EntrySummary>): EntrySummary => ({
  index: 0,
  method: 'GET',
  status: 200,
  url: 'https://app.example.test/',
  type: 'fetch',
  size: 0,
  findings: 0,
  bodyNotAvailable: false,
  ...over,
});

describe('request filter', () => {
  const rows = [
    row({ index: 0, url: 'https://app.example.test/api/login', method: 'POST', findings: 2 }),
    row({ index: 1, url: 'https://cdn.example.test/app.js', type: 'script' }),
    row({ index: 2, url: 'https://app.example.test/api/data', status: 404 }),
  ];
  it.each([
    ['', [0, 1, 2]],
    ['api', [0, 2]],
    ['API post', [0]],
    ['-cdn', [0, 2]],
    ['404', [2]],
    ['has:findings', [0]],
    ['script', [1]],
  ])('%j', (q, expected) => {
    expect(filterRows(rows, q).map((r) => r.index)).toEqual(expected);
  });
});

describe('before/after pairing', () => {
  it('pairs by name and occurrence, marks changes and removals', () => {
    const rows = pairByName(
      [
        { name: 'Accept', value: '*/*' },
        { name: 'Cookie', value: 'a=1' },
        { name: 'X-Api-Key', value: 'k' },
        { name: 'cookie', value: 'b=2' },
      ],
      [
        { name: 'Accept', value: '*/*' },
        { name: 'Cookie', value: 'a=[REDACTED cookie:a #1]' },
        { name: 'cookie', value: 'b=2' },
      ],
    );
    expect(rows).toEqual([
      { name: 'Accept', before: '*/*', after: '*/*', changed: false },
      { name: 'Cookie', before: 'a=1', after: 'a=[REDACTED cookie:a #1]', changed: true },
      { name: 'X-Api-Key', before: 'k', after: null, changed: true },
      { name: 'cookie', before: 'b=2', after: 'b=2', changed: false },
    ]);
  });
});

describe('reveal (local, from the original)', () => {
  it.each([
    ['whole value', 'abc123', '[REDACTED x #t1]', 't1', 'abc123'],
    ['inside text', 'Bearer abc.def', 'Bearer [REDACTED jwt #t2]', 't2', 'abc.def'],
    ['second of two', 'a=1&b=22&c=3', 'a=[REDACTED q #t1]&b=[REDACTED q #t2]&c=3', 't2', '22'],
    ['first of two', 'a=1&b=22&c=3', 'a=[REDACTED q #t1]&b=[REDACTED q #t2]&c=3', 't1', '1'],
    ['other tag', 'abc', '[REDACTED x #t1]', 't9', null],
    ['text changed elsewhere', 'xyz abc', 'Bearer [REDACTED x #t1]', 't1', null],
  ])('%s', (_n, original, redacted, tag, expected) => {
    expect(extractFromString(original, redacted, tag)).toBe(expected);
  });

  it('walks named lists by name even when an item was removed', () => {
    const original = {
      headers: [
        { name: 'X-Drop', value: 'gone' },
        { name: 'Authorization', value: 'Bearer s3cr3t' },
      ],
    };
    const redacted = {
      headers: [{ name: 'Authorization', value: 'Bearer [REDACTED header:authorization #ab12]' }],
    };
    expect(findInTrees(original, redacted, 'ab12')).toBe('s3cr3t');
  });
});

const finding = (over: Partial<Finding>): Finding => ({
  tag: 't',
  label: 'cookie',
  ruleId: 'cookie.all',
  origin: 'builtin',
  locked: false,
  count: 1,
  locations: [{ entry: 0, path: 'request.headers[cookie]{sid}' }],
  ...over,
});

describe('findings grouping and rules from findings', () => {
  it('groups by kind then rule, biggest first, with counts', () => {
    const groups = groupFindings([
      finding({ tag: 'a', count: 1 }),
      finding({ tag: 'b', count: 3 }),
      finding({ tag: 'c', label: 'jwt', ruleId: 'detector.jwt', count: 1 }),
      finding({ tag: 'd', ruleId: 'user.cookie', count: 1 }),
    ]);
    expect(groups.map((g) => [g.label, g.values, g.replacements])).toEqual([
      ['cookie', 3, 5],
      ['jwt', 1, 1],
    ]);
    expect(groups[0].rules.map((r) => r.ruleId)).toEqual(['cookie.all', 'user.cookie']);
  });

  it.each([
    ['request.headers[cookie]{sid}', 'sid', 'cookie'],
    ['request.headers[x-tenant]', 'X-Tenant', 'header'],
    ['request.queryString[api_key]', 'api_key', 'query'],
    ['request.postData.text$.password', 'password', 'field'],
  ])('a finding at %s becomes a %s rule for its name', (path, name, target) => {
    const rule = ruleFromFinding(finding({ name, locations: [{ entry: 0, path }] }));
    expect(rule).toMatchObject({ target, names: [name], action: 'redact' });
    expect(rule?.id).toMatch(/^user\.[a-z]+\.[a-z0-9._:-]+$/);
  });

  it('no name, no rule', () => {
    expect(ruleFromFinding(finding({ name: undefined }))).toBeNull();
  });
});

describe('options: sample and errors', () => {
  it('reads a raw request: request line, headers, cookies, query, body', () => {
    const har = sampleToHar(
      'POST https://api.example.test/v1/login?tenant=acme\nCookie: sid=abc; theme=dark\nContent-Type: application/json\n\n{"password":"x"}',
    );
    const req = har.log.entries[0].request;
    expect(req.method).toBe('POST');
    expect(req.queryString).toEqual([{ name: 'tenant', value: 'acme' }]);
    expect(req.cookies.map((c) => c.name)).toEqual(['sid', 'theme']);
    expect(req.postData).toEqual({ mimeType: 'application/json', text: '{"password":"x"}' });
  });

  it('takes a whole HAR as it is', () => {
    const har = {
      log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [makeEntry(1), makeEntry(2)] },
    };
    expect(sampleToHar(JSON.stringify(har)).log.entries).toHaveLength(2);
  });

  it('places validation errors at their rule and field', () => {
    const map = errorsByField([
      { path: 'rules[0].names[1]', message: 'expected a non-empty string' },
      { path: 'rules[2].pattern', message: 'invalid regular expression' },
      { path: 'rules[2]', message: 'duplicate id' },
      { path: '(root)', message: 'too big' },
    ]);
    expect(Object.fromEntries(map)).toEqual({
      '0:names': ['expected a non-empty string'],
      '2:pattern': ['invalid regular expression'],
      '2:': ['duplicate id'],
      '-1:': ['too big'],
    });
  });
});

describe('captured entries', () => {
  it('drops the empty serverIPAddress DevTools writes for WebSockets (not valid HAR)', () => {
    const e = { ...makeEntry('ws'), serverIPAddress: '' };
    expect('serverIPAddress' in normalizeCapturedEntry(e)).toBe(false);
    const ok = { ...makeEntry('x'), serverIPAddress: '127.0.0.1' };
    expect(normalizeCapturedEntry(ok).serverIPAddress).toBe('127.0.0.1');
  });

  it('summarizes a row without any header or body value', () => {
    const e = makeEntry('s');
    e.request.headers.push({ name: 'Authorization', value: 'Bearer do-not-show' });
    const row = summarizeEntry(e, 3, 2);
    expect(JSON.stringify(row)).not.toContain('do-not-show');
    expect(row).toMatchObject({
      index: 3,
      method: 'GET',
      status: 200,
      findings: 2,
      size: 2,
      type: 'application/json',
    });
  });
});

describe('DevTools filter syntax, names, sorting', () => {
  const r = row;
  const rows = [
    r({
      index: 0,
      url: 'https://app.example.test/api/login',
      method: 'POST',
      findings: 2,
      size: 300,
      time: 40,
    }),
    r({ index: 1, url: 'https://cdn.example.test/app.js', type: 'script', size: 20_000, time: 5 }),
    r({ index: 2, url: 'https://app.example.test/api/data?page=2', status: 404, type: 'xhr', time: 12 }),
    r({ index: 3, url: 'https://img.other.test/a.png', type: 'image', size: 2048 }),
  ];
  it.each([
    ['method:post', [0]],
    ['-method:get', [0]],
    ['status-code:404', [2]],
    ['domain:*.example.test', [0, 1, 2]],
    ['domain:cdn.example.test', [1]],
    ['-domain:*.example.test', [3]],
    ['mime-type:script', [1]],
    ['larger-than:1k', [1, 3]],
    ['larger-than:10k', [1]],
    ['has:findings -status-code:404', [0]],
    ['api -has:findings', [2]],
    ['nomatch', []],
  ])('%j', (q, expected) => {
    expect(filterRows(rows, q).map((x) => x.index)).toEqual(expected);
  });

  it('plain words also match what a body/header search found', () => {
    expect(
      filterRows(rows, 'tenant-9', (w) => (w === 'tenant-9' ? new Set([3]) : null)).map((x) => x.index),
    ).toEqual([3]);
  });

  it.each([
    ['https://app.example.test/api/login', 'login'],
    ['https://app.example.test/api/data?page=2', 'data?page=2'],
    ['https://app.example.test/', 'app.example.test'],
    ['https://a.test/x?k=%5BREDACTED%20query%3Ak%20%2312ab%5D', 'x?k=[REDACTED query:k #12ab]'],
  ])('name of %s', (url, name) => {
    expect(nameOf(url)).toBe(name);
  });

  it('sorts by a column, both ways, stable; capture order by default', () => {
    expect(sortRows(rows, { key: 'size', dir: 1 }).map((x) => x.index)).toEqual([2, 0, 3, 1]);
    expect(sortRows(rows, { key: 'time', dir: -1 }).map((x) => x.index)).toEqual([0, 2, 1, 3]);
    expect(sortRows(rows, { key: 'name', dir: 1 }).map((x) => x.index)).toEqual([3, 1, 2, 0]);
    expect(sortRows(rows, { key: 'index', dir: 1 })).toBe(rows);
  });

  it.each([
    ['fetch', 'fetch'],
    ['xhr', 'fetch'],
    ['document', 'doc'],
    ['script', 'js'],
    ['stylesheet', 'css'],
    ['image/png', 'img'],
    ['websocket', 'ws'],
    ['font', 'font'],
    ['ping', 'other'],
  ])('type chip of %s', (type, chip) => {
    expect(chipOf(type)).toBe(chip);
  });
});

describe('bodies made readable; placeholders marked in any encoding', () => {
  it('pretty-prints JSON and decodes form bodies; leaves the rest', () => {
    expect(formatBody('{"a":1,"b":[2]}', 'application/json')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
    expect(
      formatBody('user=ann&password=%5BREDACTED%20password%20%2301%5D', 'application/x-www-form-urlencoded'),
    ).toBe('user: ann\npassword: [REDACTED password #01]');
    expect(formatBody('{not json', 'application/json')).toBe('{not json');
    expect(formatBody('<p>hi</p>', 'text/html')).toBe('<p>hi</p>');
  });

  it.each([
    '[REDACTED cookie:sid #a1b2c3d4]',
    '%5BREDACTED%20cookie%3Asid%20%23a1b2c3d4%5D',
    '%5bREDACTED+cookie%3asid+%23a1b2c3d4%5d',
    '\\u005bREDACTED cookie:sid #a1b2c3d4\\u005d',
    '&#91;REDACTED cookie:sid #a1b2c3d4&#93;',
  ])('finds %s', (p) => {
    const m = `x=${p}&y=1`.match(PLACEHOLDER_ANY);
    expect(m).toEqual([p]);
  });
});

describe('a custom pattern that matches most of the sample', () => {
  const sample = 'POST https://api.example.test/login\nX-Acme-Tenant: acme-prod-eu\n\n{"user":"someone"}';
  it.each([
    ['.*', true],
    ['[\\s\\S]+', true],
    ['\\w+', true],
    ['acme-[a-z]+-eu', false],
    ['(unclosed', false],
    ['', false],
  ])('%j → too broad: %s', (pattern, broad) => {
    expect(isTooBroad(pattern, sample)).toBe(broad);
  });
  it('measures the share of characters matched', () => {
    expect(patternCoverage('a', 'aaaa')).toBe(1);
    expect(patternCoverage('a', 'abab')).toBe(0.5);
  });
});

describe('plain words of a filter', () => {
  it('keeps plain words of 3+ characters, without the minus; drops key:value terms', () => {
    expect(plainWords('method:post tenant -quota ab has:findings')).toEqual(['tenant', 'quota']);
  });
});
