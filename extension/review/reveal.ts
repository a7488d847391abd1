/**
 * Finds the original value behind a placeholder tag by walking the original and the redacted
 * entry side by side: where a redacted string holds `[REDACTED … #tag]`, the text between the
 * literal parts around it in the original string is the value. Never leaves the page.
 */
const PLACEHOLDER = /\[REDACTED[^\]]*\]/g;

export function extractFromString(original: string, redacted: string, tag: string): string | null {
  const parts: { literal: string; tag: string | null }[] = [];
  let last = 0;
  for (const m of redacted.matchAll(PLACEHOLDER)) {
    parts.push({ literal: redacted.slice(last, m.index), tag: m[0] });
    last = (m.index ?? 0) + m[0].length;
  }
  if (parts.length === 0) return null;
  const tail = redacted.slice(last);
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const { literal } = parts[i];
    if (!original.startsWith(literal, pos)) return null;
    pos += literal.length;
    const nextLiteral = i + 1 < parts.length ? parts[i + 1].literal : tail;
    const end =
      i + 1 < parts.length
        ? nextLiteral === ''
          ? -1 // two placeholders back to back: cannot tell where one value ends
          : original.indexOf(nextLiteral, pos)
        : original.length - tail.length;
    if (end < pos) return null;
    if (parts[i].tag!.includes(`#${tag}`)) return original.slice(pos, end);
    pos = end;
  }
  return null;
}

type Json = unknown;

const isNamed = (v: Json): v is { name: string } =>
  !!v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string';

/** Walks two JSON trees in parallel (named lists paired by name and occurrence). */
export function findInTrees(original: Json, redacted: Json, tag: string): string | null {
  if (typeof redacted === 'string') {
    if (typeof original !== 'string' || !redacted.includes(`#${tag}`)) return null;
    return extractFromString(original, redacted, tag);
  }
  if (Array.isArray(redacted)) {
    if (!Array.isArray(original)) return null;
    if (redacted.every(isNamed) && original.every(isNamed)) {
      const seen = new Map<string, number>();
      const byKey = new Map<string, Json>();
      for (const o of original) {
        const n = seen.get(o.name.toLowerCase()) ?? 0;
        seen.set(o.name.toLowerCase(), n + 1);
        byKey.set(`${o.name.toLowerCase()}#${n}`, o);
      }
      seen.clear();
      for (const r of redacted) {
        const n = seen.get(r.name.toLowerCase()) ?? 0;
        seen.set(r.name.toLowerCase(), n + 1);
        const found = findInTrees(byKey.get(`${r.name.toLowerCase()}#${n}`), r, tag);
        if (found !== null) return found;
      }
      return null;
    }
    for (let i = 0; i < redacted.length; i++) {
      const found = findInTrees(original[i], redacted[i], tag);
      if (found !== null) return found;
    }
    return null;
  }
  if (redacted && typeof redacted === 'object') {
    if (!original || typeof original !== 'object') return null;
    for (const [k, v] of Object.entries(redacted)) {
      const found = findInTrees((original as Record<string, Json>)[k], v, tag);
      if (found !== null) return found;
    }
  }
  return null;
}
