import './ensure-generated';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { guardRegex, leadingLiterals, parseToml, toJsRegex } from '../../../scripts/gen-gitleaks.mjs';
import { GITLEAKS_RULES } from '../../../src/detect/generated/gitleaks';
import { vendorFamily, vendorScan } from '../../../src/detect/vendor';
import { FIXTURES } from './fixtures';
import { base62, rng } from './fake-secrets';

// Keyword-anchored rules (every match starts with a keyword) run their regex only where the shared
// keyword pass saw one of their keywords. That must find exactly what a scan of the whole text finds.

describe('leadingLiterals', () => {
  it.each([
    ['a plain literal', 'abc[0-9]+', '', ['abc']],
    ['case classes', '[aA][pP][iI]_x', '', ['api_x']],
    ['an alternation', '(?:sc|ext|scauth)_[a-z]', '', ['ext_', 'sc_', 'scauth_']],
    ['an optional group', 'passw(?:or)?d=', '', ['passwd=', 'password=']],
    ['\\b and a capture group', '\\b(ey[a-z]{3})', '', ['ey']],
    ['i flag', '(?:Dropbox)x', 'i', ['dropboxx']],
    ['a class of a few letters', '[DdMm]onkey', '', ['donkey', 'monkey']],
    ['escapes', '\\x41\\.b\\-', '', ['a.b-']],
    ['a quantified literal: only its first copy counts', '(?:ab){2,3}c', '', ['ab']],
    ['longer strings that share a prefix collapse to it', '(?:s|sk)x', '', ['skx', 'sx']],
    ['an optional start', '(?:ab)?c', '', ['abc', 'c']],
    ['one empty alternative', '(?:key|)x', '', ['keyx', 'x']],
    ['a prefix of another', '(?:a|)(?:b|)c', '', ['abc', 'ac', 'bc', 'c']],
  ])('%s', (_name, source, flags, want) => {
    expect(leadingLiterals(source, flags)).toEqual(want);
  });

  it.each([
    ['a class', '[a-z]+key'],
    ['a lazy identifier prefix', '[\\w.-]{0,50}?key'],
    ['any character', '.key'],
    ['a lookahead', '(?=key)key'],
    ['a backreference', '(a)\\1'],
    ['a start that may be anything', '(?:^|[\\s=])key'],
  ])('nothing for %s', (_name, source) => {
    expect(leadingLiterals(source, '')).toBeNull();
  });

  it('marks generic-api-key, jwt and vault-service-token as anchored, not the lazy-prefix ones', () => {
    const anchored = (id: string) => GITLEAKS_RULES.find((r) => r.id === id)!.keywordAnchored;
    expect(anchored('generic-api-key')).toBe(true);
    expect(anchored('jwt')).toBe(true);
    expect(anchored('vault-service-token')).toBe(true);
    expect(anchored('facebook-access-token')).toBe(false);
  });
});

function found(text: string, key?: string): [string, number, number][] {
  return vendorFamily.detect(text, { key }).map((d) => [d.label, d.start, d.end]);
}

/** What the family finds with anchoring, and what it finds scanning the whole text. */
function both(text: string, key?: string): [unknown, unknown] {
  vendorScan.anchored = true;
  const a = found(text, key);
  vendorScan.anchored = false;
  const b = found(text, key);
  vendorScan.anchored = true;
  return [a, b];
}

