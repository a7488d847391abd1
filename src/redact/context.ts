import type { EffectiveRule, RuleSet } from '../rules/types';
import { compileLinearPattern, type LinearPattern } from '../rules/linear-pattern';
import type { Detection } from '../detect/types';
import { detectSecrets, detectorFamilies, jwtInfo } from '../detect/registry';
import { NameRules, normalizeName, type NameKind, type NameDecision } from './names';
import { SecretRegistry, ruleRef, type RuleRef } from './registry';
// Loads the URL reader for the text reader (see url-reader.ts).
import './url';
import { isLink, PASSWORD_NAME } from './url-reader';
import { addBounded, boundedMemo } from '../util/bounded-set';
import { TextMemo } from './text-memo';
import { base64DecodeLatin1 } from '../util/bytes';
import {
  cannotBeCredential,
  cookieSetting,
  CREDENTIAL_COOKIE,
  isProse,
  safeDecode,
  secretShaped,
} from './value-shape';
import { isPersonNameField } from '../detect/personal';
import { isOpaqueToken, PUBLIC_KEY_VALUE } from '../detect/keyed';

/** Built-in pseudo-rules for findings that come from the engine's own structure knowledge. */
const ENGINE_RULE: RuleRef = { id: 'engine.structure', origin: 'builtin', locked: false };

let familyOf: Map<string, string> | null = null;

/** The family id of a detector id (a family id maps to itself). */
function detectorFamilyOf(id: string): string | undefined {
  if (!familyOf) {
    familyOf = new Map();
    for (const f of detectorFamilies) {
      familyOf.set(f.id, f.id);
      for (const d of f.detectors) familyOf.set(d, f.id);
    }
  }
  return familyOf.get(id);
}

/** Custom `value` rules with a `pattern`: compiled once, run per field. */
interface PatternRule {
  rule: EffectiveRule;
  /** RE2, linear time: a user's or a pack's pattern must not be able to hang a redaction. */
  re: LinearPattern;
}

// At least the largest window scrubText hands over (512 KB), so a custom pattern sees all of every text.
const MAX_PATTERN_INPUT = 1024 * 1024;

/**
 * Spans of short texts are remembered: header values, JSON leaves and cookie values repeat from entry
 * to entry, and the detectors are a pure function of the text and the key, so a repeat gets the very
 * same spans without running them again. Long texts (bodies, windows) rarely repeat.
 */
const DETECT_MEMO_MAX_TEXT = 2048;
/** Slots of the detect memo (see TextMemo). */
const DETECT_MEMO_SLOTS = 4096;
/** Slots of the memo of texts found clean (see TextMemo). */
const CLEAN_MEMO_SLOTS = 4096;
const JWT_DONE_MAX = 10_000;
/** Names whose label and query-name answers are remembered (then they start again). */
const NAME_MEMO_MAX = 10_000;

type Spans = readonly { d: Detection; rule: RuleRef }[];
const NO_SPANS: Spans = Object.freeze([]);
const NO_KEY = Object.freeze({});

/**
 * State shared by every location walker during the structural pass: the rules, the registry of
 * found secrets, where we are (entry index, path, request host for scoped rules).
 */
export class Pass {
  readonly names: NameRules;
  entry: number | null = null;
  /**
   * Whether the URL being read is part of a sign-in flow (an OAuth redirect, a reset link): there
   * identity-like query names (`code`, `user`) are credentials whatever their shape.
   */
  authContext = false;
  host = '';
  urlPath = '';
  /** The entry's request URL (a gRPC call's method is its last segment). */
  url = '';
  readonly warnings: string[] = [];
  private readonly valueRuleByFamily = new Map<string, EffectiveRule>();
  private readonly valueRuleByDetector = new Map<string, EffectiveRule>();
  private readonly patterns: PatternRule[] = [];
  /** detect() results by text and key (see DETECT_MEMO_SLOTS). Shared arrays: never mutated. */
  private readonly detectMemo = new TextMemo<Spans>(DETECT_MEMO_SLOTS);
  /**
   * Texts scrubRecurringText found clean, by key (with rules scoped to hosts or paths, by host, path
   * and key): a bit for each depth (see isClean).
   */
  private readonly clean = new TextMemo<number>(CLEAN_MEMO_SLOTS);

