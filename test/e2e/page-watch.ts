import type { Page } from 'playwright-core';

/**
 * Records, inside `page`, every text the element `[data-testid=<testId>]` shows and how long the
 * page's main thread went without running a 50 ms timer (its longest stall), while work goes on.
 */
export async function watchPage(page: Page, testId: string) {
  await page.evaluate((id) => {
    const w = window as unknown as { __stalls: number[]; __progress: string[] };
    w.__stalls = [];
    w.__progress = [];
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      w.__stalls.push(now - last);
      last = now;
      setTimeout(tick, 50);
    };
    setTimeout(tick, 50);
    new MutationObserver(() => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent;
      if (text && w.__progress[w.__progress.length - 1] !== text) w.__progress.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, testId);
  return {
    texts: () => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress),
    maxStall: () => page.evaluate(() => Math.max(...(window as unknown as { __stalls: number[] }).__stalls)),
  };
}