describe('anchored scanning finds what a whole-text scan finds', () => {
  afterEach(() => {
    vendorScan.anchored = true;
  });
  const KEY = 'Zq8vR2mX7pL4kT9w';
  const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${base62(43, 3)}`;
  const VAULT = `s.${base62(24, 4)}`;

  it.each([
    ['a keyword at the very start', `api_key=${KEY}`],
    ['a match ending the text', `x token: "${KEY}`],
    ['upper-case keyword', `API_KEY = "${KEY}"`],
    ['a keyword inside the secret of a match', `secret="${KEY}token${KEY}" api="${KEY}"`],
    ['adjacent matches', `token=${KEY};secret=${KEY};key=${KEY}`],
    ['a JWT at the start and after a non-word character', `${JWT} x.${JWT}`],
    ['a JWT after a word character (\\b fails), then one that counts', `x${JWT} ${JWT}`],
    ['a vault token', `vault ${VAULT} hvs.${base62(100, 5)}`],
    ['non-ASCII before the matches', `é中😀\ud800 api_key=${KEY} ${JWT} ${VAULT}`],
    ['non-ASCII between the matches', `token=${KEY}😀é${JWT}中\udc00secret="${KEY}"`],
    ['one-line JSON', JSON.stringify({ access_token: JWT, refresh_token: `rt_${KEY}`, name: 'é' })],
  ])('%s', (_name, text) => {
    const [anchored, whole] = both(text);
    expect(anchored).toEqual(whole);
    expect((whole as unknown[]).length).toBeGreaterThan(0);
  });

  it('on the fixtures, whole and cut at random places, with non-ASCII spliced in', () => {
    const texts = Object.values(FIXTURES).flatMap((f) => [...f.positives, ...f.negatives].map((c) => c.text));
    const r = rng(21);
    const noise = ['é', '😀', '中', '\ud800', ' ', '"', '\n'];
    let nonEmpty = 0;
    for (const t of texts) {
      for (let k = 0; k < 6; k++) {
        const a = Math.floor(r() * t.length);
        const cut = k === 0 ? t : k === 1 ? t.slice(a) : t.slice(0, a) + noise[k % noise.length] + t.slice(a);
        const [x, y] = both(cut, k === 2 ? 'token' : undefined);
        expect(x, JSON.stringify(cut)).toEqual(y);
        if ((y as unknown[]).length) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('every match of an anchored rule starts with one of its keywords', () => {
    const texts = Object.values(FIXTURES).flatMap((f) => f.positives.map((c) => c.text));
    for (const rule of GITLEAKS_RULES.filter((x) => x.keywordAnchored)) {
      const re = new RegExp(rule.re.source, rule.re.flags);
      for (const t of texts) {
        const lower = t.replace(/[A-Z]/g, (c) => c.toLowerCase());
        for (const m of t.matchAll(re))
          expect(rule.keywords.some((kw) => lower.startsWith(kw, m.index))).toBe(true);
      }
    }
  });
});

// Allowlist alternations split into branches, the slow ones tried only when a literal they need
// occurs (see guardRegex in the generator).
describe('guardRegex', () => {
  it('keeps a regex that is not an alternation, or whose branches start with literals', () => {
    expect(guardRegex({ source: 'a[0-9]*?:jar:', flags: '' })).toEqual({
      plain: [{ source: 'a[0-9]*?:jar:', flags: '' }],
      guarded: [],
    });
    expect(guardRegex({ source: '^true|false|null$', flags: 'i' }).guarded).toEqual([]);
    // `(?:a)|(?:b)` is two groups, not one around everything.
    expect(guardRegex({ source: '(?:abc)|(?:[a-z]*x=\\n)', flags: '' }).guarded).toEqual([
      { literals: ['x=\n'], re: { source: '(?:[a-z]*x=\\n)', flags: '' } },
    ]);
  });

  it('guards branches that start with a repetition by the literals they need', () => {
    const g = guardRegex({
      source: '(?:rapid|[a-z]*?[aA][pP][iI][a-z]*?:jar:|(?:[A-Z]+=\\n|[a-z]+=\\n)|x*y)',
      flags: '',
    });
    expect(g.plain).toEqual([{ source: '(?:rapid)|(?:x*y)', flags: '' }]);
    expect(g.guarded.map((x) => x.literals)).toEqual([[':jar:'], ['=\n']]);
  });

  it("splits generic-api-key's match allowlist so that it allows just what it did", () => {
    const rule = GITLEAKS_RULES.find((r) => r.id === 'generic-api-key')!;
    const al = rule.allowlists.find((a) => a.target === 'match')!;
    expect(al.guarded.length).toBeGreaterThan(0);
    // gitleaks' own regex, converted as it is.
    const toml = parseToml(readFileSync('src/detect/vendor-data/gitleaks/gitleaks.toml', 'utf8')) as {
      rules: { id: string; allowlists?: { regexTarget?: string; regexes?: string[] }[] }[];
    };
    const src = toml.rules
      .find((x) => x.id === 'generic-api-key')!
      .allowlists!.find((a) => a.regexTarget === 'match')!;
    expect(src.regexes).toHaveLength(1);
    const js = toJsRegex(src.regexes![0]);
    const whole = new RegExp(js.source, js.flags);
    const allowed = (s: string) =>
      al.regexes.some((r) => r.test(s)) ||
      al.guarded.some((g) => g.literals.some((l) => s.toLowerCase().includes(l)) && g.re.test(s));
    const r = rng(9);
    const bits = [
      'api',
      'API',
      ':jar:',
      ':JAR:',
      'x',
      '-',
      '=',
      '\n',
      'AB_',
      'ab.',
      'key',
      'Board',
      '0',
      'é',
      'İ',
    ];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let n = 1 + Math.floor(r() * 10); n > 0; n--) s += bits[Math.floor(r() * bits.length)];
      expect(allowed(s), JSON.stringify(s)).toBe(whole.test(s));
    }
    for (const s of [
      'my-api-lib:jar:',
      'MY-API-LIB:JAR:',
      'ABC=\nDEF=\n',
      'abc=\ndef=',
      'a.b=\nc.d=\n',
      'keyboard',
    ]) {
      expect(allowed(s), s).toBe(true);
    }
  });
});
