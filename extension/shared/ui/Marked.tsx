import type { JSX } from 'preact';

/**
 * A placeholder as the engine writes it, in each encoding it may stand in: raw, percent-encoded
 * (URLs, forms), JSON \u-escaped, and HTML entities. Tags are hex, labels have no `]`.
 */
export const PLACEHOLDER_ANY =
  /\[REDACTED[^\]]*\]|%5BREDACTED(?:(?!%5D)[^\s"'&<>])*%5D|\\u005bREDACTED(?:(?!\\u005d)[^"\\\n])*\\u005d|&#(?:91|x5b);REDACTED[^&<]*&#(?:93|x5d);|&lbrack;REDACTED[^&<]*&rbrack;/gi;

/** Shows text with every redaction placeholder marked (and announced as "redacted"). */
export function Marked({ text }: { text: string }): JSX.Element {
  const parts: (string | JSX.Element)[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER_ANY)) {
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

export const hasRedaction = (text: string | undefined | null): boolean => {
  if (!text) return false;
  PLACEHOLDER_ANY.lastIndex = 0;
  return PLACEHOLDER_ANY.test(text);
};
