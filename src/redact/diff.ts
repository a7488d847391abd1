/**
 * Where two texts differ: the length of their common prefix and of their common suffix (not
 * overlapping the prefix). Writers use it to re-encode only what changed.
 */
export function changedRange(was: string, now: string): [pre: number, suf: number] {
  let pre = 0;
  while (pre < was.length && pre < now.length && was[pre] === now[pre]) pre++;
  let suf = 0;
  while (
    suf < was.length - pre &&
    suf < now.length - pre &&
    was[was.length - 1 - suf] === now[now.length - 1 - suf]
  )
    suf++;
  return [pre, suf];
}

/**
 * The end of a quoted string that starts at `i` (its opening quote `q`): the index of the closing
 * quote, or of the line break or text end that cuts it short. Backslashes escape the next character.
 */
export function quotedEnd(text: string, i: number, q: number): number {
  let j = i + 1;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 92) j += 2;
    else if (d === q || d === 10 || d === 13) break;
    else j++;
  }
  return j;
}
