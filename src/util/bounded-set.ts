/**
 * Adds `value` to a set that memoizes a pass's work, emptying it first when it holds `max` values:
 * the memo's memory stays bounded however big the HAR, and a forgotten value is only worked out again.
 */
export function addBounded<T>(set: Set<T>, value: T, max: number): void {
  if (set.size >= max) set.clear();
  set.add(value);
}
