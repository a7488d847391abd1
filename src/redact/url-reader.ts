import type { Pass } from './context';

/**
 * The URL reader, as the text reader reaches it: text holds URLs and URLs hold text, so one calls
 * the other, but the modules do not import each other. url.ts provides its reader when it loads
 * (context.ts loads it with every Pass).
 */
export type UrlReader = (p: Pass, url: string, path: string, depth: number) => string;

let reader: UrlReader | undefined;

export function provideUrlReader(r: UrlReader): void {
  reader = r;
}

export function readUrlInText(p: Pass, url: string, path: string, depth: number): string {
  if (!reader) throw new Error('the URL reader is not loaded (import ./url first)');
  return reader(p, url, path, depth);
}