  /**
   * Whether scrubText already found `text` clean under the same key and depth (and, with rules
   * scoped to hosts or paths, at the same host and path): its result depends on nothing else, so it
   * would find it clean again. Header values repeat from request to request (user agents, accept,
   * cache headers), and each went through every scan.
   */
  isClean(text: string, key: string | undefined, depth: number): boolean {
    if (depth > 30) return false;
    const scope = this.cleanScope(key);
    const depths = this.clean.get(this.clean.hash(text, scope), text, scope);
    return depths !== undefined && (depths & (1 << depth)) !== 0;
  }

  markClean(text: string, key: string | undefined, depth: number): void {
    if (depth > 30) return;
    const scope = this.cleanScope(key);
    const hash = this.clean.hash(text, scope);
    this.clean.set(hash, text, scope, (this.clean.get(hash, text, scope) ?? 0) | (1 << depth));
  }

  private cleanScope(key: string | undefined): string {
    return this.names.hasScoped ? `${this.host}\u0000${this.urlPath}\u0000${key ?? ''}` : (key ?? '');
  }

  /** Tokens jwtParts has handled: a second call would register the very same values again (a no-op). */
  private readonly jwtDone = new Set<string>();

  constructor(
    ruleSet: RuleSet,
    disabled: ReadonlySet<string>,
    public reg: SecretRegistry,
  ) {
    this.names = new NameRules(ruleSet, disabled);
    for (const r of ruleSet.rules) {
      if (r.target !== 'value' || r.action === 'keep') continue;
      if (!r.locked && (r.enabled === false || disabled.has(r.id))) continue;
      if (r.detector) {
        // A rule may name a family (`jwt`, `vendor`) or one detector (`gitleaks:github-pat`).
        if (detectorFamilyOf(r.detector) === r.detector) this.valueRuleByFamily.set(r.detector, r);
        else this.valueRuleByDetector.set(r.detector, r);
      } else if (r.pattern) {
        try {
          this.patterns.push({ rule: r, re: compileLinearPattern(r.pattern) });
        } catch {
          this.warnings.push(`rule ${r.id}: pattern does not compile; skipped`);
        }
      }
    }
  }

  /**
   * The same rules over a new registry (a streamed batch's): what was registered, and the JWTs
   * already handled for it, start again; the memos of detections and clean texts, which depend only
   * on the text, key and rules, are kept for the next batch.
   */
  useRegistry(reg: SecretRegistry): void {
    this.reg = reg;
    this.jwtDone.clear();
    this.entry = null;
  }

  private ruleForDetector(detector: string): EffectiveRule | undefined {
    return (
      this.valueRuleByDetector.get(detector) ?? this.valueRuleByFamily.get(detectorFamilyOf(detector) ?? '')
    );
  }

  /** Detector and custom-pattern spans in `text`, sorted, non-overlapping. The result is shared: read only. */
  detect(text: string, key?: string): Spans {
    if (text.length > DETECT_MEMO_MAX_TEXT) return this.runDetectors(text, key);
    // `key` undefined and '' mean the same to the detectors (no key).
    const k = key || '';
    const hash = this.detectMemo.hash(text, k);
    let spans = this.detectMemo.get(hash, text, k);
    if (spans === undefined) {
      spans = this.runDetectors(text, key);
      this.detectMemo.set(hash, text, k, spans);
    }
    return spans;
  }

  private readonly enabled = (id: string) => this.ruleForDetector(id) !== undefined;

  /**
   * A word of free text that is one opaque token (32+ near-random characters of both cases and
   * digits: see isOpaqueToken), as its placeholder when the `opaque-token` detector is on.
   */
  opaqueWord(value: string, path: string): string {
    const rule = this.ruleForDetector('opaque-token');
    return rule && isOpaqueToken(value) ? this.secret(value, 'opaque-token', ruleRef(rule), path) : value;
  }

  private runDetectors(text: string, key?: string): Spans {
    const found = detectSecrets(text, key ? { key } : NO_KEY, this.enabled);
    if (found.length === 0 && this.patterns.length === 0) return NO_SPANS;
    const out: { d: Detection; rule: RuleRef }[] = [];
    for (let k = 0; k < found.length; k++) {
      const d = found[k];
      // A value flagged for its shape alone that is base64 of readable text is structure (an ad
      // sync's `o=2&type=1&…`): it is decoded and judged by what it holds, as any base64 is.
      if (d.detector === 'keyed-secret' && isBase64OfText(text.slice(d.start, d.end))) continue;
      const rule = this.ruleForDetector(d.detector);
      if (rule) out.push({ d, rule: ruleRef(rule) });
    }
    if (this.patterns.length) {
      const sample = text.length > MAX_PATTERN_INPUT ? text.slice(0, MAX_PATTERN_INPUT) : text;
      for (const { rule, re } of this.patterns) {
        re.forEachMatch(sample, (start, end) => {
          out.push({
            d: { start, end, detector: rule.id, label: rule.label ?? 'pattern' },
            rule: ruleRef(rule),
          });
        });
      }
      out.sort((a, b) => a.d.start - b.d.start || b.d.end - a.d.end);
      // Drop overlaps: the first (longest at a position) wins.
      let end = -1;
      return out.filter((x) => {
        if (x.d.start < end) return false;
        end = x.d.end;
        return true;
      });
    }
    return out;
  }

