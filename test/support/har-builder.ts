import type { Entry, Har, Header } from 'har-format';

export interface EntrySpec {
  method?: string;
  url?: string;
  requestHeaders?: Header[];
  responseHeaders?: Header[];
  requestCookies?: { name: string; value: string }[];
  responseCookies?: { name: string; value: string }[];
  queryString?: { name: string; value: string }[];
  postData?: {
    mimeType: string;
    text?: string;
    params?: { name: string; value?: string; fileName?: string }[];
  };
  status?: number;
  content?: { mimeType: string; text?: string; encoding?: string; size?: number };
  redirectURL?: string;
  extra?: Record<string, unknown>;
}

export function entry(spec: EntrySpec = {}): Entry {
  const url = spec.url ?? 'https://app.example.test/api/v1/items?page=2';
  const qs =
    spec.queryString ?? [...new URL(url).searchParams.entries()].map(([name, value]) => ({ name, value }));
  return {
    startedDateTime: '2026-11-28T12:00:00.000Z',
    time: 12.5,
    request: {
      method: spec.method ?? 'GET',
      url,
      httpVersion: 'HTTP/2',
      headers: spec.requestHeaders ?? [{ name: 'accept', value: 'application/json' }],
      queryString: qs,
      cookies: spec.requestCookies ?? [],
      headersSize: -1,
      bodySize: spec.postData?.text?.length ?? 0,
      ...(spec.postData ? { postData: spec.postData as Entry['request']['postData'] } : {}),
    },
    response: {
      status: spec.status ?? 200,
      statusText: 'OK',
      httpVersion: 'HTTP/2',
      headers: spec.responseHeaders ?? [
        { name: 'content-type', value: 'application/json; charset=utf-8' },
        { name: 'x-request-id', value: 'req_4f7e9434e5e905fed368' },
      ],
      cookies: spec.responseCookies ?? [],
      content: { size: spec.content?.text?.length ?? 0, mimeType: 'application/json', ...spec.content },
      redirectURL: spec.redirectURL ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1.5 },
    ...(spec.extra ?? {}),
  } as Entry;
}

export function har(entries: Entry[], extraLog: Record<string, unknown> = {}): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      pages: [],
      entries,
      ...extraLog,
    },
  } as Har;
}

export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
