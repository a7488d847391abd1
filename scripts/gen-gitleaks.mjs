#!/usr/bin/env node
// Converts gitleaks' rule set (Go RE2 syntax, TOML) into a TypeScript module of JS regexes:
// src/detect/generated/gitleaks.ts. Runs at build time (`npm run build:rules`) and in well under a second.
// Usable as a module too: `import { generateGitleaks } from './gen-gitleaks.mjs'`.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
// gitleaks' rule set (MIT), vendored unchanged beside the code derived from it.
const DEFAULT_SOURCE = resolve(root, 'src/detect/vendor-data/gitleaks');
const DEFAULT_OUT = resolve(root, 'src/detect/generated/gitleaks.ts');

// Rules left out on purpose, with the reason written into the generated file.
const SKIP = {
  // `.*?` nested inside a repetition over lines: backtracking in JS is polynomial of high degree.
  'curl-auth-header': 'super-linear backtracking (nested .*? over up to 5 lines) in a backtracking engine',
  'curl-auth-user': 'super-linear backtracking (nested .* over up to 5 lines) in a backtracking engine',
  // Pure file-name rules: a HAR has no file paths.
  'pkcs12-file': 'path-only rule (no regex); HAR fields have no file path',
};

// ---------------------------------------------------------------------------------------------
// A TOML reader for the subset gitleaks.toml uses: tables, arrays of tables, strings (all four
// kinds), numbers, booleans and (multi-line) arrays of those.

