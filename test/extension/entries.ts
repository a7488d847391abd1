import type { Entry } from 'har-format';

let n = 0;
/** A minimal valid HAR entry; `id` makes the URL (and so its identity) unique. */
export function makeEntry(id: string | number = n++, over: Partial<Entry> = {}): Entry {
  return {
    startedDateTime: new Date(
      Date.UTC(2025, 0, 1, 0, 0, 0) + Number(String(id).replace(/\D/g, '') || 0),
    ).toISOString(),
    time: 1,
    request: {
      method: 'GET',
      url: `https://app.example.test/api/${id}`,
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 2, mimeType: 'application/json', text: '{}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 2,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
    ...over,
  };
}
