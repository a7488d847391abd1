import type { Har } from 'har-format';

/** `<host>-<yyyy-mm-dd>.redacted.har`, host from the first request (or page) URL. */
export function redactedFilename(har: Har | null, now: Date = new Date()): string {
  const date = now.toISOString().slice(0, 10);
  return `${harHost(har) ?? 'capture'}-${date}.redacted.har`;
}

export function harHost(har: Har | null): string | null {
  const log = har?.log;
  const candidates = [
    ...(log?.entries ?? []).slice(0, 50).map((e) => e?.request?.url),
    ...(log?.pages ?? []).map((p) => p?.title),
  ];
  for (const url of candidates) {
    const host = hostOf(url);
    if (host) return host;
  }
  return null;
}

export function hostOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    if (!u.hostname) return null;
    // A file name must not carry path separators or odd characters, whatever the URL held.
    const safe = u.hostname
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '');
    return safe || null;
  } catch {
    return null;
  }
}
