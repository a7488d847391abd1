import type { Detection } from './types';

/**
 * Shared result for "nothing found", so the common case allocates nothing. Frozen: a family must
 * never push into it (detectSecrets copies before it merges).
 */
export const NONE: Detection[] = Object.freeze([]) as unknown as Detection[];
