import type { Pass } from './context';
import type { NameDecision } from './names';
import { secretShaped } from './value-shape';

/**
 * The URL reader, as the text reader reaches it: text holds URLs and URLs hold text, so one calls
 * the other, but the modules do not import each other. url.ts provides its reader when it loads
 * (context.ts loads it with every Pass).
 */
export type UrlReader = (p: Pass, url: string, path: string, depth: number) => string;

let reader: UrlReader | undefined;

export function provideUrlReader(r: UrlReader): void {
  reader = r;
}

export function readUrlInText(p: Pass, url: string, path: string, depth: number): string {
  if (!reader) throw new Error('the URL reader is not loaded (import ./url first)');
  return reader(p, url, path, depth);
}

/** An absolute URL (any scheme, `api://acme`) or a path from the root, without blanks. */
export const LINK_VALUE = /^(?:[a-z][a-z\d+.-]*:\/\/|\/(?!\/))\S*$/i;

/**
 * A link where a rule names a credential (`state=https://shop.test/checkout`, `"auth": {"audience":
 * "https://api.test"}`, `X-Auth-Request-Redirect: /dashboard`): read as a URL, so that its secret
 * parameters, userinfo and random segments go and the rest stays. Replaced whole, it went on to
 * replace itself inside every request URL it begins. Null when the value is no link, or the rule is
 * locked (an administrator's rule takes the value whole) or is about a person.
 */
export function linkUnderName(
  p: Pass,
  value: string,
  d: NameDecision,
  path: string,
  depth: number,
): string | null {
  if (d.rule.locked || d.rule.group === 'identity' || !isLink(value)) return null;
  return readUrlInText(p, value, path, depth);
}

/**
 * A plain link: an absolute URL or a path from the root whose path's steps are words and numbers
 * (`https://shop.test/checkout/step2`, `/account/reset?token=…`). A webhook's random step
 * (`/hooks/catch/5759110/aK8dL2…`) makes the whole a credential; and a key in base64 starts with
 * `/` once in 64 (`/LDGRzK0Ei…=`), and is no path.
 */
export function isLink(value: string): boolean {
  if (!LINK_VALUE.test(value)) return false;
  // The path's steps, after the host (its parameters are read by their names, as any link's).
  const beforeQuery = value.split(/[?#]/, 1)[0];
  const scheme = beforeQuery.indexOf('://');
  const pathStart = scheme < 0 ? 0 : beforeQuery.indexOf('/', scheme + 3);
  const path = pathStart < 0 ? '' : beforeQuery.slice(pathStart);
  return !path.split('/').some((step) => secretShaped(safeDecode(step)));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
