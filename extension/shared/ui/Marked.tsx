import type { JSX } from 'preact';

const PLACEHOLDER = /\[REDACTED[^\]]*\]/g;

/** Shows text with every redaction placeholder marked (and announced as "redacted"). */
export function Marked({ text }: { text: string }): JSX.Element {
  const parts: (string | JSX.Element)[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <mark class="redacted" key={at}>
        {m[0]}
      </mark>,
    );
    last = at + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

export const hasRedaction = (text: string | undefined | null): boolean =>
  !!text && /\[REDACTED[^\]]*\]/.test(text);