  decide(kind: NameKind, name: string): NameDecision | null {
    return this.names.decide(kind, name, this.host, this.urlPath);
  }

  /** Registers `value` as a secret seen at `path` and returns what to write in its place. */
  secret(
    value: string,
    label: string,
    rule: RuleRef,
    path: string,
    strong = true,
    name?: string,
    local = false,
  ): string {
    // Text that already holds placeholders this run wrote (an inner scan's): the text between them
    // goes, never around them (no placeholder inside another). Text that merely looks like one is input.
    // A scan that cut one of our placeholders at its space (a URL in text ends there) sees its head.
    if (value.charCodeAt(0) === 91 && PLACEHOLDER_HEAD.test(value)) return value; // [
    if (value.indexOf('REDACTED') >= 0 && hasOwnPlaceholder(this.reg, value)) {
      return replaceBetweenPlaceholders(this.reg, value, (piece) =>
        this.secret(piece, label, rule, path, strong, name, local),
      );
    }
    const info = this.reg.register(value, label, rule, strong, name, local ? this.entry : undefined);
    this.reg.hit(info, { entry: this.entry, path });
    const rep = this.reg.replacement(info);
    this.onSecret?.(value, rep);
    return rep;
  }

  /** Told of every value replaced while set (a binary reader masks them in place). */
  onSecret: ((value: string, replacement: string) => void) | undefined;

  /** The end of the placeholder of this run that starts at `i` in `text`, else -1. */
  placeholderAt(text: string, i: number): number {
    if (text.charCodeAt(i) !== 91 || !text.startsWith('[REDACTED ', i)) return -1;
    const end = text.indexOf(']', i);
    if (end < 0 || end - i > 96) return -1;
    return this.reg.wrote(text.slice(i, end + 1)) ? end + 1 : -1;
  }

  /**
   * A value found under a name rule. A broad rule (a substring of the name, every cookie, identity
   * fields) leaves values that cannot be credentials (`true`, `en-US`, a timestamp, a word); only
   * secret-shaped values go everywhere else, short real secrets (a PIN) only within their entry.
   */
  named(value: string, d: NameDecision, kind: NameKind, name: string, path: string): string {
    if (value === '') return value;
    const safeName = this.labelSafeName(name);
    const label = d.rule.label ?? (safeName === undefined ? kind : `${kind}:${safeName}`);
    // Personal data (names, streets, phone numbers) is words and numbers: only constants stay.
    // Identity-like query names (`user`, `sid`, `code`) need a secret-shaped value or an auth
    // context: a site id on an ad URL is neither.
    // A name matched by a substring keeps constants but not numbers (`verification_code: 483920`);
    // one of one to three digits is a constant (`cookie_enabled=1`): no code or PIN is that short.
    // An answer to a security question is words, and a credential all the same; so are a wallet's
    // recovery words and a passphrase.
    const substring =
      d.broad &&
      d.rule.group !== 'cookies' &&
      (/^\d{4,}$/.test(value.trim()) || /answer$|phrase|mnemonic/i.test(name));
    const keepable =
      notAPersonName(value, d, kind, name) ||
      notAStreet(value, d, name) ||
      (kind === 'field' && platformId(value, d, name)) ||
      shortMessage(value, d, name) ||
      (!d.rule.locked && !PASSWORD_NAME.test(name) && PUBLIC_KEY_VALUE.test(value)) ||
      (kind === 'cookie' &&
        !d.rule.locked &&
        !CREDENTIAL_COOKIE.test(name) &&
        (cookieSetting(value) || browsingState(name, value) || this.settingsInBase64(value))) ||
      nameOfAField(value, d, name) ||
      aboutTheCredential(value, d, name) ||
      (kind === 'query' &&
        !d.rule.locked &&
        REFERENCE_QUERY_NAMES.test(name) &&
        PUBLIC_REFERENCE.test(value) &&
        !TOKEN_STEP.test(value)) ||
      (kind === 'query' &&
      !d.rule.locked &&
      !this.authContext &&
      (d.rule.group === 'identity' || ambiguousQueryName(name)) &&
      !secretShaped(value)
        ? true
        : d.broad && !d.rule.locked && d.rule.group !== 'identity' && !substring
          ? cannotBeCredential(value) || isProse(value)
          : BOOLEANISH.test(value.trim()));
    if (keepable && this.detect(value).length === 0) {
      this.reg.keepShape(value, label, ruleRef(d.rule), safeName);
      return value;
    }
    if (value.startsWith('eyJ')) this.jwtParts(value);
    return this.secret(value, label, ruleRef(d.rule), path, false, safeName, !d.broad);
  }

