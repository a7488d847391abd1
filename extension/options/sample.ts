/**
 * Turns what a user pastes into the "Test against a sample" box into a one-entry HAR: a whole HAR,
 * or a raw request — optional request line (`POST https://…`), `Name: value` headers, a blank
 * line, then a body.
 */
import type { Entry, Har } from 'har-format';

export function sampleToHar(text: string): Har {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { log?: unknown };
      if (parsed && typeof parsed === 'object' && parsed.log) return parsed as Har;
    } catch {
      // not JSON: a raw request that happens to start with a brace is unlikely, but fall through
    }
  }
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let method = 'GET';
  let url = 'https://example.test/';
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const first = lines[i]?.trim() ?? '';
  const requestLine = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/.exec(first);
  if (requestLine) {
    method = requestLine[1];
    url = requestLine[2];
    i++;
  } else if (/^https?:\/\//i.test(first)) {
    url = first;
    i++;
  }
  const headers: { name: string; value: string }[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      break;
    }
    const colon = line.indexOf(':', 1);
    if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  const body = lines.slice(i).join('\n');
  if (!/^https?:\/\//i.test(url)) url = new URL(url, 'https://example.test').href;
  const parsedUrl = new URL(url);
  const cookieHeader = headers.find((h) => h.name.toLowerCase() === 'cookie')?.value ?? '';
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
  const entry: Entry = {
    startedDateTime: '2024-01-01T00:00:00.000Z',
    time: 0,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      headers,
      cookies: cookieHeader
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c) => {
          const eq = c.indexOf('=');
          return eq < 0 ? { name: c, value: '' } : { name: c.slice(0, eq), value: c.slice(eq + 1) };
        }),
      queryString: [...parsedUrl.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: body.length,
      ...(body
        ? {
            postData: {
              mimeType: contentType ?? (body.trim().startsWith('{') ? 'application/json' : 'text/plain'),
              text: body,
            },
          }
        : {}),
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
  return { log: { version: '1.2', creator: { name: 'sample', version: '1' }, entries: [entry] } };
}

/** The sample request back as text, the way it was pasted, for the "after" view. */
export function requestToText(entry: Entry): string {
  const head = [`${entry.request.method} ${entry.request.url}`];
  for (const h of entry.request.headers) head.push(`${h.name}: ${h.value}`);
  const body = entry.request.postData?.text;
  return body ? `${head.join('\n')}\n\n${body}` : head.join('\n');
}
