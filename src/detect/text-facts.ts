import { lastMemo } from '../util/bounded-set';

/**
 * Facts about the text the families scan in turn (registry.ts calls each with the same string), kept
 * for the last text so that one test serves them all.
 */
const DIGIT = /\d/;

/** Whether `text` holds an ASCII digit (what `\d` matches). */
export const hasDigit = lastMemo((text: string) => DIGIT.test(text));