  /**
   * A cookie of settings written as base64 of a JSON object (`prefs=eyJ0aGVtZSI6ImRhcmsi…`, that is
   * `{"theme":"dark","lang":"de"}`): read, it holds words, flags and small numbers under names no
   * rule takes. (A signed session's JSON has its signature beside it: no plain base64.)
   */
  private settingsInBase64(raw: string): boolean {
    const v = safeDecode(raw);
    if (v.length < 12 || v.length > 1024 || !v.startsWith('ey') || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(v))
      return false;
    const text = base64DecodeLatin1(v);
    if (text === null || !text.startsWith('{')) return false;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return false;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
    const entries = Object.entries(json as Record<string, unknown>);
    return (
      entries.length > 0 &&
      entries.length <= 32 &&
      entries.every(
        ([k, x]) =>
          // (A one- or two-letter name says nothing: `{"u": "alice", "p": "sunshine"}`.)
          k.length >= 3 &&
          this.decide('field', k) === null &&
          (typeof x === 'boolean' ||
            x === null ||
            (typeof x === 'number' && Math.abs(x) < 1e6) ||
            (typeof x === 'string' && SETTING_WORD.test(x))),
      )
    );
  }

  /**
   * The name as it may appear in a label and the report: never one that is itself a secret (a
   * session id used as a key, a name an inner scan already replaced), nor a long one.
   */
  labelSafeName(name: string): string | undefined {
    if (!name || name.length > 40) return undefined;
    return this.safeName(name) ? name : undefined;
  }

  /** labelSafeName's answers by name (names recur in every entry). */
  private readonly safeName = boundedMemo((name: string) => this.judgeName(name), NAME_MEMO_MAX);

  private judgeName(name: string): boolean {
    if (name.indexOf('REDACTED') >= 0) return false;
    // Names are words, identifiers and header names (`XSRF-TOKEN`): only a long random one is a value.
    return !((name.length >= 16 && /\d/.test(name) && secretShaped(name)) || this.detect(name).length > 0);
  }

  /** A JWT goes whole; PII in its claims and its signature are registered so they go everywhere too. */
  jwtParts(token: string): void {
    // Registering a value again with the same label, rule and strength changes nothing (the registry
    // only ever turns `locked` and `propagate` on), so each token is decoded and scanned once.
    if (this.jwtDone.has(token)) return;
    addBounded(this.jwtDone, token, JWT_DONE_MAX);
    const info = jwtInfo(token);
    if (!info) return;
    const claims = JSON.stringify(info.claims);
    for (const { d, rule } of this.detect(claims))
      this.reg.register(claims.slice(d.start, d.end), d.label, rule, true);
    const sig = token.split('.')[2];
    if (sig && sig.length >= 16) this.remember(sig, 'jwt-signature');
  }

  /** Registers a value for propagation without counting a replacement here (it went inside a larger one). */
  remember(value: string, label: string, strong = true): void {
    if (value.indexOf('REDACTED') >= 0 && hasOwnPlaceholder(this.reg, value)) return;
    this.reg.register(value, label, ENGINE_RULE, strong);
  }

  engineSecret(value: string, label: string, path: string): string {
    return this.secret(value, label, ENGINE_RULE, path);
  }
}

const BOOLEANISH = /^(?:true|false|null|undefined|none)$/i;
/** A setting's value: a word in lower case (`dark`, `de`, `list-view`), or a language tag. */
const SETTING_WORD = /^(?:[a-z]{1,16}(?:[-_][a-z]{1,16}){0,2}|[a-z]{2,3}[-_][A-Z]{2})$/;

/**
 * What a shop's or an app's cookie says of the visit, by its name and its shape together: the
 * experiments a visitor is in (`exp=checkout_v2:treatment_b`: experiment and arm), the products
 * they last viewed (`recently_viewed=SKU-2077-RED-L`). Either alone is not enough: a password may
 * be words joined by punctuation.
 */
