/** `base.key`, or `base["odd key"]` for keys that are not identifiers; `key` alone at the root. */
export function joinPath(base: string, key: string): string {
  const part = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (part.startsWith('[') || !base) return base + part;
  return `${base}.${part}`;
}