export function parseToml(src) {
  const out = {};
  let cur = out;
  let i = 0;
  const n = src.length;
  const ws = () => {
    for (;;) {
      while (i < n && /[ \t\r\n]/.test(src[i])) i++;
      if (src[i] === '#') {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      return;
    }
  };
  const fail = (msg) => {
    const line = src.slice(0, i).split('\n').length;
    throw new Error(`gitleaks.toml:${line}: ${msg}`);
  };
  const key = () => {
    const m = /^[A-Za-z0-9_.-]+/.exec(src.slice(i, i + 200));
    if (!m) fail('expected a key');
    i += m[0].length;
    return m[0];
  };
  const basic = (multi) => {
    const end = multi ? '"""' : '"';
    let s = '';
    for (;;) {
      if (i >= n) fail('unterminated string');
      if (src.startsWith(end, i)) {
        i += end.length;
        return s;
      }
      const c = src[i++];
      if (c !== '\\') {
        s += c;
        continue;
      }
      const e = src[i++];
      const map = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
      if (e in map) s += map[e];
      else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        s += String.fromCodePoint(parseInt(src.slice(i, i + len), 16));
        i += len;
      } else fail(`bad escape \\${e}`);
    }
  };
  const value = () => {
    ws();
    if (src.startsWith("'''", i)) {
      const end = src.indexOf("'''", i + 3);
      if (end < 0) fail('unterminated literal');
      let s = src.slice(i + 3, end);
      if (s.startsWith('\n')) s = s.slice(1);
      i = end + 3;
      return s;
    }
    if (src[i] === "'") {
      const end = src.indexOf("'", i + 1);
      const s = src.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (src.startsWith('"""', i)) {
      i += 3;
      if (src[i] === '\n') i++;
      return basic(true);
    }
    if (src[i] === '"') {
      i++;
      return basic(false);
    }
    if (src[i] === '[') {
      i++;
      const arr = [];
      for (;;) {
        ws();
        if (src[i] === ']') {
          i++;
          return arr;
        }
        arr.push(value());
        ws();
        if (src[i] === ',') i++;
      }
    }
    const m = /^(true|false|[+-]?\d+(?:\.\d+)?)/.exec(src.slice(i, i + 40));
    if (!m) fail('expected a value');
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : Number(m[0]);
  };
  const walk = (path, arrayTable) => {
    let obj = out;
    path.forEach((p, k) => {
      const last = k === path.length - 1;
      if (last && arrayTable) {
        obj[p] ??= [];
        obj[p].push({});
        obj = obj[p][obj[p].length - 1];
      } else {
        obj[p] ??= {};
        obj = Array.isArray(obj[p]) ? obj[p][obj[p].length - 1] : obj[p];
      }
    });
    return obj;
  };
  for (;;) {
    ws();
    if (i >= n) return out;
    if (src.startsWith('[[', i)) {
      i += 2;
      const k = key();
      if (!src.startsWith(']]', i)) fail('expected ]]');
      i += 2;
      cur = walk(k.split('.'), true);
    } else if (src[i] === '[') {
      i++;
      const k = key();
      if (src[i] !== ']') fail('expected ]');
      i++;
      cur = walk(k.split('.'), false);
    } else {
      const k = key();
      ws();
      if (src[i] !== '=') fail('expected =');
      i++;
      cur[k] = value();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// RE2 -> JavaScript. Handles inline flag groups with their Go scoping ((?i) runs to the end of the
// enclosing group), (?-i:…), (?s:…), (?P<name>…), POSIX classes, \z / \A, a `]` first in a class,
// and literal braces. When every letter of the pattern is case-insensitive the `i` flag is used;
// otherwise the case-insensitive parts are expanded to explicit case classes ([aA]), because the
// JS engines we target (Node 20, Chrome 120+) lack (?i:…) modifiers.

const POSIX = {
  alnum: [
    ['0', '9'],
    ['A', 'Z'],
    ['a', 'z'],
  ],
  alpha: [
    ['A', 'Z'],
    ['a', 'z'],
  ],
  digit: [['0', '9']],
  lower: [['a', 'z']],
  upper: [['A', 'Z']],
  space: 'SPACE',
  word: 'WORD',
  xdigit: [
    ['0', '9'],
    ['A', 'F'],
    ['a', 'f'],
  ],
  punct: 'PUNCT',
};

class NeedsExpansion extends Error {}

const isLetter = (c) => /^[A-Za-z]$/.test(c);
const swapCase = (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

function escClassChar(c) {
  return /[\]\\^-]/.test(c) ? '\\' + c : c;
}

export function convertRegex(src, { useIFlag = true } = {}) {
  let i = 0;
  let sawCaseSensitiveLetter = false;
  let sawCaseInsensitive = false;
  let out = '';
  // Flag stack: one frame per open group; (?i) mutates the top frame.
  const stack = [{ i: false, s: false }];
  const top = () => stack[stack.length - 1];

  const letter = (c) => {
    if (!isLetter(c)) return c;
    if (top().i) {
      sawCaseInsensitive = true;
      return useIFlag ? c : `[${c}${swapCase(c)}]`;
    }
    sawCaseSensitiveLetter = true;
    return c;
  };

  const parseFlags = (str) => {
    const f = { ...top() };
    let on = true;
    for (const ch of str) {
      if (ch === '-') on = false;
      else if (ch === 'i') f.i = on;
      else if (ch === 's') f.s = on;
      else if (ch === 'm' || ch === 'U') throw new Error(`unsupported flag ${ch}`);
      else throw new Error(`unknown flag ${ch}`);
    }
    return f;
  };

  const cls = () => {
    // at '['
    i++;
    let negate = false;
    if (src[i] === '^') {
      negate = true;
      i++;
    }
    const items = []; // {a,b} ranges of single chars, or {raw}
    let first = true;
    const single = () => {
      if (src[i] === '\\') {
        const e = src[i + 1];
        if (e === 'x') {
          const h = src.slice(i + 2, i + 4);
          i += 4;
          return String.fromCharCode(parseInt(h, 16));
        }
        if (/[dDwWsSbB]/.test(e)) return null;
        i += 2;
        const ctrl = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
        return ctrl[e] ?? e;
      }
      return src[i++];
    };
    while (i < src.length && (src[i] !== ']' || first)) {
      first = false;
      if (src.startsWith('[:', i)) {
        const end = src.indexOf(':]', i);
        const name = src.slice(i + 2, end);
        const p = POSIX[name];
        if (!p) throw new Error(`POSIX class ${name}`);
        if (p === 'WORD') items.push({ raw: '\\w' });
        else if (p === 'SPACE') items.push({ raw: '\\s' });
        else if (p === 'PUNCT') items.push({ raw: '!-\\/:-@\\[-`{-~' });
        else for (const [a, b] of p) items.push({ a, b });
        i = end + 2;
        continue;
      }
      if (src[i] === '\\' && /[dDwWsS]/.test(src[i + 1])) {
        items.push({ raw: src.slice(i, i + 2) });
        i += 2;
        continue;
      }
      const a = single();
      if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < src.length) {
        i++;
        const b = single();
        items.push({ a, b });
      } else items.push({ a, b: a });
    }
    if (src[i] !== ']') throw new Error('unterminated class');
    i++;
    const ci = top().i;
    let body = '';
    const extra = [];
    for (const it of items) {
      if (it.raw) {
        body += it.raw;
        continue;
      }
      const lo = it.a.charCodeAt(0);
      const hi = it.b.charCodeAt(0);
      body += it.a === it.b ? escClassChar(it.a) : `${escClassChar(it.a)}-${escClassChar(it.b)}`;
      // Letters in this range, to know whether case matters and what to add when expanding.
      for (const [L, H, delta] of [
        [65, 90, 32],
        [97, 122, -32],
      ]) {
        const s = Math.max(lo, L);
        const e = Math.min(hi, H);
        if (s > e) continue;
        if (ci) {
          sawCaseInsensitive = true;
          extra.push([s + delta, e + delta]);
        } else sawCaseSensitiveLetter = true;
      }
    }
    if (ci && !useIFlag) {
      for (const [s, e] of extra) {
        const a = String.fromCharCode(s);
        const b = String.fromCharCode(e);
        body += s === e ? a : `${a}-${b}`;
      }
    }
    return `[${negate ? '^' : ''}${body}]`;
  };

  const QUANT = /^\{\d+(,\d*)?\}/;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const e = src[i + 1];
      if (e === 'z') out += '$';
      else if (e === 'A') out += '^';
      else if (e === 'x') {
        if (src[i + 2] === '{') throw new Error('\\x{…}');
        out += src.slice(i, i + 4);
        i += 4;
        continue;
      } else if (e === 'p' || e === 'P' || e === 'Q' || e === 'C') throw new Error(`\\${e}`);
      else if (/[bBdDwWsSnrtfv]/.test(e)) out += '\\' + e;
      else if (/[0-9]/.test(e)) throw new Error('backreference');
      else if (isLetter(e)) throw new Error(`\\${e}`);
      else out += '\\' + e;
      i += 2;
      continue;
    }
    if (c === '[') {
      out += cls();
      continue;
    }
    if (c === '(') {
      if (src[i + 1] !== '?') {
        stack.push({ ...top() });
        out += '(';
        i++;
        continue;
      }
      const rest = src.slice(i + 2, i + 80);
      let m;
      if ((m = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
        stack.push({ ...top() });
        out += `(?<${m[1]}>`;
        i += 2 + m[0].length;
      } else if (rest[0] === ':') {
        stack.push({ ...top() });
        out += '(?:';
        i += 3;
      } else if ((m = /^([a-zA-Z-]+)\)/.exec(rest))) {
        Object.assign(top(), parseFlags(m[1]));
        i += 2 + m[0].length;
      } else if ((m = /^([a-zA-Z-]+):/.exec(rest))) {
        stack.push(parseFlags(m[1]));
        out += '(?:';
        i += 2 + m[0].length;
      } else throw new Error(`group syntax (?${rest.slice(0, 5)}`);
      continue;
    }
    if (c === ')') {
      if (stack.length < 2) throw new Error('unbalanced )');
      stack.pop();
      out += ')';
      i++;
      continue;
    }
    if (c === '.') {
      out += top().s ? '[\\s\\S]' : '.';
      i++;
      continue;
    }
    if (c === '{') {
      const m = QUANT.exec(src.slice(i, i + 20));
      if (m) {
        out += m[0];
        i += m[0].length;
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    if (c === '}') {
      out += '\\}';
      i++;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      i++;
      continue;
    }
    out += letter(c);
    i++;
  }
  if (stack.length !== 1) throw new Error('unbalanced (');
  if (useIFlag && sawCaseInsensitive && sawCaseSensitiveLetter) throw new NeedsExpansion();
  return { source: out, flags: useIFlag && sawCaseInsensitive ? 'i' : '' };
}

export function toJsRegex(src) {
  let r;
  try {
    r = convertRegex(src, { useIFlag: true });
  } catch (e) {
    if (!(e instanceof NeedsExpansion)) throw e;
    r = convertRegex(src, { useIFlag: false });
  }
  new RegExp(r.source, r.flags + 'dg'); // throws when JS does not take it
  return r;
}

// The lazy identifier prefix of gitleaks' "keyword = value" rules costs up to 50 steps per
// position in a backtracking engine and does not change where the secret group lands. We drop it
// and, for allowlists that look at the whole match, widen the match back over the identifier.
const LAZY_PREFIX = '[\\w.-]{0,50}?';

function stripLazyPrefix(re) {
  if (!re.includes(LAZY_PREFIX)) return { re, stripped: false };
  const head = /^(\(\?i\))?/.exec(re)[0];
  let body = re.slice(head.length);
  if (body.startsWith(LAZY_PREFIX)) body = body.slice(LAZY_PREFIX.length);
  if (body.startsWith('(?i:' + LAZY_PREFIX)) body = '(?i:' + body.slice(4 + LAZY_PREFIX.length);
  if (body.includes(LAZY_PREFIX)) return { re, stripped: false };
  return { re: head + body, stripped: true };
}

// gitleaks ends most tokens at a quote, space, `;` or an escaped newline. In a HAR they also end at
// URL and XML delimiters (`?key=AIza…&callback=`, `#…`, `<Key>…</Key>`), raw or percent-encoded,
// so those count as ends too. Not `,` `)` `]` `}`: in minified JS they turn identifiers into
// "values" (`linkedInstance, toStringMethod,`).
const GITLEAKS_END = `(?:[\\x60'"\\s;]|\\\\[nr]|$)`;
const HAR_END = `(?:[\\x60'"\\s;&#<>]|\\\\[nr]|%(?:2[0237]|3[BCE])|$)`;

function widenTokenEnds(re) {
  return re.split(GITLEAKS_END).join(HAR_END);
}

// ---------------------------------------------------------------------------------------------
// Leading literals. A rule whose every match starts with one of its keywords needs its regex tried
// only where a keyword occurs (src/detect/vendor.ts does that with a sticky copy of the regex). This
// works out, from a converted (JS) regex, strings such that every match starts with one of them,
// ASCII-case-insensitively. Conservative: anything it does not follow ends the literal prefix, and
// what it cannot read at all (lookarounds, backreferences, unknown escapes) gives `null`.

const ZERO = { kind: 'zero' };
const OTHER = { kind: 'other' };
/** Alternatives in one literal, at most this many (a class like [DdMm] is two). */
const MAX_LITERALS = 64;

/** Lower-cased strings every match starts with (ASCII-case-insensitively), or null. */
export function leadingLiterals(source, flags = '') {
  let ast;
  try {
    ast = parseJsRegex(source);
  } catch {
    return null;
  }
  void flags; // i or not: the strings are lower-cased and compared ASCII-case-insensitively anyway
  const { set } = prefixes(ast);
  if (set.has('')) return null;
  // Drop a string another one is a prefix of: every match still starts with one of the rest.
  const all = [...set].sort();
  return all.filter((s) => !all.some((t) => t !== s && s.startsWith(t)));
}

function literal(chars) {
  const set = new Set();
  for (const c of chars) {
    // Non-ASCII: case-insensitive matching of those is not ASCII folding; not followed.
    if (c.charCodeAt(0) >= 128) return OTHER;
    set.add(c.toLowerCase());
  }
  return set.size <= MAX_LITERALS ? { kind: 'lit', set } : OTHER;
}

function parseJsRegex(src) {
  let i = 0;
  const ctrl = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
  const escaped = () => {
    // at '\'; returns a character, or null for a class escape (\d, \w, \s…)
    const e = src[i + 1];
    if (e === undefined) throw new Error('trailing \\');
    if (e === 'x') {
      const h = src.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error('\\x');
      i += 4;
      return String.fromCharCode(parseInt(h, 16));
    }
    if (/[dDwWsS]/.test(e)) {
      i += 2;
      return null;
    }
    if (e in ctrl) {
      i += 2;
      return ctrl[e];
    }
    if (/[A-Za-z0-9]/.test(e)) throw new Error(`\\${e}`);
    i += 2;
    return e;
  };
  const cls = () => {
    i++; // '['
    const negate = src[i] === '^';
    if (negate) i++;
    const chars = [];
    let simple = !negate;
    let first = true;
    while (i < src.length && (src[i] !== ']' || first)) {
      first = false;
      const c = src[i] === '\\' ? escaped() : src[i++];
      if (c === null) simple = false;
      else if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < src.length) {
        i++;
        if (src[i] === '\\') escaped();
        else i++;
        simple = false; // a range
      } else chars.push(c);
    }
    if (src[i] !== ']') throw new Error('unterminated class');
    i++;
    return simple && chars.length ? literal(chars) : OTHER;
  };
  const atom = () => {
    const c = src[i];
    if (c === '(') {
      if (src.startsWith('(?:', i)) i += 3;
      else if (src[i + 1] === '?') {
        const m = /^\(\?<([A-Za-z_]\w*)>/.exec(src.slice(i, i + 80));
        if (!m) throw new Error('lookaround');
        i += m[0].length;
      } else i++;
      const a = alt();
      if (src[i] !== ')') throw new Error('unbalanced (');
      i++;
      return a;
    }
    if (c === '[') return cls();
    if (c === '\\') {
      const e = src[i + 1];
      if (e === 'b' || e === 'B') {
        i += 2;
        return ZERO;
      }
      const ch = escaped();
      return ch === null ? OTHER : literal([ch]);
    }
    if (c === '^' || c === '$') {
      i++;
      return ZERO;
    }
    if (c === '.') {
      i++;
      return OTHER;
    }
    if ('*+?{})|'.includes(c)) throw new Error(`unexpected ${c}`);
    i++;
    return literal([c]);
  };
  const quantified = () => {
    const a = atom();
    let min = 1;
    let max = 1;
    const c = src[i];
    if (c === '?' || c === '*' || c === '+') {
      min = c === '+' ? 1 : 0;
      max = c === '?' ? 1 : Infinity;
      i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 20));
      if (!m) throw new Error('brace');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      i += m[0].length;
    } else return a;
    if (src[i] === '?') i++; // lazy: matches the same strings
    return { kind: 'quant', atom: a, min, max };
  };
  const seq = () => {
    const items = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') items.push(quantified());
    return { kind: 'seq', items };
  };
  const alt = () => {
    const branches = [seq()];
    while (src[i] === '|') {
      i++;
      branches.push(seq());
    }
    return { kind: 'alt', branches };
  };
  const ast = alt();
  if (i !== src.length) throw new Error('unbalanced )');
  return ast;
}

/**
 * `set`: every match of `node` starts with one of these (lower-cased); `exact`: every match is one
 * of them (so what follows `node` may extend them).
 */
function prefixes(node) {
  switch (node.kind) {
    case 'zero':
      return { set: new Set(['']), exact: true };
    case 'other':
      return { set: new Set(['']), exact: false };
    case 'lit':
      return { set: node.set, exact: true };
    case 'alt': {
      const set = new Set();
      let exact = true;
      for (const b of node.branches) {
        const r = prefixes(b);
        for (const s of r.set) set.add(s);
        exact &&= r.exact;
      }
      return { set, exact };
    }
    case 'quant': {
      const r = prefixes(node.atom);
      if (node.min === 0) {
        if (node.max === 1 && r.exact) return { set: new Set(['', ...r.set]), exact: true };
        return { set: new Set(['']), exact: false };
      }
      return { set: r.set, exact: r.exact && node.max === 1 };
    }
    case 'seq': {
      let set = new Set(['']);
      for (const item of node.items) {
        const r = prefixes(item);
        if (set.size * r.set.size > MAX_LITERALS) return { set, exact: false };
        const next = new Set();
        for (const a of set) for (const b of r.set) next.add(a + b);
        set = next;
        if (!r.exact) return { set, exact: false };
      }
      return { set, exact: true };
    }
  }
  throw new Error(`node ${node.kind}`);
}

/** Whether every match of the regex starts with one of `keywords`, ASCII-case-insensitively. */
export function startsWithKeyword(js, keywords) {
  const lits = leadingLiterals(js.source, js.flags);
  return lits !== null && lits.length > 0 && lits.every((l) => keywords.some((k) => l.startsWith(k)));
}

// ---------------------------------------------------------------------------------------------
// Guarded alternatives. An allowlist regex that is one big alternation (generic-api-key's "match"
// allowlist has 29 branches) costs as much as its worst branch, and a branch like
// `[a-z0-9-]*?api[a-z0-9-]*?:jar:` is quadratic in the length of the text. `test` of an alternation
// is the `test` of any branch, so the branches are split: those that start with a literal stay in
// one regex, and each other branch that can only match where one of a few literals occurs is
// tried only when the lower-cased text holds one of them.

/** Strings every match of `node` contains one of (lower-cased, ASCII-case-insensitively), or null. */
function requiredAny(node) {
  switch (node.kind) {
    case 'lit':
      return node.set;
    case 'alt': {
      const set = new Set();
      for (const b of node.branches) {
        const r = requiredAny(b);
        if (!r) return null;
        for (const x of r) set.add(x);
      }
      return set;
    }
    case 'quant':
      return node.min >= 1 ? requiredAny(node.atom) : null;
    case 'seq': {
      const options = [];
      let run = '';
      const endRun = () => {
        if (run) options.push(new Set([run]));
        run = '';
      };
      for (const item of node.items) {
        if (item.kind === 'lit' && item.set.size === 1) {
          run += [...item.set][0];
          continue;
        }
        endRun();
        const r = requiredAny(item);
        if (r) options.push(r);
      }
      endRun();
      // The best: the longest shortest string, then the fewest strings.
      const shortest = (set) => Math.min(...[...set].map((x) => x.length));
      options.sort((a, b) => shortest(b) - shortest(a) || a.size - b.size);
      return options[0] ?? null;
    }
    default:
      return null;
  }
}

/**
 * Walks a regex source outside escapes and character classes, calling `at(i, c, depth)` for each
 * character there (a `(` gets the depth outside it, a `)` the depth after it). Stops when `at`
 * returns false (then returns false); else returns the final depth.
 */
function walkRegex(src, at) {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else {
      if (c === ')') depth--;
      if (at(i, c, depth) === false) return false;
      if (c === '(') depth++;
    }
  }
  return depth;
}

