import { describe, expect, it } from 'vitest';
import { createRouter } from '../../extension/background/router';
import type { Handlers } from '../../extension/shared/protocol';

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
    ...over,
  };
}

describe('message router', () => {
  it('answers its messages with {ok, value}', async () => {
    const route = createRouter(handlers());
    await expect(
      route({ type: 'capture:merge', payload: { tabId: 1, entries: [{}, {}], pages: [] } }),
    ).resolves.toEqual({
      ok: true,
      value: { added: 2 },
    });
  });

  it('turns a handler error into {ok:false, error} with the message', async () => {
    const route = createRouter(handlers());
    await expect(route({ type: 'rules:syncNow', payload: {} })).resolves.toEqual({
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
    expect(createRouter(handlers())(msg)).toBeUndefined();
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
