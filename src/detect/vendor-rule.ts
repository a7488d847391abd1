/** Shapes of the rules that scripts/gen-gitleaks.mjs writes into src/detect/generated/gitleaks.ts. */
export interface GitleaksAllowlist {
  /** What the regexes test: the secret (default), the whole match, or the line around it. */
  target: 'secret' | 'match' | 'line' | string;
  regexes: RegExp[];
  /**
   * More regexes of the allowlist (branches of one of gitleaks' alternations), each of which can
   * only match a target whose lower-cased text contains one of its `literals`.
   */
  guarded: { literals: string[]; re: RegExp }[];
  /** Lower-cased; an allowlist hit when the lower-cased secret contains one. */
  stopwords: string[];
}

export interface GitleaksRule {
  id: string;
  /** Compiled with `dg`: global for scanning, indices for the secret group's span. */
  re: RegExp;
  /** Lower-cased; the regex runs only when the text contains one of them (any case). */
  keywords: string[];
  /** Shannon entropy the secret must exceed; 0 = no check. */
  entropy: number;
  /** 0 = first non-empty capture group (or the whole match when there is none). */
  secretGroup: number;
  /** The lazy `[\w.-]{0,50}?` identifier prefix was dropped for speed (see the generator). */
  prefixStripped: boolean;
  /**
   * Every match starts with one of `keywords`, ASCII-case-insensitively (the generator proves it
   * from the regex), so the regex need only be tried where a keyword occurs.
   */
  keywordAnchored: boolean;
  allowlists: GitleaksAllowlist[];
}