/** The top-level branches of a regex source (one outer group spanning it all is opened). */
function topLevelBranches(source) {
  const split = (src) => {
    const parts = [];
    let from = 0;
    walkRegex(src, (i, c, depth) => {
      if (c === '|' && depth === 0) {
        parts.push(src.slice(from, i));
        from = i + 1;
      }
    });
    parts.push(src.slice(from));
    return parts;
  };
  const parts = split(source);
  if (parts.length === 1 && source.startsWith('(?:') && source.endsWith(')')) {
    const inner = source.slice(3, -1);
    // Only when that group is the whole source: `(?:a)|(?:b)` is no such group.
    if (split(`(${inner})`).length === 1 && balanced(inner)) return split(inner);
  }
  return parts;
}

function balanced(src) {
  return walkRegex(src, (_, c, depth) => !(c === ')' && depth < 0)) === 0;
}

/**
 * An allowlist regex as `plain` regexes (any of them matching = the original matching) and
 * `guarded` ones, each tried only when the lower-cased text contains one of its `literals`.
 */
export function guardRegex(js) {
  const branches = topLevelBranches(js.source);
  if (branches.length < 2) return { plain: [js], guarded: [] };
  const plain = [];
  const guarded = [];
  for (const b of branches) {
    let lits = null;
    if (leadingLiterals(b, js.flags) === null) {
      try {
        const r = requiredAny(parseJsRegex(b));
        if (r && [...r].every((x) => x.length >= 2)) lits = [...r].sort();
      } catch {
        lits = null;
      }
    }
    if (lits) guarded.push({ literals: lits, re: { source: b, flags: js.flags } });
    else plain.push(b);
  }
  if (!guarded.length) return { plain: [js], guarded: [] };
  const rest = plain.length ? [{ source: plain.map((b) => `(?:${b})`).join('|'), flags: js.flags }] : [];
  for (const r of [...rest, ...guarded.map((g) => g.re)]) new RegExp(r.source, r.flags);
  return { plain: rest, guarded };
}

