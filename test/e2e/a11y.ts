/**
 * An axe-style check of accessible names: every button, link, input, select and textarea in view
 * has a non-empty accessible name, and no two controls share one (a screen reader user tells them
 * apart by name). Names come from Chromium's accessibility tree (CDP), not from our own guess.
 */
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';

const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'checkbox',
  'combobox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'option',
  'tab',
  'menuitem',
]);

interface AxNode {
  role?: { value?: string };
  name?: { value?: string };
  ignored?: boolean;
  properties?: { name: string; value: { value?: unknown } }[];
}

export async function accessibleNames(target: Page | Frame): Promise<{ role: string; name: string }[]> {
  const page = 'page' in target ? target.page() : target;
  // An extension panel is an out-of-process frame: it has a CDP session of its own.
  let oopif = false;
  let session;
  if ('page' in target) {
    try {
      session = await page.context().newCDPSession(target);
      oopif = true;
    } catch {
      session = await page.context().newCDPSession(page);
    }
  } else {
    session = await page.context().newCDPSession(page);
  }
  try {
    const params: Record<string, unknown> = {};
    if ('page' in target && !oopif) {
      const { frameTree } = (await session.send('Page.getFrameTree')) as {
        frameTree: { frame: { id: string; url: string }; childFrames?: unknown[] };
      };
      const find = (t: { frame: { id: string; url: string }; childFrames?: unknown[] }): string | null => {
        if (t.frame.url === target.url()) return t.frame.id;
        for (const c of (t.childFrames ?? []) as (typeof t)[]) {
          const f = find(c);
          if (f) return f;
        }
        return null;
      };
      const id = find(frameTree);
      if (id) params.frameId = id;
    }
    const { nodes } = (await session.send('Accessibility.getFullAXTree', params)) as { nodes: AxNode[] };
    return nodes
      .filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? ''))
      .filter((n) => !n.properties?.some((p) => p.name === 'hidden' && p.value.value === true))
      .map((n) => ({ role: n.role!.value!, name: (n.name?.value ?? '').trim() }));
  } finally {
    await session.detach().catch(() => undefined);
  }
}

export async function checkAccessibleNames(target: Page | Frame, where: string): Promise<void> {
  const controls = await accessibleNames(target);
  expect(controls.length, `${where}: no controls found`).toBeGreaterThan(0);
  const unnamed = controls.filter((c) => c.name === '');
  expect(unnamed, `${where}: controls without an accessible name`).toEqual([]);
  const seen = new Map<string, number>();
  for (const c of controls) seen.set(`${c.role}: ${c.name}`, (seen.get(`${c.role}: ${c.name}`) ?? 0) + 1);
  const dupes = [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
  expect(dupes, `${where}: controls sharing an accessible name`).toEqual([]);
}
