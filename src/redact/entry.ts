import type { Entry, Page, Request, Response } from 'har-format';
import type { Pass } from './context';
import { processCookies, processHeaders, processQueryString } from './headers';
import {
  processBase64,
  processContent,
  processFields,
  processPostData,
  processUnknownFields,
  processBodyText,
} from './body';
import { hostAndPath, isAuthUrl, processUrl } from './url';
import { scrubText } from './text';
import { scrubFrameCommands } from './readers/frame-commands';
import { typedSecrets } from './readers/keystrokes';
import { processEntryComments, processPageComments } from './comments';

interface WsMessage {
  type?: string;
  time?: number;
  opcode?: number;
  data?: string;
}

function processRequest(p: Pass, r: Request): Request {
  if (!r || typeof r !== 'object') return r;
  const out: Request = { ...r };
  if (typeof r.url === 'string') out.url = processUrl(p, r.url, 'request.url');
  out.headers = processHeaders(p, r.headers, 'request.headers');
  out.cookies = processCookies(p, r.cookies, 'request.cookies');
  out.queryString = processQueryString(p, r.queryString, 'request.queryString');
  if (r.postData !== undefined) out.postData = processPostData(p, r.postData, 'request.postData');
  return processUnknownFields(p, out, 'request');
}

function processResponse(p: Pass, r: Response): Response {
  if (!r || typeof r !== 'object') return r;
  const out: Response = { ...r };
  out.headers = processHeaders(p, r.headers, 'response.headers');
  out.cookies = processCookies(p, r.cookies, 'response.cookies');
  if (r.content !== undefined) out.content = processContent(p, r.content, 'response.content')!;
  if (typeof r.redirectURL === 'string' && r.redirectURL)
    out.redirectURL = processUrl(p, r.redirectURL, 'response.redirectURL');
  return processUnknownFields(p, out, 'response');
}

/** A frame's fields as Chrome writes them; any other a tool adds (`payload`) is read by its key. */
const notWsField = (k: string) => k !== 'type' && k !== 'time' && k !== 'opcode' && k !== 'data';

function processWebSocket(p: Pass, messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  // A password typed into a web terminal, one keystroke a frame (see typedSecrets).
  const typed = typedSecrets(p, messages as WsMessage[], '_webSocketMessages');
  return messages.map((m: WsMessage, i) => {
    if (!m || typeof m !== 'object') return m;
    let out = processFields(p, m, `_webSocketMessages[${i}]`, notWsField);
    const given = typed?.get(i) ?? m.data;
    if (typeof given !== 'string' || !given) return out;
    const path = `_webSocketMessages[${i}].data`;
    let data: string;
    if (m.opcode === 2) {
      data =
        processBase64(p, given, 'application/octet-stream-frame', path, (t) =>
          processBodyText(p, t, '', path),
        ) ?? scrubText(p, given, path);
    } else data = processBodyText(p, scrubFrameCommands(p, given, path), '', path);
    if (data !== m.data) out = { ...out, data };
    return out;
  });
}

const NOWHERE = { host: '', path: '' };

/** The structural pass over one entry: a new entry object, the input left as it was. */
export function processEntry(p: Pass, e: Entry, index: number): Entry {
  p.entry = index;
  if (!e || typeof e !== 'object') return e;
  const url = typeof e.request?.url === 'string' ? e.request.url : '';
  // Where the entry went matters to rules scoped to some hosts or paths only.
  const hp = p.names.hasScoped ? hostAndPath(url) : NOWHERE;
  p.host = hp.host;
  p.urlPath = hp.path;
  p.url = url;
  p.authContext = isAuthUrl(url);
  const out: Entry = { ...e };
  if (e.request) out.request = processRequest(p, e.request);
  if (e.response) out.response = processResponse(p, e.response);
  const ws = (e as unknown as Record<string, unknown>)._webSocketMessages;
  if (ws !== undefined)
    (out as unknown as Record<string, unknown>)._webSocketMessages = processWebSocket(p, ws);
  return processUnknownFields(p, processEntryComments(p, out, 'entry'), 'entry');
}

export function processPage(p: Pass, page: Page, index: number): Page {
  p.entry = null;
  p.host = '';
  p.urlPath = '';
  p.url = '';
  p.authContext = false;
  if (!page || typeof page !== 'object') return page;
  const out: Page = { ...page };
  const path = `pages[${index}]`;
  if (typeof page.title === 'string') {
    out.title = /^[a-z][a-z0-9+.-]*:\/\//i.test(page.title)
      ? processUrl(p, page.title, `${path}.title`)
      : scrubText(p, page.title, `${path}.title`);
  }
  return processUnknownFields(p, processPageComments(p, out, path), path);
}
