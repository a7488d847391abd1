import { describe, expect, it } from 'vitest';
import { createRouter, portTabId } from '../../extension/background/router';
import type { Handlers } from '../../extension/shared/protocol';

const SELF = 'abcdefghijklmnopabcdefghijklmnop';
const me = { id: SELF };

const fail = () => {
  throw new Error('not used');
};

function handlers(over: Partial<Handlers> = {}): Handlers {
  return {
    'capture:summary': fail,
    'capture:list': fail,
    'capture:entry': fail,
    'capture:clear': async () => ({ ok: true as const }),
    'capture:merge': async ({ entries }) => ({ added: entries.length }),
    'capture:search': fail,
    'capture:report': fail,
    'settings:get': fail,
    'settings:update': fail,
    'rules:state': fail,
    'rules:syncNow': async () => {
      throw new Error('network is down');
    },
    'export:config': fail,
    'export:setRecipients': fail,
    'export:record': fail,
    'export:log': fail,
    ...over,
  };
}

describe('message router', () => {
  it('answers its messages with {ok, value}', async () => {
    const route = createRouter(handlers(), SELF);
    await expect(
      route({ type: 'capture:merge', payload: { tabId: 1, entries: [{}, {}], pages: [] } }, me),
    ).resolves.toEqual({
      ok: true,
      value: { added: 2 },
    });
  });

  it('turns a handler error into {ok:false, error} with the message', async () => {
    const route = createRouter(handlers(), SELF);
    await expect(route({ type: 'rules:syncNow', payload: {} }, me)).resolves.toEqual({
      ok: false,
      error: 'network is down',
    });
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an unknown type', { type: 'team:whatever', payload: {} }],
    ['an inherited name', { type: 'toString', payload: {} }],
  ])('leaves %s to other listeners (undefined)', (_n, msg) => {
    expect(createRouter(handlers(), SELF)(msg, me)).toBeUndefined();
  });

  it('a handler table must cover every message (compile-time check)', () => {
    // @ts-expect-error — missing handlers are a type error
    const incomplete = { 'capture:clear': async () => ({ ok: true as const }) } satisfies Handlers;
    expect(Object.keys(incomplete)).toHaveLength(1);
    const wrongPayload = {
      ...handlers(),
      // @ts-expect-error — a handler reading a field its payload does not have is a type error
      'capture:clear': async ({ index }: { index: number }) => ({ ok: true as const, index }),
    } satisfies Handlers;
    expect(wrongPayload).toBeTruthy();
  });
});

// Issue 17.9: defence in depth, even though the manifest opens no external channel.
describe('sender and tab id checks', () => {
  const msg = { type: 'capture:clear', payload: { tabId: 3 } };

  it.each([
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' }],
    ['a web page (no id)', { url: 'https://evil.example/' }],
    ['no sender', undefined],
  ])('ignores a message from %s', (_name, sender) => {
    expect(createRouter(handlers(), SELF)(msg, sender)).toBeUndefined();
  });

  it.each([-1, 1.5, '3', Number.NaN, 2 ** 53])('refuses tab id %j', async (tabId) => {
    const route = createRouter(handlers(), SELF);
    await expect(route({ type: 'capture:clear', payload: { tabId } }, me)).resolves.toEqual({
      ok: false,
      error: 'invalid tab id',
    });
  });

  it('accepts its own pages with a valid tab id', async () => {
    await expect(createRouter(handlers(), SELF)(msg, me)).resolves.toEqual({ ok: true, value: { ok: true } });
  });

  it.each([
    ['capture:12', me, 12],
    ['capture:0', me, 0],
    ['capture:12', { id: 'other' }, null],
    ['capture:12', undefined, null],
    ['capture:-1', me, null],
    ['capture:1e3', me, null],
    ['capture:', me, null],
    ['capture:12abc', me, null],
    ['panel:12', me, null],
  ])('portTabId(%j, sender %j) is %j', (name, sender, want) => {
    expect(portTabId({ name, ...(sender ? { sender } : {}) }, 'capture:', SELF)).toBe(want);
  });
});
