/**
 * Findings in people's words: a few categories, a plain reason ("header named Authorization",
 * "looks like a JWT") and the source of the rule that decided it. Engine labels (`field:line1`,
 * rule ids) stay for the details. One module so the panel, popup, review page and messages agree.
 */
import type { Finding, RuleOrigin } from '../../../src/index';

export type CategoryId = 'credentials' | 'cookies' | 'personal' | 'identifiers' | 'other';

export const CATEGORIES: { id: CategoryId; title: string; blurb: string; one: string }[] = [
  {
    id: 'credentials',
    title: 'Credentials & tokens',
    one: 'credential or token',
    blurb: 'passwords, API keys, bearer tokens, JWTs: anyone holding them can act as you',
  },
  {
    id: 'cookies',
    title: 'Session cookies',
    one: 'session cookie',
    blurb: 'cookie values: they often keep you signed in',
  },
  {
    id: 'personal',
    title: 'Personal data',
    one: 'personal data',
    blurb: 'emails, phone numbers, names, card numbers, addresses',
  },
  {
    id: 'identifiers',
    title: 'Identifiers',
    one: 'identifier',
    blurb: 'account, user and device ids that point to a person',
  },
  { id: 'other', title: 'Other', one: 'other', blurb: 'values your own or your team’s rules flag' },
];

export const categoryTitle = (id: CategoryId): string => CATEGORIES.find((c) => c.id === id)!.title;

const SOURCE: Record<RuleOrigin, string> = {
  builtin: 'built-in',
  team: 'team',
  policy: 'policy',
  user: 'yours',
  cli: 'command line',
};

export const sourceName = (origin: RuleOrigin): string => SOURCE[origin] ?? origin;

/** Value detectors: what they found, in words, and its category. */
const DETECTED: Record<string, [string, CategoryId]> = {
  jwt: ['looks like a JWT', 'credentials'],
  'private-key': ['a private key', 'credentials'],
  'opaque-token': ['looks like a random token', 'credentials'],
  'keyed-secret': ['a value next to a word like “secret” or “key”', 'credentials'],
  'basic-auth': ['Basic credentials', 'credentials'],
  'bearer-token': ['a Bearer token', 'credentials'],
  'digest-auth': ['Digest credentials', 'credentials'],
  'url-password': ['a password in a URL', 'credentials'],
  'connection-string-password': ['a password in a connection string', 'credentials'],
  'aws-secret-access-key': ['looks like an AWS secret key', 'credentials'],
  'signed-url-signature': ['the signature of a signed URL', 'credentials'],
  'signed-url-credential': ['the credential of a signed URL', 'credentials'],
  'signed-url-token': ['the token of a signed URL', 'credentials'],
  'otp-seed': ['a one-time-password seed', 'credentials'],
  'telegram-bot-token': ['looks like a Telegram bot token', 'credentials'],
  email: ['email address', 'personal'],
  phone: ['phone number', 'personal'],
  'card-number': ['card number (checksum valid)', 'personal'],
  iban: ['bank account number (IBAN)', 'personal'],
  ssn: ['US social security number', 'personal'],
  address: ['street address', 'personal'],
};

const KIND_WORDS: Record<string, string> = {
  header: 'header',
  cookie: 'cookie',
  query: 'query parameter',
  field: 'field',
  param: 'form field',
  name: 'field',
};

/** Header names as people write them: "authorization" → "Authorization", "x-api-key" → "X-Api-Key". */
function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export interface Explained {
  category: CategoryId;
  /** Why, in plain words. */
  reason: string;
  /** Built-in, team, policy, yours. */
  source: string;
  /** The name the value stood under, or a short description of the value. */
  name: string;
}

type FindingLike = Pick<Finding, 'label' | 'ruleId' | 'origin'> & { name?: string };

