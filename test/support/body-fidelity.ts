// Fidelity checks on redacted bodies (issue 13 §5): a body that parsed before parses after, and no
// placeholder is nested in another or percent-encoded where the text is not a URL.
import { parse as parseJs } from 'acorn';
import type { Har } from 'har-format';

export type BodyKind = 'json' | 'js' | 'css' | 'html';

export function jsParses(text: string): boolean {
  for (const sourceType of ['script', 'module'] as const) {
    try {
      parseJs(text, { ecmaVersion: 'latest', sourceType, allowReturnOutsideFunction: true });
      return true;
    } catch {
      // try the other source type
    }
  }
  return false;
}

/** Braces balanced outside strings and comments, and no text after the last rule. */
export function cssBalanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) return false;
      i = e + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (text[j] !== c) return false;
      i = j;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

function inlineScriptsParse(html: string): boolean[] {
  const out: boolean[] = [];
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1])?.[1]?.toLowerCase() ?? '';
    if (/\bsrc\s*=/.test(m[1]) || !m[2].trim()) continue;
    if (type.includes('json')) out.push(jsonParses(m[2]));
    else if (!type || /javascript|module/.test(type)) out.push(jsParses(m[2]));
  }
  return out;
}

export function kindOf(mimeType: string): BodyKind | null {
  const m = mimeType.toLowerCase();
  if (m.includes('json')) return 'json';
  if (/javascript|ecmascript/.test(m)) return 'js';
  if (m.includes('text/css')) return 'css';
  if (m.includes('html')) return 'html';
  return null;
}

/** What parses in a body of this kind: one flag per checked unit (the body, or each inline script). */
export function parses(kind: BodyKind, text: string): boolean[] {
  if (kind === 'json') return [jsonParses(text)];
  if (kind === 'js') return [jsParses(text)];
  if (kind === 'css') return [cssBalanced(text)];
  return inlineScriptsParse(text);
}

const NESTED = /\[REDACTED [^\]]*\[REDACTED|%5BREDACTED(?:(?!%5D)[\s\S])*%5BREDACTED/;

/** Problems in one redacted body compared with its original. */
export function bodyProblems(mimeType: string, before: string, after: string): string[] {
  const problems: string[] = [];
  const kind = kindOf(mimeType);
  if (kind && before !== after) {
    const was = parses(kind, before);
    const now = parses(kind, after);
    was.forEach((ok, i) => {
      if (ok && now[i] === false) problems.push(`${kind} body no longer parses`);
    });
  }
  if (NESTED.test(after)) problems.push('nested placeholder');
  if (kind && kind !== 'html') {
    // A percent-encoded placeholder belongs in a URL or a form value: after `=`, `/`, `?`, `&`, `#`.
    for (const m of after.matchAll(/%5BREDACTED/g)) {
      const prev = after[m.index - 1] ?? '';
      if (!'=/?&#:'.includes(prev)) problems.push(`misencoded placeholder after ${JSON.stringify(prev)}`);
    }
  }
  return problems;
}

/** Every body of a HAR with its place: response contents and request post data. */
export function* bodies(h: Har): Generator<{ where: string; mimeType: string; text: string }> {
  for (const [i, e] of h.log.entries.entries()) {
    const c = e.response?.content;
    if (c && typeof c.text === 'string' && c.encoding !== 'base64')
      yield { where: `entries[${i}].response`, mimeType: c.mimeType ?? '', text: c.text };
    const pd = e.request?.postData;
    if (pd && typeof pd.text === 'string')
      yield { where: `entries[${i}].request`, mimeType: pd.mimeType ?? '', text: pd.text };
  }
}

/** The problems of a redaction: bodies compared pairwise (entries keep their order and count). */
export function harProblems(before: Har, after: Har): string[] {
  const a = [...bodies(before)];
  const b = [...bodies(after)];
  const out: string[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (!y || y.where !== x.where) {
      out.push(`${x.where}: body missing after redaction`);
      return;
    }
    for (const p of bodyProblems(x.mimeType, x.text, y.text)) out.push(`${x.where}: ${p}`);
  });
  const all = JSON.stringify(after);
  if (/\[REDACTED [^\]"]*\[REDACTED/.test(all)) out.push('nested placeholder somewhere in the HAR');
  return out;
}
