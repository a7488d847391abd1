import type { Pass } from './context';
import type { NameDecision } from './names';
import { isWordy, safeDecode } from './value-shape';

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
 * A plain link where a rule names a credential (`state=https://shop.test/checkout`, `"auth":
 * {"audience": "https://api.test"}`, `X-Auth-Request-Redirect: /dashboard`): read as a URL, so that
 * its parameters under credentials' names and its userinfo go and the rest stays. Replaced whole, it
 * went on to replace itself inside every request URL it begins. Null when the value is no plain
 * link ({@link isLink}: then it is the credential), the name is a password's or a session's, or the
 * rule is locked (an administrator's rule takes the value whole) or is about a person.
 */
export function linkUnderName(
  p: Pass,
  value: string,
  d: NameDecision,
  name: string,
  path: string,
  depth: number,
): string | null {
  if (d.rule.locked || d.rule.group === 'identity' || PASSWORD_NAME.test(name)) return null;
  if (!isLink(value, (n) => p.decide('query', n) !== null)) return null;
  return readUrlInText(p, value, path, depth);
}

/** Names of a password, a key or a session: whatever their value looks like, it is the credential. */
export const PASSWORD_NAME = /pass|pwd|secret|sess|sid|^auth(?:orization)?$|cookie/i;

/**
 * A plain link: an absolute URL or a path from the root whose host and path are words and small
 * numbers (`https://shop.test/checkout/step2`, `/account/reset?token=…`; its parameters are read
 * by their names, as any link's). A random step or host label makes the whole a credential: a
 * webhook (`/hooks/catch/5759110/b8r5qz3/`), a shared file (`/s/k2m9x7q/`), a tunnel
 * (`k7d9x2m4p8q1.ngrok.io`); and a key in base64 starts with `/` once in 64 (`/LDGRzK0Ei…=`).
 */
export function isLink(
  value: string,
  /** Whether a parameter's name is a credential's (its value goes, read as the link's). */
  named: (name: string) => boolean = () => false,
): boolean {
  if (!LINK_VALUE.test(value)) return false;
  // What follows `?` or `#` is parameters whose values are plain (`?tab=billing&page=2`) or go by
  // their names (`?token=…`), or nothing: a random value under another name (`?t=<token>`,
  // `#<token>`) makes the whole a credential.
  const rest = value.slice(value.split(/[?#]/, 1)[0].length + 1);
  if (rest && !rest.split(/[&#]/).every((pair) => plainParam(pair, named))) return false;
  const beforeQuery = value.split(/[?#]/, 1)[0];
  const scheme = beforeQuery.indexOf('://');
  const pathStart = scheme < 0 ? 0 : beforeQuery.indexOf('/', scheme + 3);
  if (scheme >= 0) {
    const host = beforeQuery
      .slice(scheme + 3, pathStart < 0 ? undefined : pathStart)
      .replace(/:\d{1,5}$/, '');
    if (!host.split('.').every((label) => /^\d{1,3}$/.test(label) || plainStep(label))) return false;
  }
  const path = pathStart < 0 ? '' : beforeQuery.slice(pathStart);
  return path
    .split('/')
    .every((step) => step === '' || /^\d{1,4}$/.test(step) || plainStep(safeDecode(step)));
}

function plainParam(pair: string, named: (name: string) => boolean): boolean {
  const eq = pair.indexOf('=');
  if (eq <= 0) return pair === '';
  if (named(safeDecode(pair.slice(0, eq)))) return true;
  const v = safeDecode(pair.slice(eq + 1));
  return v === '' || /^\d{1,6}$/.test(v) || plainStep(v) || (v.startsWith('/') && isLink(v));
}

/** Words (`checkout`, `acme-saas`, `report.pdf`), or a short one with a digit or two (`step2`, `v1`, `eu1`). */
function plainStep(step: string): boolean {
  const m = /^(.*?)(\d{0,2})$/.exec(step)!;
  return isWordy(step) || (m[2] !== '' && (isWordy(m[1]) || /^[A-Za-z]{1,3}$/.test(m[1])));
}