export function explainFinding(f: FindingLike): Explained {
  const source = sourceName(f.origin);
  const colon = f.label.indexOf(':');
  const kind = colon > 0 ? f.label.slice(0, colon) : '';
  const labelName = colon > 0 ? f.label.slice(colon + 1) : '';
  const name = f.name ?? labelName;
  const byRule = categoryOfRule(f.ruleId, f.origin);
  if (kind === 'cookie' || f.ruleId === 'cookie.all') {
    return { category: 'cookies', reason: 'cookie value', source, name: name || 'cookie' };
  }
  if (kind in KIND_WORDS && name) {
    const shown = kind === 'header' ? headerCase(name) : name;
    return {
      category: byRule ?? 'credentials',
      reason: `${KIND_WORDS[kind]} named ${shown}`,
      source,
      name: shown,
    };
  }
  const detected = DETECTED[f.label];
  if (detected) {
    return {
      category: byRule && byRule !== 'credentials' ? byRule : detected[1],
      reason: detected[0],
      source,
      name: name || detected[0],
    };
  }
  if (f.ruleId === 'detect.vendor') {
    return {
      category: 'credentials',
      reason: `looks like a ${f.label.replace(/-/g, ' ')}`,
      source,
      name: name || f.label,
    };
  }
  if (f.ruleId === 'engine.structure') {
    return {
      category: 'credentials',
      reason: 'part of a secret found elsewhere',
      source,
      name: name || f.label,
    };
  }
  if (f.label === 'pattern' || f.origin !== 'builtin') {
    return {
      category: byRule ?? 'other',
      reason: `matches ${source === 'yours' ? 'your' : `the ${source}`} rule ${f.ruleId}`,
      source,
      name: name || f.label,
    };
  }
  return {
    category: byRule ?? 'other',
    reason: f.label.replace(/[-:]/g, ' '),
    source,
    name: name || f.label,
  };
}

/** Built-in rules whose category is known whatever the label says. */
function categoryOfRule(ruleId: string, origin: RuleOrigin): CategoryId | null {
  if (origin !== 'builtin') return null;
  if (ruleId === 'cookie.all') return 'cookies';
  if (ruleId === 'field.identity' || ruleId === 'detect.pii') return 'personal';
  if (ruleId === 'field.identifiers') return 'identifiers';
  if (
    ruleId.startsWith('header.') ||
    ruleId.startsWith('detect.') ||
    ruleId.startsWith('name.') ||
    ruleId.startsWith('query.')
  )
    return 'credentials';
  return null;
}

export interface NameCount {
  name: string;
  reason: string;
  source: string;
  /** Distinct values. */
  values: number;
  /** Places replaced (or left in clear when kept). */
  places: number;
}

export interface CategorySummary {
  id: CategoryId;
  title: string;
  one: string;
  blurb: string;
  values: number;
  places: number;
  kept: number;
  names: NameCount[];
}

export interface FindingsSummary {
  categories: CategorySummary[];
  /** Distinct values redacted (kept ones excluded). */
  values: number;
  places: number;
  kept: number;
}

/** Counts per category (kept values apart), and per name inside each, biggest first. */
export function summarizeFindings(findings: readonly Finding[]): FindingsSummary {
  const cats = new Map<CategoryId, CategorySummary & { byName: Map<string, NameCount> }>();
  let values = 0;
  let places = 0;
  let kept = 0;
  for (const f of findings) {
    const e = explainFinding(f);
    let c = cats.get(e.category);
    if (!c) {
      const meta = CATEGORIES.find((x) => x.id === e.category)!;
      c = { ...meta, values: 0, places: 0, kept: 0, names: [], byName: new Map() };
      cats.set(e.category, c);
    }
    if (f.kept) {
      c.kept++;
      kept++;
      continue;
    }
    c.values++;
    c.places += f.count;
    values++;
    places += f.count;
    const key = `${e.name}\u0000${e.reason}`;
    const n = c.byName.get(key) ?? { name: e.name, reason: e.reason, source: e.source, values: 0, places: 0 };
    n.values++;
    n.places += f.count;
    c.byName.set(key, n);
  }
  const order = CATEGORIES.map((c) => c.id);
  const categories = [...cats.values()]
    .map(({ byName, ...c }) => ({
      ...c,
      names: [...byName.values()].sort((a, b) => b.places - a.places || a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { categories, values, places, kept };
}

/** One line: "12 credentials & tokens, 9 session cookies". */
export function summaryLine(s: FindingsSummary): string {
  const parts = s.categories
    .filter((c) => c.values > 0)
    .map((c) => `${c.values} ${c.values === 1 ? c.one : c.title.toLowerCase()}`);
  return parts.length === 0 ? 'nothing to remove' : parts.join(', ');
}

/** "field named password", "cookie value (session)": the reason, with the name when it adds something. */
export function describeName(reason: string, name: string): string {
  return !name || reason.includes(name) || reason === name ? reason : `${reason} (${name})`;
}
