/** Which team-pack URLs the worker may fetch: HTTPS anywhere, plain HTTP only on loopback (tests). */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type TeamUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function checkTeamUrl(raw: string): TeamUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `The team rules URL "${raw}" is not a valid URL.` };
  }
  // Credentials in a URL would end up in settings and logs; a pack must be public to its team anyway.
  if (url.username || url.password) {
    return { ok: false, reason: 'The team rules URL must not contain a user name or password.' };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname.toLowerCase())) return { ok: true, url };
  if (url.protocol === 'http:') {
    return { ok: false, reason: `Refused to fetch team rules over plain HTTP from ${url.host}: use HTTPS.` };
  }
  return { ok: false, reason: `Refused to fetch team rules from a ${url.protocol} URL: use HTTPS.` };
}
