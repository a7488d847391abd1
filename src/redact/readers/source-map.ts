import type { Pass } from '../context';
import { scrubJson, scrubText, throughBase64Text } from '../text';

/** `# sourceMappingURL=data:…;base64,…` (or `@`), the body of a JS or CSS comment. */
const INLINE_MAP =
  /^([#@][ \t]*sourceMappingURL=data:[\w.+-]*\/[\w.+-]*(?:;[\w-]+=[\w.-]+)*;base64,)([A-Za-z0-9+/=_-]+)(\s*)$/;

/**
 * An inline source map in a comment's body (`//# sourceMappingURL=data:application/json;base64,…`):
 * the map is JSON whose `sourcesContent` holds the sources the bundle was built from, config and
 * keys included. It is decoded, read as JSON (as text when it is not) and encoded again; null
 * when the comment is not one.
 */
export function readInlineSourceMap(p: Pass, body: string, path: string): string | null {
  const m = INLINE_MAP.exec(body.trimStart());
  if (!m) return null;
  const lead = body.slice(0, body.length - body.trimStart().length);
  const where = `${path}{sourcemap}`;
  const next = throughBase64Text(m[2], false, (map) => scrubJson(p, map, where) ?? scrubText(p, map, where));
  return next === m[2] ? body : lead + m[1] + next + m[3];
}
