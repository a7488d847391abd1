/**
 * Adds `value` to a set that memoizes a pass's work, emptying it first when it holds `max` values:
 * the memo's memory stays bounded however big the HAR, and a forgotten value is only worked out again.
 */
export function addBounded<T>(set: Set<T>, value: T, max: number): void {
  if (set.size >= max) set.clear();
  set.add(value);
}

/**
 * `compute` remembering its last answer only: for work asked about the same argument several times
 * in a row (each detector family about one text, an entry and its request about one URL).
 */
export function lastMemo<K, V>(compute: (key: K) => V): (key: K) => V {
  let lastKey: K | undefined;
  let last: V | undefined;
  let has = false;
  return (key) => {
    if (!has || key !== lastKey) {
      last = compute(key);
      lastKey = key;
      has = true;
    }
    return last as V;
  };
}

/**
 * `compute` remembered by its argument, for work that depends on it alone and recurs (a field
 * name's kinds, a cookie value's shape): at most `max` answers, then it starts again.
 */
export function boundedMemo<K, V>(compute: (key: K) => V, max = 4096): (key: K) => V {
  const memo = new Map<K, V>();
  return (key) => {
    let v = memo.get(key);
    if (v === undefined && !memo.has(key)) {
      v = compute(key);
      if (memo.size >= max) memo.clear();
      memo.set(key, v);
    }
    return v as V;
  };
}