function browsingState(name: string, raw: string): boolean {
  if (EXPERIMENT_COOKIE.test(name)) return EXPERIMENT_ARMS.test(safeDecode(raw));
  if (VIEWED_COOKIE.test(name)) return PRODUCT_CODES.test(safeDecode(raw));
  return false;
}
const EXPERIMENT_COOKIE = /^(?:exp|exps|experiments?|ab|ab[_-]?tests?|split[_-]?tests?)$/i;
const EXPERIMENT_ARMS =
  /^[a-z][a-z0-9_.-]{0,40}:[a-z][a-z0-9_.-]{0,40}(?:[,|][a-z][a-z0-9_.-]{0,40}:[a-z][a-z0-9_.-]{0,40}){0,20}$/;
const VIEWED_COOKIE = /^(?:recently[_-]?viewed|recent[_-]?(?:products|items)|last[_-]?viewed)$/i;
/** Product codes (`SKU-2077-RED-L`) or numbers, in a list. */
const PRODUCT_CODES =
  /^(?:[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){1,5}|\d{1,14})(?:[,|](?:[A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){1,5}|\d{1,14})){0,50}$/;

/**
 * A path under a name field is no person's name: GitHub's API, say, lists repositories with
 * `"full_name": "owner/repo"`. (A name holds no slash; whatever else it holds goes.)
 */
function notAPersonName(value: string, d: NameDecision, kind: NameKind, name: string): boolean {
  return (
    kind === 'field' &&
    d.rule.group === 'identity' &&
    !d.rule.locked &&
    isPersonNameField(name) &&
    /^[\w.-]+(?:\/[\w.-]+)+$/.test(value)
  );
}

/**
 * A platform's id in a body's field whose name elsewhere holds a person's handle or a session:
 * Slack's user ids (`"user": "U090S3PQ9"`, `W0…` in an Enterprise Grid), Twilio's message SIDs
 * (`"sid": "SM…"`, 32 hex digits; the account's auth token is the secret). A handle is not written
 * so (a sign-in's `user=WALTER01` has no `0` after its first letter).
 */
function platformId(value: string, d: NameDecision, name: string): boolean {
  if (d.rule.locked || value.length > 34) return false;
  if (/^user$/i.test(name)) return SLACK_USER_ID.test(value);
  if (/^sid$/i.test(name)) return TWILIO_MESSAGE_SID.test(value);
  return false;
}
/** `U0` or `W0` and 7 to 9 capitals and digits, one digit more at least (`U090S3PQ9`, `U0A0ENT18`). */
const SLACK_USER_ID = /^[UW]0(?=[A-Z]*\d)[A-Z0-9]{7,9}$/;
/** An SMS's or an MMS's SID. */
const TWILIO_MESSAGE_SID = /^(?:SM|MM)[0-9a-f]{32}$/;

/**
 * A short message of an interface under a name only part of which is a credential's word (an
 * i18n catalog's `"token.revoke.confirm": "Revoke token?"`): two to four words of letters and a
 * closing mark. isProse wants four parts; a token holds no blank. Not under a password's, a
 * secret's, a session's or an answer's name, nor one that ends in a credential's word: a passphrase
 * may read so.
 */
function shortMessage(value: string, d: NameDecision, name: string): boolean {
  return (
    d.broad &&
    !d.rule.locked &&
    d.rule.group !== 'identity' &&
    value.length <= 64 &&
    !PASSWORD_NAME.test(name) &&
    !/answer|phrase|mnemonic|word/i.test(name) &&
    !CREDENTIAL_LAST.test(name) &&
    SHORT_MESSAGE.test(value)
  );
}
/**
 * A name whose last part is a credential's word (`api_token`, `master_key`, `vaultToken`): its
 * value is that credential, however it reads (a passphrase such as `Open sesame now!`).
 */
const CREDENTIAL_LAST = /(?:key|token|secret|code|pin|pass|pwd|auth|credentials?|cookie|sid|session|jwt)s?$/i;
const SHORT_MESSAGE = /^\p{Lu}[\p{Ll}\p{M}'\u2019]*(?: [\p{L}\p{M}'\u2019]+){1,3}[?!.:\u2026]$/u;

/**
 * An `address` that is a machine's or a wallet's, not a home's: a private network's (`"db":
 * {"address": "10.0.12.5:5432"}`), an Ethereum account's (`0x` and 40 hex digits). A host's name
 * may be a person's own (`thornton-home.duckdns.org:8443`), a public address the user's (a VPN
 * peer's). A street has words and a number with a blank between.
 */
