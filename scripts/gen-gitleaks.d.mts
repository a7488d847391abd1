export interface GenerateResult {
  rules: number;
  skipped: string[];
  notes: string[];
  text: string;
}
export function generateGitleaks(options?: {
  sourceDir?: string;
  outFile?: string;
  write?: boolean;
}): GenerateResult;
export function parseToml(src: string): Record<string, unknown>;
export function convertRegex(
  src: string,
  options?: { useIFlag?: boolean },
): { source: string; flags: string };
export function toJsRegex(src: string): { source: string; flags: string };
export function leadingLiterals(source: string, flags?: string): string[] | null;
export function startsWithKeyword(js: { source: string; flags: string }, keywords: string[]): boolean;
export function guardRegex(js: { source: string; flags: string }): {
  plain: { source: string; flags: string }[];
  guarded: { literals: string[]; re: { source: string; flags: string } }[];
};
