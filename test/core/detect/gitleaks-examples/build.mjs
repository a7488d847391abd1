#!/usr/bin/env node
// Builds examples.json: gitleaks' own per-rule true/false positive examples (facts, not code), read
// from a checkout of github.com/gitleaks/gitleaks (MIT, see THIRD_PARTY_NOTICES.md):
//   node test/core/detect/gitleaks-examples/build.mjs <gitleaks-checkout>
// Only literal examples are taken: a string literal standing alone as an element of a `tps`/`fps`
// list, and the secret given to `utils.GenerateSampleSecrets(id, "secret")` (kept bare, with its id).
// Examples built at run time from random secrets (fmt.Sprintf, secrets.NewSecret) are left out.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = process.argv[2];
if (!src) throw new Error('usage: build.mjs <gitleaks-checkout>');
const dir = join(src, 'cmd/generate/config/rules');

/** Go string literal at s[i] (`...` or "..."): [value, end] or null. */
function goString(s, i) {
  if (s[i] === '`') {
    const e = s.indexOf('`', i + 1);
    return [s.slice(i + 1, e), e + 1];
  }
  if (s[i] !== '"') return null;
  let out = '';
  let j = i + 1;
  while (s[j] !== '"') {
    if (s[j] === '\\') {
      const c = s[j + 1];
      const map = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'" };
      if (c in map) out += map[c];
      else if (c === 'x') {
        out += String.fromCharCode(parseInt(s.slice(j + 2, j + 4), 16));
        j += 2;
      } else if (c === 'u') {
        out += String.fromCharCode(parseInt(s.slice(j + 2, j + 6), 16));
        j += 4;
      } else out += c;
      j += 2;
    } else out += s[j++];
  }
  return [out, j + 1];
}

/** Top-level elements (comments dropped) of the bracketed list starting at s[open]. */
function elements(s, open) {
  const close = { '{': '}', '(': ')' }[s[open]];
  const parts = [];
  let cur = '';
  let depth = 0;
  let i = open + 1;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '/' && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
      cur += '\n';
      continue;
    }
    if (c === '`' || c === '"') {
      const [, e] = goString(s, i);
      cur += s.slice(i, e);
      i = e - 1;
      continue;
    }
    if ('({['.includes(c)) depth++;
    if (')}]'.includes(c)) {
      if (depth === 0 && c === close) break;
      depth--;
    }
    if (c === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) parts.push(cur.trim());
  return { parts, end: i };
}

// A seeded generator, so the file is the same each time it is built.
let seed = 0x2545f491;
const rand = (n) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};

/** A random string matching `pattern` (classes, literals, `{n}` / `{n,m}`, `(?:a|b)` take a branch). */
function sample(pattern) {
  let i = 0;
  const atom = () => {
    const c = pattern[i];
    if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      let body = pattern.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('^')) throw new Error('negated class');
      const chars = [];
      const CLASS = { w: 'a-zA-Z0-9_', d: '0-9', s: ' ' };
      body = body.replace(/\\(.)/g, (_, x) => CLASS[x] ?? `\u0000${x}`);
      for (let k = 0; k < body.length; k++) {
        let ch = body[k];
        if (ch === '\u0000') ch = body[++k];
        else if (body[k + 1] === '-' && k + 2 < body.length) {
          for (let x = ch.charCodeAt(0); x <= body.charCodeAt(k + 2); x++) chars.push(String.fromCharCode(x));
          k += 2;
          continue;
        }
        chars.push(ch);
      }
      return () => chars[rand(chars.length)];
    }
    if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '\\') j++;
        else if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')' && --depth === 0) break;
      }
      const inner = pattern
        .slice(i, j + 1)
        .replace(/^\((?:\?:)?/, '')
        .slice(0, -1);
      i = j + 1;
      const branches = inner.split('|');
      if (branches.some((b) => /[()]/.test(b))) throw new Error('nested group');
      return () => sample(branches[rand(branches.length)]);
    }
    if (c === '\\') {
      const x = pattern[i + 1];
      i += 2;
      if (x === 'd') return () => String(rand(10));
      if (x === 'w') return () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'[rand(63)];
      if (/[A-Za-z]/.test(x)) throw new Error('escape');
      return () => x;
    }
    if ('.*+?^$|'.includes(c)) throw new Error(`unsupported ${c}`);
    i++;
    return () => c;
  };
  let out = '';
  while (i < pattern.length) {
    const gen = atom();
    let [min, max] = [1, 1];
    const q = /^\{(\d+)(,)?(\d+)?\}/.exec(pattern.slice(i));
    if (q) {
      min = +q[1];
      max = q[3] !== undefined ? +q[3] : q[2] ? min + 16 : min;
      i += q[0].length;
    } else if (pattern[i] === '?') {
      [min, max] = [0, 1];
      i++;
    }
    const n = min + rand(max - min + 1);
    for (let k = 0; k < n; k++) out += gen();
  }
  return out;
}