function notAStreet(value: string, d: NameDecision, name: string): boolean {
  return (
    d.rule.group === 'identity' &&
    !d.rule.locked &&
    /address/i.test(name) &&
    (MACHINE_ADDRESS.test(value) || ETHEREUM_ADDRESS.test(value))
  );
}
/** A wallet's address on Ethereum: public by design (every transfer names it on the chain). */
const ETHEREUM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** An address of this machine or a private network, with a port or a prefix length (`/32`) or not. */
const MACHINE_ADDRESS =
  /^(?:localhost|(?:10|127)(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?::\d{1,5}|\/\d{1,2})?$/i;

/**
 * What a `…Name` or `…Param` key holds is the name of a header, cookie or parameter, not its value:
 * axios's `xsrfCookieName: "XSRF-TOKEN"`, `csrfHeaderName: "X-CSRF-Token"`, Rails' `csrf-param`.
 * Replaced, such a name went everywhere it recurs: into the headers' and cookies' own names.
 */
function nameOfAField(value: string, d: NameDecision, name: string): boolean {
  return (
    !d.rule.locked &&
    d.rule.group !== 'identity' &&
    /(?:[a-z\d](?:Name|Param)|[_-](?:name|param))$/.test(name) &&
    value.length <= 64 &&
    value.split(/[-_.]/).every((part) => NAME_PART.test(part))
  );
}
/** A part of a header, cookie or parameter name: a word in one case (or capitalized), few digits. */
const NAME_PART = /^(?:[A-Z]?[a-z]{1,24}|[A-Z]{1,12})\d{0,2}$/;

/**
 * Fields about a credential rather than the credential (`passwordHint`, `secretQuestion`, a session's
 * `expiresAt`, `token_expires_in`, GitHub's `X-OAuth-Scopes`), by the last word of their name; and
 * the documentation's stand-in for one (`YOUR_API_KEY`; a template such as `${token}` still goes:
 * it may be filled in). A one-word value shaped like a secret still goes, and so does whatever a
 * detector finds in any of them. Below a credential's name (`"auth": {"provider": "google"}`,
 * `"api_key": {"name": "ci-deploy"}`), what describes it goes by its own name too, unless the
 * rule is about a person (a `user_name` is the person's).
 */
function aboutTheCredential(value: string, d: NameDecision, name: string): boolean {
  if (d.rule.locked) return false;
  if (TEMPLATE_VALUE.test(value)) return true;
  // How the credential is made or checked (`password_encryption = scram-sha-256`, `tokenAlgorithm:
  // "RS256"`): an algorithm's name.
  if ((ALGORITHM_SNAKE.test(name) || ALGORITHM_CAMEL.test(name)) && ALGORITHM_VALUE.test(value)) return true;
  if (META_SNAKE.test(name) || META_CAMEL.test(name)) {
    // A hint, a question or a message is words (`min 8 chars`): text with spaces stays. So does a
    // type that is a plain URL (`credential_type: "http://auth0.com/oauth/grant-type/password-realm"`),
    // and a token's scopes (`read:org`, `orders:write`).
    return /\S\s+\S/.test(value) || PLAIN_URL.test(value) || !secretShaped(value) || SCOPE.test(value);
  }
  if (d.rule.group === 'identity') return false;
  // What points at a credential (`api_key_id`, `credentialId`, `secret_arn`, `secret_name`), under a
  // name only part of which is a credential's: an id, an ARN, a path of words. (Not a session's id,
  // nor Vault's `secret_id`: those are the credential.)
  if (d.broad && REFERENCE_NAME.test(name) && !/session|^secret[_-]?id$/i.test(name))
    return (
      ID_VALUE.test(value) ||
      ISSUE_KEY.test(value) ||
      /^arn:/.test(value) ||
      WORDS_PATH.test(value) ||
      (WEBAUTHN_ID.test(name) && BASE64URL_ID.test(value))
    );
  if (!(DESCRIBING_SNAKE.test(name) || DESCRIBING_CAMEL.test(name))) return false;
  // A credential's own name, as its owner wrote it (`"api_key": {"name": "CI deploy 2024"}`): words
  // and numbers.
  if (/^(?:name|title|label)$/i.test(name) && NAMED_LIKE_A_THING.test(value)) return true;
  // A provider's or a mode's name is words joined by dashes (`google-oauth2`, `azure_ad`), each
  // with two digits at most (not a credential's own name: `Summer-Time1` may be a passphrase's).
  if (!/^(?:name|title|label)$/i.test(name) && JOINED_NAME_WORDS.test(value)) return true;
  // What describes a credential is one word or a sentence, a plain link or a host's name of words
  // (`"domain": "acme.eu.auth0.com"`): words with blanks may be a passphrase.
  return isProse(value) || isLink(value) || wordyHost(value) || (!/\s/.test(value) && !secretShaped(value));
}
/** Words in lower case joined by `-` or `_`, each with two digits at most. */
const JOINED_NAME_WORDS = /^[a-z]{2,24}\d{0,2}(?:[-_][a-z]{2,24}\d{0,2}){1,3}$/;
/** A name that points at what it names: its id, its ARN, its name. */
const REFERENCE_NAME = /(?:^|[_\-.])(?:id|ids|arn|name)$|[a-z\d](?:Id|Ids|ID|Arn|ARN)$/;
/**
 * An id's shape: a UUID, a number, a ULID, a typed id (`key_01JCNA939AB25KW9YK5MJJETKD`, `cred_7Hq…`),
 * an issue's key (`SUP-07047` under `X-Ticket-Id`).
 */
const ID_VALUE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,20}|[0-9A-HJKMNP-TV-Z]{26}|[a-z]{2,10}_[0-9A-Za-z]{8,40})$/i;
const ISSUE_KEY = /^[A-Z][A-Z0-9]{1,9}-\d{1,6}$/;
/** A path of words (`prod/checkout-api/db-password`, an AWS Secrets Manager name). */
const WORDS_PATH = /^\/?[a-z\d._-]+(?:\/[a-z\d._-]+)+$/;
/** WebAuthn's credential id (public: the server sends it to the browser in `allowCredentials`). */
const WEBAUTHN_ID = /^(?:credential_?id|credentialId|raw_?id|rawId)$/i;
const BASE64URL_ID = /^[A-Za-z0-9_-]{16,1400}$/;
/** A scope of access: words joined by `:` (`read:org`, `orders:write`, `admin:repo_hook`). */
const SCOPE = /^[a-z][a-z_]{1,30}(?::[a-z][a-z_]{1,30}){1,3}$/;
/** Words and short numbers apart by blanks, capitalized or not (`CI deploy 2024`, `Laptop CLI`). */
const NAMED_LIKE_A_THING =
  /^(?:[A-Za-z][a-z]{0,19}|[A-Z]{2,8}|\d{1,4})(?:[ _-](?:[A-Za-z][a-z]{0,19}|[A-Z]{2,8}|\d{1,4})){1,7}$/;
