import { KeywordIndex, type KeywordPositions } from './keyword-index';

/**
 * One keyword pass per string for every family: gitleaks' rule keywords and the words the other
 * families check before their own scans (`bearer`, `x-amz-`…, `eyj`) share one {@link KeywordIndex},
 * and its answer for the last text is kept, so the families scanning the same string in turn (see
 * registry.ts) pay for one pass, not one native scan each.
 */
const words: string[] = [];
const ids = new Map<string, number>();
const tracked = new Set<number>();
let index: KeywordIndex | undefined;
let flags = new Uint8Array(0);
let lastText: string | undefined;
let lastFound: number[] | undefined;

/** Registers a lower-case ASCII keyword (at module load); its id for {@link hasKeyword}. */
export function keywordId(word: string): number {
  let id = ids.get(word);
  if (id === undefined) {
    id = words.push(word) - 1;
    ids.set(word, id);
    index = undefined;
    lastText = undefined;
  }
  return id;
}

/** Like {@link keywordId}, and {@link keywordPositions} lists where the keyword occurs. */
export function trackedKeywordId(word: string): number {
  const id = keywordId(word);
  if (!tracked.has(id)) {
    tracked.add(id);
    index = undefined;
    lastText = undefined;
  }
  return id;
}

/** Ids of the registered keywords that occur in `text` (ASCII case-insensitively); none: `undefined`. */
export function findKeywords(text: string): readonly number[] | undefined {
  if (text === lastText) return lastFound;
  if (!index) {
    index = new KeywordIndex(words, tracked);
    flags = new Uint8Array(words.length);
    lastFound = undefined;
  }
  if (lastFound) for (const k of lastFound) flags[k] = 0;
  lastFound = index.find(text);
  if (lastFound) for (const k of lastFound) flags[k] = 1;
  lastText = text;
  return lastFound;
}

/** Whether keyword `id` occurs in `text`, ASCII case-insensitively. */
export function hasKeyword(text: string, id: number): boolean {
  findKeywords(text);
  return flags[id] === 1;
}

/** Where the tracked keywords occur in `text` (ids and starts, in text order). Valid until the next text. */
export function keywordPositions(text: string): KeywordPositions {
  findKeywords(text);
  return (index as KeywordIndex).positions();
}
