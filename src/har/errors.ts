/** Input that cannot be read as a HAR. The message is one sentence for the user, no stack. */
export class HarReadError extends Error {
  override name = 'HarReadError';
}