/** What names or places a credential rather than being it, by the last word of a field's name. */
const DESCRIBING_SNAKE =
  /(?:^|[_\-.\s])(?:name|provider|domain|region|issuer|audience|algorithm|alg|kind|mode|method|scheme)$/i;
const DESCRIBING_CAMEL =
  /[a-z\d](?:Provider|Domain|Region|Issuer|Audience|Algorithm|Kind|Mode|Method|Scheme)$/;
/** A host's name of words (`acme.eu.auth0.com`; not `tenant-x8f3k2.auth0.com`). */
const wordyHost = (value: string): boolean =>
  /^[\w.-]+\.[a-z]{2,24}$/i.test(value) && isLink(`https://${value}`);
/** The last word of a name, snake_case, kebab-case or alone (`password_hint`, `expires`)… */
const META_SNAKE =
  /(?:^|[_\-.\s])(?:hint|question|policy|rules?|label|placeholder|description|title|message|error|length|strength|difficulty|required|enabled|type|format|expiry|expires|expiration|at|in|time|lifetime|timeout|ttl|count|status|scopes?|min|max|minimum|maximum|mismatch|invalid|copied|tooltip|help)$/i;
/** …or camelCase (`passwordHint`, `expiresAt`). */
const META_CAMEL =
  /[a-z\d](?:Hint|Question|Policy|Rules?|Label|Placeholder|Description|Title|Message|Error|Length|Strength|Difficulty|Required|Enabled|Type|Format|Expiry|Expires|Expiration|At|In|Time|Lifetime|Timeout|Ttl|TTL|Count|Status|Scopes?|Min|Max|Minimum|Maximum|Mismatch|Invalid|Copied|Tooltip|Help)$/;
