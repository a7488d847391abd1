import { loggableUrl } from '../../export/record';
import { CliError, oneLine } from '../cli-error';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS anywhere; plain HTTP only to this machine. Never echoes a query (a pre-signed URL's is a credential). */
export function checkUploadUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError('--upload needs a URL (https://…)');
  }
  if (url.username || url.password)
    throw new CliError('--upload: the URL must not carry a user name or password');
  const local = url.protocol === 'http:' && LOOPBACK.has(url.hostname.toLowerCase());
  if (url.protocol !== 'https:' && !local)
    throw new CliError(
      `--upload: refused ${url.protocol}//${url.host}: use HTTPS (plain HTTP only to localhost)`,
    );
  return url;
}

/**
 * PUTs the file as it was written, byte for byte. No cookie, no credential: whatever authorises the
 * upload is in the URL the support team gave. A redirect is refused rather than followed, so the
 * bytes go to the host the user named or nowhere.
 */
export async function uploadFile(raw: string, bytes: Uint8Array, contentType: string): Promise<number> {
  const url = checkUploadUrl(raw);
  const shown = loggableUrl(raw);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'PUT',
      body: bytes as unknown as BodyInit,
      headers: { 'content-type': contentType },
      redirect: 'manual',
      credentials: 'omit',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`upload to ${shown} failed: ${oneLine(cause?.code ?? cause?.message ?? String(err))}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status > 299)
    throw new CliError(
      `upload to ${shown} failed: HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`,
    );
  return res.status;
}
