import type { Envelope, Handlers, MessageName, Reply } from '../shared/protocol';

/** What the router needs of `runtime.MessageSender` / `Port.sender`. */
export interface SenderLike {
  id?: string;
  url?: string;
}

const isEnvelope = (msg: unknown, handlers: Handlers): msg is Envelope =>
  !!msg &&
  typeof msg === 'object' &&
  typeof (msg as { type?: unknown }).type === 'string' &&
  Object.prototype.hasOwnProperty.call(handlers, (msg as { type: string }).type);

/** A tab id as the browser hands them out: a non-negative safe integer. */
export const isTabId = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * Turns a handler table into a `runtime.onMessage` listener. Only this extension's own pages may
 * ask (`sender.id` must be `selfId`): the manifest opens no external channel, and this holds even if
 * one were added. Messages that are not ours get `undefined` so another listener may answer them;
 * errors come back as data (`{ok:false}`), because a rejected promise reaches the caller as an
 * opaque "could not establish connection".
 */
export function createRouter(handlers: Handlers, selfId: string) {
  return (msg: unknown, sender?: SenderLike): Promise<Reply<unknown>> | undefined => {
    if (!sender || sender.id !== selfId || !isEnvelope(msg, handlers)) return undefined;
    const handler = handlers[msg.type as MessageName] as (p: unknown) => unknown;
    const payload = msg.payload ?? {};
    return (async () => {
      try {
        const tabId = (payload as { tabId?: unknown }).tabId;
        if (tabId !== undefined && !isTabId(tabId)) throw new Error('invalid tab id');
        return { ok: true as const, value: await handler(payload) };
      } catch (err) {
        return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
      }
    })();
  };
}

/**
 * The tab id in a port's name (`<prefix><tabId>`), or null when the port is not from this extension
 * or the id is not a tab id (then the caller disconnects it).
 */
export function portTabId(
  port: { name: string; sender?: SenderLike },
  prefix: string,
  selfId: string,
): number | null {
  if (port.sender?.id !== selfId || !port.name.startsWith(prefix)) return null;
  const text = port.name.slice(prefix.length);
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  return isTabId(id) ? id : null;
}
