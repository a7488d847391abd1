/**
 * Bodies made readable: JSON pretty-printed, form bodies decoded to `name: value` lines. Anything
 * that does not parse is shown as it is. Only for display: the file is never re-encoded.
 */
const MAX_PRETTY = 2_000_000;

export function formatBody(text: string, mimeType = ''): string {
  if (!text || text.length > MAX_PRETTY) return text;
  const mime = mimeType.toLowerCase();
  const t = text.trimStart();
  if (mime.includes('json') || t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  if (
    mime.includes('x-www-form-urlencoded') ||
    (!mime && /^[\w.%-]+=[^\s]*(&[\w.%-]+=[^\s]*)*$/.test(text))
  ) {
    try {
      return text
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
          return eq < 0 ? dec(pair) : `${dec(pair.slice(0, eq))}: ${dec(pair.slice(eq + 1))}`;
        })
        .join('\n');
    } catch {
      return text;
    }
  }
  return text;
}
