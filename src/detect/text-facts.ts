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