function convertAllowlist(al, where, notes) {
  const regexes = [];
  for (const r of al.regexes ?? []) {
    try {
      regexes.push(toJsRegex(r));
    } catch (e) {
      notes.push(`${where}: allowlist regex dropped (${e.message}): ${r}`);
    }
  }
  const hasPaths = (al.paths ?? []).length > 0;
  const condition = (al.condition ?? 'OR').toUpperCase();
  // A HAR has no file path: a path-only allowlist never applies, nor does an AND one with paths.
  if (condition === 'AND' && hasPaths) return null;
  const stopwords = (al.stopwords ?? []).map((s) => s.toLowerCase());
  if (!regexes.length && !stopwords.length) return null;
  const plain = [];
  const guarded = [];
  for (const r of regexes) {
    const g = guardRegex(r);
    plain.push(...g.plain);
    guarded.push(...g.guarded);
  }
  return { target: al.regexTarget ?? 'secret', regexes: plain, guarded, stopwords };
}

function regexLiteral({ source, flags }, extra) {
  return `new RegExp(${JSON.stringify(source)}, ${JSON.stringify(flags + extra)})`;
}

function allowlistTs(al) {
  const res = al.regexes.map((r) => regexLiteral(r, '')).join(', ');
  const guarded = al.guarded
    .map((g) => `{ literals: ${JSON.stringify(g.literals)}, re: ${regexLiteral(g.re, '')} }`)
    .join(', ');
  return `{ target: ${JSON.stringify(al.target)}, regexes: [${res}], guarded: [${guarded}], stopwords: ${JSON.stringify(al.stopwords)} }`;
}

