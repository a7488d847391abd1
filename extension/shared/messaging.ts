// Page-side helpers for the typed protocol.
import type { MessageName, Payload, Reply, Response } from './protocol';

export async function send<K extends MessageName>(type: K, payload: Payload<K>): Promise<Response<K>> {
  const reply = (await chrome.runtime.sendMessage({ type, payload })) as Reply<Response<K>> | undefined;
  if (!reply) throw new Error(`The extension's background did not answer "${type}".`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
