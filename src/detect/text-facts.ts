/**
 * Facts about the text the families scan in turn (registry.ts calls each with the same string), kept
 * for the last text so that one test serves them all.
 */
const DIGIT = /\d/;
let digitText: string | undefined;
let digitFound = false;

/** Whether `text` holds an ASCII digit (what `\d` matches). */
export function hasDigit(text: string): boolean {
  if (text !== digitText) {
    digitFound = DIGIT.test(text);
    digitText = text;
  }
  return digitFound;
}

/** A test of a field name, worked out once per name: names repeat far more than values. */
export function perName(test: (name: string) => boolean): (name: string) => boolean {
  const memo = new Map<string, boolean>();
  return (name) => {
    let r = memo.get(name);
    if (r === undefined) {
      r = test(name);
      if (memo.size >= 4096) memo.clear();
      memo.set(name, r);
    }
    return r;
  };
}
