import type { Pass } from '../context';
import type { Language } from './language';

/** Reads a nested body (a multipart part, an inline script) in its own language. */
export type ReadBody = (p: Pass, text: string, mimeType: string, path: string) => string;

/**
 * One language: finds the values where that language keeps them and writes placeholders back in
 * its own syntax. Returns null when the text is not in that language after all (the caller then
 * reads it as plain text).
 */
export interface Reader {
  language: Language;
  read(p: Pass, text: string, mimeType: string, path: string, readBody: ReadBody): string | null;
}