/**
 * A stand-in where a value will go: `YOUR_API_KEY`, a route's `:token`, `{code}` and `{{apiKey}}`,
 * `%s`, `%WEBHOOK_SECRET%`, `<your-api-key>`, `[[apiKey]]`: names without digits (`:hunter2pass`
 * and `%Summer2024%` are passwords). (`${token}` is judged as before: probe-fixes' test of
 * stand-ins has it go.)
 */
const TEMPLATE_VALUE =
  /^(?:YOUR_[A-Z\d_]{2,40}|:[A-Za-z_]{1,40}|\{\{?\s*[A-Za-z_.$]{1,40}\s*\}?\}|%[sd]|%[A-Z][A-Z_]{1,40}%|<[A-Za-z-]{2,40}>|\[\[[A-Za-z_.]{1,40}\]\])$/;
const ALGORITHM_SNAKE = /(?:^|[_\-.\s])(?:encryption|algorithm|algo|alg|method|cipher|scheme|mode|kdf)$/i;
const ALGORITHM_CAMEL = /[a-z\d](?:Encryption|Algorithm|Algo|Alg|Method|Cipher|Scheme|Mode|Kdf)$/;
/** An algorithm's or a mode's name: a word, with digits and dashes (`aes-256-gcm`, `RS256`). */
const ALGORITHM_VALUE = /^[A-Za-z][A-Za-z0-9]{0,15}(?:[-_][A-Za-z0-9]{1,15}){0,4}$/;
/** A URL without userinfo, query or fragment. */
const PLAIN_URL = /^https?:\/\/[\w.-]+(?::\d+)?(?:\/[\w.~-]*)*$/;

function isBase64OfText(v: string): boolean {
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(v)) return false;
  const bin = base64DecodeLatin1(v);
  return bin !== null && bin.length >= 8 && /^[\x20-\x7e]+$/.test(bin);
}
const PLACEHOLDER_HEAD = /^\[REDACTED(?: [^\]\s#]{0,64})?$/;
/**
 * What a query's `key`, `ticket` or `at` holds, even in a sign-in's or a download's URL, when it
 * names a thing rather than unlocking one: an issue's key (`PROJ-686`), a git ref
 * (`refs/heads/main`), a stored object's path (`exports/2024/11/report.csv`). (Not a `code`: a
 * texted code is written `G-123456`.)
 */
const REFERENCE_QUERY_NAMES = /^(?:key|ticket|at)$/i;
const PUBLIC_REFERENCE =
  /^(?:[A-Z][A-Z0-9]{1,9}-\d{1,6}|refs\/(?:heads|tags|remotes|pull)\/[\w./-]{1,200}|[\w.-]{1,64}(?:\/[\w.-]{1,64}){1,16}\.[a-z0-9]{1,8})$/;
/** A path's step that is a capability's token (16 or more letters and digits, mixed, no word). */
const TOKEN_STEP = /(?:^|\/)(?=[A-Za-z0-9]{16,}(?:[/.]|$))(?=[^/.]*\d)(?=[^/.]*[A-Za-z])/;
/** Query names that are credentials in a sign-in flow and ids elsewhere. */
const AMBIGUOUS_QUERY_NAMES = new Set(
  [
    'user',
    'username',
    'login',
    'sid',
    'ssid',
    'code',
    'state',
    'key',
    'hash',
    'sig',
    'session',
    'ticket',
    'nonce',
    'at',
  ].map(normalizeName),
);
/** Whether a query name is one of AMBIGUOUS_QUERY_NAMES (names recur in every entry). */
const ambiguousQueryName = boundedMemo(
  (name: string) => AMBIGUOUS_QUERY_NAMES.has(normalizeName(name)),
  NAME_MEMO_MAX,
);
const OWN_PLACEHOLDER = /\[REDACTED [^\]\s#]{1,64} #[0-9a-f]{8}\]/g;

function hasOwnPlaceholder(reg: SecretRegistry, text: string): boolean {
  OWN_PLACEHOLDER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OWN_PLACEHOLDER.exec(text))) if (reg.wrote(m[0])) return true;
  return false;
}

/** `text` with every piece between this run's placeholders (not blank or punctuation) replaced. */
function replaceBetweenPlaceholders(
  reg: SecretRegistry,
  text: string,
  replace: (piece: string) => string,
): string {
  let out = '';
  let last = 0;
  const piece = (s: string) => (/[A-Za-z0-9]/.test(s) ? replace(s) : s);
  OWN_PLACEHOLDER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OWN_PLACEHOLDER.exec(text))) {
    if (!reg.wrote(m[0])) continue;
    out += piece(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + piece(text.slice(last));
}
