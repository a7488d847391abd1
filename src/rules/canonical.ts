/**
 * The canonical text of a rule pack, which is what gets signed: JSON with object keys sorted by
 * UTF-16 code units, no whitespace, numbers and strings serialised as ECMAScript does (the RFC 8785
 * rules), and the top-level `signature` left out. Reformatting or reordering a pack keeps its
 * canonical form, so a signature survives an editor's "format document".
 */
export function canonicalizePack(pack: object): string {
  const { signature: _signature, ...rest } = pack as Record<string, unknown>;
  return canonicalJson(rest);
}

/** RFC 8785-style canonical JSON of any JSON value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      if (obj[key] === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}
