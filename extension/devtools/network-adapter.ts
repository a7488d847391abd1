/**
 * The one place that touches `chrome.devtools.network` (webextension-polyfill does not wrap it).
 * Tests use a fake with the same shape.
 */
import type { Entry, Page } from 'har-format';

export interface FinishedRequest {
  /** The HAR entry as DevTools gives it, without the getContent method. */
  entry: Entry;
  getContent(): Promise<{ content: string | null; encoding: string | null }>;
}

export interface NetworkAdapter {
  readonly tabId: number;
  onRequestFinished(cb: (req: FinishedRequest) => void): void;
  onNavigated(cb: (url: string) => void): void;
  getHAR(): Promise<{ entries: Entry[]; pages: Page[] }>;
}

/** DevTools entries carry functions and getters: keep only the JSON part. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function chromeNetworkAdapter(): NetworkAdapter {
  const devtools = chrome.devtools;
  return {
    tabId: devtools.inspectedWindow.tabId,
    onRequestFinished(cb) {
      devtools.network.onRequestFinished.addListener((request) => {
        const entry = plain(request as unknown as Entry);
        cb({
          entry,
          getContent: () =>
            new Promise((resolve) => {
              try {
                request.getContent((content, encoding) =>
                  resolve({ content: content ?? null, encoding: encoding || null }),
                );
              } catch {
                resolve({ content: null, encoding: null });
              }
            }),
        });
      });
    },
    onNavigated(cb) {
      devtools.network.onNavigated.addListener(cb);
    },
    getHAR() {
      return new Promise((resolve) => {
        devtools.network.getHAR((log) => {
          const har = plain(log as unknown as { entries?: Entry[]; pages?: Page[] });
          resolve({ entries: har.entries ?? [], pages: har.pages ?? [] });
        });
      });
    },
  };
}

/** Fills in a body from getContent(); says so in the entry when DevTools had none to give. */
export async function withBody(req: FinishedRequest): Promise<Entry> {
  const entry = req.entry;
  const { content, encoding } = await req.getContent();
  const res = entry.response;
  if (content !== null && content !== undefined && res) {
    res.content = { ...res.content, text: content };
    if (encoding) res.content.encoding = encoding;
    else delete res.content.encoding;
  } else if (res && expectsBody(entry)) {
    (entry as { _bodyNotAvailable?: boolean })._bodyNotAvailable = true;
  }
  return entry;
}

function expectsBody(entry: Entry): boolean {
  const status = entry.response.status;
  if (status === 204 || status === 304 || (status >= 300 && status < 400)) return false;
  if ((entry as { _resourceType?: string })._resourceType === 'websocket') return false;
  const size = entry.response.content?.size ?? 0;
  return size > 0 || entry.response.bodySize > 0;
}
