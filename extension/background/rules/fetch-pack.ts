/**
 * One conditional GET of the team pack: ETag, a whole-request timeout and a size cap enforced both on
 * Content-Length and while reading (a server may lie or stream without a length).
 */
import type { FetchLike } from './host';

export type FetchPackResult =
  { kind: 'not-modified' } | { kind: 'ok'; text: string; etag?: string } | { kind: 'error'; error: string };

export interface FetchPackOptions {
  etag?: string;
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes: number;
}

class TooLarge extends Error {}

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

export async function fetchPackText(url: URL, opts: FetchPackOptions): Promise<FetchPackResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.etag) headers['If-None-Match'] = opts.etag;
    const res = await opts.fetch(url.href, {
      method: 'GET',
      headers,
      signal: controller.signal,
      // A redirect could lead to a host nobody configured; cookies are never needed for a public pack.
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
    if (res.status === 304) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'not-modified' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'error', error: `The team rules server answered HTTP ${res.status}.` };
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'error', error: tooLarge(opts.maxBytes) };
    }
    const text = await readCapped(res, opts.maxBytes);
    const etag = res.headers.get('etag') ?? undefined;
    return { kind: 'ok', text, ...(etag ? { etag } : {}) };
  } catch (e) {
    if (e instanceof TooLarge) return { kind: 'error', error: tooLarge(opts.maxBytes) };
    if (controller.signal.aborted) {
      return {
        kind: 'error',
        error: `The team rules server did not answer within ${opts.timeoutMs / 1000} s.`,
      };
    }
    return {
      kind: 'error',
      error: `Could not fetch the team rules from ${url.origin} (${(e as Error).message || 'network error'}).`,
    };
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(max: number): string {
  return `The team rule pack is larger than ${kb(max)}; it was not loaded.`;
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