const PATTERNS = {
  Numeric: (n) => `[0-9]{${n}}`,
  Hex: (n) => `[a-f0-9]{${n}}`,
  AlphaNumeric: (n) => `[a-z0-9]{${n}}`,
  AlphaNumericExtendedShort: (n) => `[a-z0-9_-]{${n}}`,
  AlphaNumericExtended: (n) => `[a-z0-9=_\\-]{${n}}`,
  AlphaNumericExtendedLong: (n) => `[a-z0-9\\/=_\\+\\-]{${n}}`,
  Hex8_4_4_4_12: () => '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
};

/** Splits at top-level `+`. */
function terms(expr) {
  const out = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '`' || c === '"') {
      const [, e] = goString(expr, i);
      cur += expr.slice(i, e);
      i = e - 1;
      continue;
    }
    if ('({['.includes(c)) depth++;
    if (')}]'.includes(c)) depth--;
    if (c === '+' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/**
 * The value of a Go string expression: literals, `+`, fmt.Sprintf with %s, secrets.NewSecret
 * (a seeded random string of the pattern) and the utils pattern helpers. Undefined for anything else.
 */
function evaluate(expr) {
  try {
    return terms(expr.trim())
      .map((t) => {
        const lit = goString(t, 0);
        if (lit && lit[1] === t.length) return lit[0];
        const call = /^([\w.]+)\(/.exec(t);
        if (!call || !t.endsWith(')')) throw new Error('not an expression');
        const args = elements(t, call[0].length - 1).parts.map(evaluate);
        if (args.some((a) => a === undefined)) throw new Error('arg');
        const name = call[1];
        if (name === 'fmt.Sprintf') {
          let k = 1;
          return args[0].replace(/%[sd]/g, () => args[k++]);
        }
        if (name === 'secrets.NewSecret') return sample(args[0]);
        const helper = PATTERNS[name.replace(/^utils\./, '')];
        if (helper) return helper(...args);
        throw new Error(name);
      })
      .join('');
  } catch {
    return undefined;
  }
}
const literal = evaluate;

const rules = [];
for (const file of readdirSync(dir).sort()) {
  if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
  const text = readFileSync(join(dir, file), 'utf8');
  // One function per rule: split at `func `.
  for (const fn of text.split(/\nfunc /).slice(1)) {
    const id = /RuleID:\s*"([^"]+)"/.exec(fn)?.[1];
    if (!id) continue;
    const tps = [];
    const samples = [];
    const fps = [];
    for (const m of fn.matchAll(/GenerateSampleSecrets\(/g)) {
      const { parts } = elements(fn, m.index + m[0].length - 1);
      const idLit = literal(parts[0] ?? '');
      const secret = literal(parts[1] ?? '');
      if (idLit !== undefined && secret !== undefined) samples.push({ id: idLit, secret });
    }
    for (const m of fn.matchAll(/\b(tps|fps)\s*(?::?=)\s*(?:append\(\s*\1\s*,|\[\]string\s*\{)/g)) {
      const open = m.index + m[0].length - 1;
      const into = m[1] === 'tps' ? tps : fps;
      const start = fn[open] === ',' ? open : open;
      const list = fn[open] === ',' ? { '(': 0 } : null;
      const { parts } = list ? elements(fn, fn.lastIndexOf('(', open)) : elements(fn, open);
      for (const p of list ? parts.slice(1) : parts) {
        const v = literal(p);
        if (v !== undefined) into.push(v);
      }
      void start;
    }
    if (tps.length || samples.length || fps.length) rules.push({ id, samples, tps, fps });
  }
}
const commit = process.argv[3] ?? '';
writeFileSync(
  join(here, 'examples.json'),
  JSON.stringify(
    { source: 'github.com/gitleaks/gitleaks cmd/generate/config/rules', commit, rules },
    null,
    1,
  ) + '\n',
);
console.log(
  `${rules.length} rules, ${rules.reduce((a, r) => a + r.tps.length + r.samples.length, 0)} true positives, ${rules.reduce((a, r) => a + r.fps.length, 0)} false positives`,
);
