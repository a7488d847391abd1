import type { Pass } from '../context';
import { scrubText, throughBase64Text } from '../text';

/** `# sourceMappingURL=data:…;base64,…` (or `@`), the body of a JS or CSS comment. */
const INLINE_MAP =
  /^([#@][ \t]*sourceMappingURL=data:[\w.+-]*\/[\w.+-]*(?:;[\w-]+=[\w.-]+)*;base64,)([A-Za-z0-9+/=_-]+)(\s*)$/;

/**
 * An inline source map in a comment's body (`//# sourceMappingURL=data:application/json;base64,…`):
 * its `sourcesContent` holds the sources the bundle was built from, config and keys included. Each
 * source is read by `readSource` (the host's own reader: a script's sources as scripts, a style
 * sheet's as CSS), the map written back and encoded again; null when the comment is not one.
 */
export function readInlineSourceMap(
  p: Pass,
  body: string,
  path: string,
  readSource: (source: string, where: string) => string,
): string | null {
  const m = INLINE_MAP.exec(body.trimStart());
  if (!m) return null;
  const lead = body.slice(0, body.length - body.trimStart().length);
  const where = `${path}{sourcemap}`;
  const next = throughBase64Text(m[2], false, (text) => {
    let map: unknown;
    try {
      map = JSON.parse(text);
    } catch {
      return scrubText(p, text, where);
    }
    const sources = (map as { sourcesContent?: unknown }).sourcesContent;
    if (!Array.isArray(sources)) return null;
    let changed = false;
    const read = sources.map((s: unknown, i) => {
      if (typeof s !== 'string' || !s) return s;
      const n = readSource(s, `${where}[${i}]`);
      if (n !== s) changed = true;
      return n;
    });
    return changed ? JSON.stringify({ ...(map as object), sourcesContent: read }) : null;
  });
  return next === m[2] ? body : lead + m[1] + next + m[3];
}
