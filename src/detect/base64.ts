/** Decodes base64 or base64url (padding optional) to a UTF-8 string; null when it is not valid. */
export function decodeBase64Text(input: string, fatalUtf8 = true): string | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(input)) return null;
  let b = input.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (b.length % 4 === 1) return null;
  while (b.length % 4) b += '=';
  let bin: string;
  try {
    bin = atob(b);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  try {
    return new TextDecoder('utf-8', { fatal: fatalUtf8 }).decode(bytes);
  } catch {
    return null;
  }
}
