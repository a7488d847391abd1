import type { Envelope, Handlers, MessageName, Reply } from '../shared/protocol';

const isEnvelope = (msg: unknown, handlers: Handlers): msg is Envelope =>
  !!msg &&
  typeof msg === 'object' &&
  typeof (msg as { type?: unknown }).type === 'string' &&
  Object.prototype.hasOwnProperty.call(handlers, (msg as { type: string }).type);

/**
 * Turns a handler table into a `runtime.onMessage` listener. Messages that are not ours get
 * `undefined` so another listener may answer them; errors come back as data (`{ok:false}`), because
 * a rejected promise reaches the caller as an opaque "could not establish connection".
 */
export function createRouter(handlers: Handlers) {
  return (msg: unknown): Promise<Reply<unknown>> | undefined => {
    if (!isEnvelope(msg, handlers)) return undefined;
    const handler = handlers[msg.type as MessageName] as (p: unknown) => unknown;
    return (async () => {
      try {
        return { ok: true as const, value: await handler(msg.payload ?? {}) };
      } catch (err) {
        return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
      }
    })();
  };
}