/**
 * With no secret group named, gitleaks reports the first non-empty capture group. A group that is
 * repeated (`([a-z0-9]{4}-){3}` in the Teams webhook rule) only shapes the match: reporting it would
 * replace five characters of a URL and keep the rest. Such groups become non-capturing, so the
 * secret is the next real group or, with none left, the whole match.
 */
export function uncaptureRepeatedGroups(js) {
  const opens = [];
  const plain = [];
  let inClass = false;
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') opens.push(js[i + 1] === '?' ? -1 : i);
    else if (c === ')') {
      const at = opens.pop();
      if (at !== undefined && at >= 0 && /[{*+?]/.test(js[i + 1] ?? '')) plain.push(at);
    }
  }
  let out = js;
  for (const at of plain.sort((a, b) => b - a)) out = `${out.slice(0, at + 1)}?:${out.slice(at + 1)}`;
  return out;
}

/**
 * gitleaks reads a file as one text; a HAR value holds lines too (a text body, a log), and a rule
 * that ends a token with `$` must also end it at a line's end: `$` becomes `(?:$|(?=[\r\n]))`.
 */
export function lineEnds(js) {
  let out = '';
  let inClass = false;
  for (let i = 0; i < js.length; i++) {
    const c = js[i];
    if (c === '\\') {
      out += c + (js[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    out += !inClass && c === '$' ? '(?:$|(?=[\\r\\n]))' : c;
  }
  return out;
}

export function generateGitleaks({ sourceDir = DEFAULT_SOURCE, outFile = DEFAULT_OUT, write = true } = {}) {
  const toml = parseToml(readFileSync(resolve(sourceDir, 'gitleaks.toml'), 'utf8'));
  const license = readFileSync(resolve(sourceDir, 'LICENSE'), 'utf8').trim();
  const notes = [];
  const skipped = [];
  const rules = [];
  for (const rule of toml.rules) {
    const id = rule.id;
    if (SKIP[id]) {
      skipped.push(`${id}: ${SKIP[id]}`);
      continue;
    }
    if (!rule.regex) {
      skipped.push(`${id}: no regex`);
      continue;
    }
    if (rule.path) {
      skipped.push(`${id}: scoped to file paths (${rule.path}); a HAR has none`);
      continue;
    }
    const { re, stripped } = stripLazyPrefix(widenTokenEnds(rule.regex));
    let js;
    let anchored;
    try {
      js = toJsRegex(re);
      // (Proved on gitleaks' regex: the two rewrites below change neither where a match starts nor
      // its keyword.)
      anchored = startsWithKeyword(js, [...new Set((rule.keywords ?? []).map((k) => k.toLowerCase()))]);
      if (!rule.secretGroup) js = { ...js, source: uncaptureRepeatedGroups(js.source) };
      js = { ...js, source: lineEnds(js.source) };
    } catch (e) {
      skipped.push(`${id}: cannot convert (${e.message})`);
      continue;
    }
    const allowlists = (rule.allowlists ?? [])
      .map((al, k) => convertAllowlist(al, `${id}#${k}`, notes))
      .filter(Boolean);
    const keywords = [...new Set((rule.keywords ?? []).map((k) => k.toLowerCase()))];
    rules.push({
      id,
      js,
      stripped,
      keywords,
      entropy: rule.entropy ?? 0,
      secretGroup: rule.secretGroup ?? 0,
      allowlists,
      anchored,
    });
  }
  const global = convertAllowlist(toml.allowlist ?? {}, 'global', notes);

  const lines = [];
  lines.push('// GENERATED by scripts/gen-gitleaks.mjs from gitleaks/config/gitleaks.toml. Do not edit.');
  lines.push('// Regenerate with `npm run build:rules` (or `node scripts/gen-gitleaks.mjs`).');
  lines.push('//');
  lines.push('// Derived from gitleaks (https://github.com/gitleaks/gitleaks), used under the MIT License:');
  for (const l of license.split('\n')) lines.push(`// ${l}`.trimEnd());
  lines.push('//');
  lines.push(`// Rules converted: ${rules.length}. Rules skipped: ${skipped.length}.`);
  for (const s of skipped) lines.push(`//   skipped ${s}`);
  for (const s of notes) lines.push(`//   note ${s}`);
  lines.push('/* eslint-disable */');
  lines.push("import type { GitleaksAllowlist, GitleaksRule } from '../vendor-rule';");
  lines.push('');
  lines.push(
    `export const GITLEAKS_GLOBAL_ALLOWLIST: GitleaksAllowlist | null = ${global ? allowlistTs(global) : 'null'};`,
  );
  lines.push('');
  lines.push('export const GITLEAKS_RULES: GitleaksRule[] = [');
  for (const r of rules) {
    lines.push('  {');
    lines.push(`    id: ${JSON.stringify(r.id)},`);
    lines.push(`    re: ${regexLiteral(r.js, 'dg')},`);
    lines.push(`    keywords: ${JSON.stringify(r.keywords)},`);
    lines.push(`    entropy: ${r.entropy},`);
    lines.push(`    secretGroup: ${r.secretGroup},`);
    lines.push(`    prefixStripped: ${r.stripped},`);
    lines.push(`    keywordAnchored: ${r.anchored},`);
    lines.push(`    allowlists: [${r.allowlists.map(allowlistTs).join(', ')}],`);
    lines.push('  },');
  }
  lines.push('];');
  lines.push('');
  lines.push(`export const GITLEAKS_SKIPPED: string[] = ${JSON.stringify(skipped, null, 2)};`);
  lines.push('');
  const text = lines.join('\n');
  if (write) {
    mkdirSync(dirname(outFile), { recursive: true });
    // Atomic: parallel test workers may generate and import at the same time.
    const tmp = `${outFile}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, outFile);
  }
  return { rules: rules.length, skipped, notes, text };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = generateGitleaks();
  console.log(`gitleaks: ${r.rules} rules converted, ${r.skipped.length} skipped -> ${DEFAULT_OUT}`);
}
