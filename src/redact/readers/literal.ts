import type { Pass } from '../context';
import { applyDetectors, hasNamedQueryParam, scrubFlat, scrubJson, scrubUrls } from '../text';
import { processUrl } from '../url';

const WHOLE_URL = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/[^/*\s]|\?)[^\s]*$/i;

/**
 * A value a reader found inside its language (a JS or CSS string, an HTML attribute, an SSE line):
 * judged by the name it stands under, else read as what it is (JSON, a URL) or scanned by the
 * detectors and for URLs. Read as `a=b&c=d` only as a URL or a form body a name decides. In code (`code`), every
 * name counts as broad: literals there are mostly constants (`credentials: "omit"`).
 */
export function scanLiteral(
  p: Pass,
  value: string,
  name: string | undefined,
  path: string,
  code: boolean,
): string {
  if (name !== undefined && value !== '') {
    const d = p.decide('field', name);
    if (d) return p.named(value, code ? { ...d, broad: true } : d, 'field', name, `${path}{${name}}`);
  }
  if (value.length < 5) return value;
  const first = value.trimStart()[0];
  if (first === '{' || first === '[') {
    const json = scrubJson(p, value, path);
    if (json !== null) return json;
  }
  if (WHOLE_URL.test(value)) return processUrl(p, value, path);
  // A form body (`body: "username=alice&password=…"`) whose pairs a name decides: read as pairs.
  if (value.indexOf('=') > 0 && hasNamedQueryParam(p, value, true)) return scrubFlat(p, value, path);
  // A name that decides nothing still tells the detectors what the value is (`{k: "<opaque>"}` as
  // JSON's `{"k": …}` does).
  return scrubUrls(p, applyDetectors(p, value, path, name), path, 0);
}
