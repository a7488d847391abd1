/**
 * Remote calls that pass a password by its position, not by a name: XML-RPC's `<methodCall>` and
 * JSON-RPC's `{"method": …, "params": [...]}` for the APIs that do (WordPress's and the blog APIs'
 * XML-RPC, Odoo's external API, Ethereum nodes' `personal_*` methods). Which argument is the
 * password is known from the method's documented signature; no other argument is judged here.
 */
import { cannotBeCredential, secretShaped } from './value-shape';

const SIGN_IN = /^(?:[\w.]{0,64}[._])?(?:login|authenticate|signin|logon)$/i;
const SIGN_IN_CAMEL = /^[\w.]{0,64}[a-z\d](?:Login|LogIn|SignIn|Authenticate|Logon)$/;
/**
 * What reports a sign-in rather than making one (`recordLogin(userAgent, …)`, `onSignIn`,
 * `audit_login`): the verb a whole word, at the name's start or after `.` or `_`, or in camel case
 * (not `accountLogin`, `sessionLogin`).
 */
const ABOUT_A_SIGN_IN =
  /(?:^|[._])(?:record|track|log|on|after|before|emit|report|notify|did|will|audit)_?(?:login|log_?in|sign_?in|authenticate|logon)$/i;
const ABOUT_A_SIGN_IN_CAMEL =
  /[a-z\d](?:Record|Track|Log|On|After|Before|Emit|Report|Notify|Did|Will|Audit)(?:Login|LogIn|SignIn|Authenticate|Logon)$/;
/**
 * A password's change or reset (`changePassword(old, new)`, `user.reset_password(token, new)`):
 * the verb at the name's start or after `.` or `_` (not `canResetPassword`).
 */
const NEW_PASSWORD = /(?:^|[._])(?:change|reset|set|update)_?pass(?:word|wd)$/i;
/** What is no password among a call's arguments: an id (a UUID, `user-4711`) or an address. */
const ID_OR_ADDRESS =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z]{1,32}[-_]\d{1,19}|[^\s@]{1,64}@[^\s@]{1,255})$/i;

/**
 * Whether a method's or a function's name says it signs in (`login`, `user.logon`, `doLogin`,
 * `signIn`; not `recordLogin`, which reports one).
 */
export function signsIn(method: string): boolean {
  return (
    (SIGN_IN.test(method) || SIGN_IN_CAMEL.test(method)) &&
    !ABOUT_A_SIGN_IN.test(method) &&
    !ABOUT_A_SIGN_IN_CAMEL.test(method)
  );
}

/** An argument that may be a password: no word, no id, no address (those have their own readers). */
const mayBePassword = (arg: string): boolean => !cannotBeCredential(arg) && !ID_OR_ADDRESS.test(arg);

/** The positions of a method's password among its arguments, or undefined for a method not known. */
export function passwordPositions(method: string, args: readonly unknown[]): number[] | undefined {
  // WordPress: wp.getUsersBlogs(username, password); every other wp.* (blog_id, username, password, …).
  if (method === 'wp.getUsersBlogs') return [1];
  // metaWeblog.*, mt.* and wp.*: (blog or post id, username, password, …).
  if (/^(?:wp|metaWeblog|mt)\.\w{1,64}$/.test(method)) return [2];
  // Blogger 1.0: (appkey, username, password) for the user's calls, (appkey, id, username,
  // password, …) for the others.
  if (/^blogger\.(?:getUsersBlogs|getUserInfo)$/.test(method)) return [2];
  if (/^blogger\.\w{1,64}$/.test(method)) return [3];
  // Odoo: execute_kw(db, uid, password, model, method, …) on every call of its object service;
  // authenticate(db, login, password, env) and login(db, login, password) on its common service.
  if (/^(?:execute_kw|execute|exec_workflow)$/.test(method))
    return typeof args[1] === 'number' ? [2] : undefined;
  // A sign-in (`login(user, password)`, Odoo's `(db, login, password)`, OpenSubtitles' `LogIn(user,
  // password, language, agent)`): past its first, those of its first three strings that are no
  // word (a language, a client's or a provider's name stays); its only one when that has a token's
  // shape (SignalR's `Authenticate(token)`; not `signIn("google")`).
  if (signsIn(method)) {
    const strings: number[] = [];
    for (let i = 0; i < Math.min(3, args.length); i++) if (typeof args[i] === 'string') strings.push(i);
    if (strings.length === 1) return secretShaped(args[strings[0]] as string) ? strings : undefined;
    // (Odoo's `(db, login, password)` with a login that is no word, `jdoe42`, loses both: by its
    // place alone it cannot be told from `(user, password, code)`.)
    const found = strings.slice(1).filter((i) => mayBePassword(args[i] as string));
    return found.length > 0 ? found : undefined;
  }
  // A password's change or reset: among its first four strings, those that may be one (a user's
  // name, id or address stays; the old password, the new one and a reset's token go).
  if (NEW_PASSWORD.test(method)) {
    const found: number[] = [];
    for (let i = 0; i < Math.min(4, args.length); i++)
      if (typeof args[i] === 'string' && mayBePassword(args[i] as string)) found.push(i);
    return found.length > 0 ? found : undefined;
  }
  // Ethereum (geth, Parity): the account's passphrase.
  if (method === 'personal_importRawKey') return [0, 1];
  if (method === 'personal_newAccount') return [0];
  if (/^personal_(?:unlockAccount|sendTransaction|signTransaction)$/.test(method)) return [1];
  if (method === 'personal_sign') return [2];
  return undefined;
}

/** An Ethereum private key: 32 bytes in hex (so are a transaction's hash, a log's topic, a slot). */
const ETH_KEY = /^(?:0x)?[0-9a-fA-F]{64}$/;
/** A key in a token's alphabet: Solana's base58, Stellar's `S…` base32, base64. */
const KEY_TEXT = /^[\w+/=-]{32,256}$/;
/** A wallet's recovery phrase: 12 to 24 lower-case words (BIP-39). */
const MNEMONIC = /^[a-z]{3,8}(?: [a-z]{3,8}){11,23}$/;

/** Wallet libraries' calls that take a private key first (ethers, viem, Solana's Keypair, web3). */
const PRIVATE_KEY_CALLS = [
  'Wallet',
  'SigningKey',
  'privateKeyToAccount',
  'privateKeyToAddress',
  'fromPrivateKey',
  'fromSecretKey',
  'fromSecret',
  'fromSeed',
];
/** …and those that take a recovery phrase first. */
const MNEMONIC_CALLS = [
  'fromMnemonic',
  'fromPhrase',
  'mnemonicToAccount',
  'mnemonicToSeed',
  'mnemonicToSeedSync',
];
/** …and those that sign with a key given second. */
const SIGNING_CALLS = ['signTransaction', 'sign', 'ecsign'];
/** Every call keyPositions knows, by its name. */
export const KEY_CALLEES: ReadonlySet<string> = new Set([
  ...PRIVATE_KEY_CALLS,
  ...MNEMONIC_CALLS,
  ...SIGNING_CALLS,
]);

/**
 * Calls of wallet libraries that take a private key or a recovery phrase by position: ethers'
 * `new Wallet(key, provider)` and `new SigningKey(key)`, viem's and web3's `privateKeyToAccount`,
 * `Wallet.fromPrivateKey`, Solana's `Keypair.fromSecretKey` and `fromSeed`, Stellar's
 * `Keypair.fromSecret`, `fromMnemonic`/`fromPhrase`/`mnemonicToAccount`; and signing with a key
 * (web3's `signTransaction(tx, key)` and `sign(data, key)`, ethereumjs' `ecsign(hash, key)`).
 * Only an argument of a key's or a phrase's shape goes: the names are common (a shop's `Wallet`,
 * a form's `sign`), and 32 bytes in hex elsewhere are a hash. Undefined for other calls.
 */
export function keyPositions(
  callee: string,
  args: readonly unknown[],
): { at: number; name: 'private_key' | 'mnemonic' } | undefined {
  const arg = (i: number) => (typeof args[i] === 'string' ? (args[i] as string) : '');
  if (PRIVATE_KEY_CALLS.includes(callee)) {
    const v = arg(0);
    if (ETH_KEY.test(v)) return { at: 0, name: 'private_key' };
    // (A wallet of a shop's or a game's is no key: only a key in hex passes there.)
    const keyText = callee !== 'Wallet' && callee !== 'SigningKey' && KEY_TEXT.test(v) && secretShaped(v);
    return keyText ? { at: 0, name: 'private_key' } : undefined;
  }
  if (MNEMONIC_CALLS.includes(callee)) return MNEMONIC.test(arg(0)) ? { at: 0, name: 'mnemonic' } : undefined;
  if (SIGNING_CALLS.includes(callee))
    return ETH_KEY.test(arg(1)) ? { at: 1, name: 'private_key' } : undefined;
  return undefined;
}

const MAX_CALL = 1024 * 1024;

/** The arguments at a method's password positions that are strings. */
export function passwordsOf(method: string, args: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const i of passwordPositions(method, args) ?? []) {
    const a = args[i];
    if (typeof a === 'string' && a !== '') out.push(a);
  }
  return out;
}

/**
 * The passwords a JSON-RPC text passes by position: a request (or a batch of them) with a `method`
 * and `params` (Odoo's JSON-RPC nests its call as `{"service", "method", "args"}` in the params),
 * or a SignalR invocation's `target` and `arguments`. Undefined when the text holds none (most
 * JSON: it is parsed only when both keys show).
 */
export function jsonRpcPasswords(text: string, parse: () => unknown): Set<string> | undefined {
  // (A call is small: a big body that names a method is something else, and is not parsed.)
  if (text.length > MAX_CALL) return undefined;
  const rpc = text.includes('"method"') && (text.includes('"params"') || text.includes('"args"'));
  if (!rpc && !(text.includes('"target"') && text.includes('"arguments"'))) return undefined;
  const body = parse();
  if (body === undefined) return undefined;
  let out: Set<string> | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const call = node as Record<string, unknown>;
    const method = call.method ?? call.target;
    const args = [call.params, call.args, call.arguments].find(Array.isArray) as unknown[] | undefined;
    if (typeof method === 'string' && args)
      for (const pw of passwordsOf(method, args)) (out ??= new Set()).add(pw);
    if (call.params && typeof call.params === 'object' && !Array.isArray(call.params))
      visit(call.params, depth + 1);
  };
  visit(body, 0);
  return out;
}

const METHOD_NAME = /^\s*<methodName>\s*([\w.:-]{1,128})\s*<\/methodName>\s*<params>/;
const SCALAR = /^\s*(?:<(string|int|i4|i8|double|boolean|base64)>([^<]*)<\/\1>|([^<]*))\s*$/;

/** An XML-RPC parameter's value: a scalar's text (a number as a number), or null for a struct or an array. */
function paramValue(xml: string): { text: string; raw: unknown } | null {
  const m = SCALAR.exec(xml);
  if (!m) return null;
  const type = m[1] ?? 'string';
  const text = m[2] ?? m[3];
  if (type === 'int' || type === 'i4' || type === 'i8' || type === 'double')
    return { text, raw: Number(text) };
  return { text, raw: text };
}

/**
 * One call's parameters (the text between `<params>` and `</params>`): each `<param>`'s value,
 * and where its scalar's text stands. Found by indexOf, each once: a call cut short costs one
 * pass, not one per tag.
 */
function paramsOf(params: string): { args: unknown[]; spans: { start: number; end: number }[] } {
  const args: unknown[] = [];
  const spans: { start: number; end: number }[] = [];
  for (let at = params.indexOf('<param>'); at >= 0;) {
    const close = params.indexOf('</param>', at);
    if (close < 0) break;
    // (Looked for in this parameter only: a `<value>` missing would have had each search run on
    // to the text's end.)
    const param = params.slice(at, close);
    const openAt = param.indexOf('<value>');
    const endAt = param.lastIndexOf('</value>');
    const open = at + openAt;
    const inner = openAt >= 0 && endAt > openAt ? param.slice(openAt + 7, endAt) : null;
    const v = inner === null ? null : paramValue(inner);
    args.push(v?.raw ?? null);
    if (v && inner !== null) {
      const gt = inner.indexOf('>');
      const start = open + 7 + inner.indexOf(v.text, gt < 0 ? 0 : gt + 1);
      spans.push({ start, end: start + v.text.length });
    } else spans.push({ start: -1, end: -1 });
    at = params.indexOf('<param>', close);
  }
  return { args, spans };
}

/**
 * XML-RPC calls in a text: each `<methodCall>`'s parameters, with the raw text of the password ones
 * (as written, entities and all) given to `replace`; the rest stays as it was.
 */
export function rewriteXmlRpc(text: string, replace: (raw: string, method: string) => string): string {
  let out = '';
  let last = 0;
  for (let at = text.indexOf('<methodCall>'); at >= 0; at = text.indexOf('<methodCall>', at + 1)) {
    const head = METHOD_NAME.exec(text.slice(at + 12, at + 12 + 512));
    if (!head) continue;
    const from = at + 12 + head[0].length;
    const to = text.indexOf('</params>', from);
    if (to < 0) break;
    const params = text.slice(from, to);
    const { args, spans } = paramsOf(params);
    const positions = passwordPositions(head[1], args) ?? [];
    for (const i of [...positions].sort((a, b) => a - b)) {
      const f = spans[i];
      if (!f || f.start < 0 || typeof args[i] !== 'string' || f.end === f.start) continue;
      out += text.slice(last, from + f.start) + replace(params.slice(f.start, f.end), head[1]);
      last = from + f.end;
    }
    at = to;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A GWT-RPC request's head: its version (5 to 7), its flags and the size of its string table. */
const GWT_HEAD = /^([5-7])\|(\d{1,9})\|(\d{1,6})\|/;
/** Parameter types whose value is one token: a string (by its place in the table) or a primitive. */
const GWT_STRING = /^java\.lang\.String\/\d+$/;
const GWT_PRIMITIVE = /^[BCDFIJSZ]$/;

/** True when a text opens as a GWT-RPC request does (cheap: the guard before reading one). */
export function isGwtRpc(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 53 && c <= 55 && text.charCodeAt(1) === 124 && GWT_HEAD.test(text);
}

/** The XSRF token GWT's protected services send before the service's name (flag 2). */
const GWT_XSRF = /^com\.google\.gwt\.user\.client\.rpc\.XsrfToken\/\d+$/;

/**
 * A GWT-RPC request (`text/x-gwt-rpc`: `7|0|7|https://…/|STRONGNAME|com.acme.LoginService|login|
 * java.lang.String/2004016611|alice|…|1|2|3|4|2|5|5|6|7|`): a string table, then the module, the
 * strong name (and, with flag 2, an RPC token: GWT's XsrfToken, its type and its text), the service
 * and the method as places in it, the parameters' count, their types, and their values (a string
 * by its place). The XSRF token is given to `replace` as `xsrf-token`. The passwords are found by
 * the method, as for the other remote calls, when every parameter is a string or a primitive (an
 * object's fields are written by its class's own serializer), and given as `password`. Each value
 * is given as the table holds it unescaped; what `replace` returns is written back escaped.
 */
export function rewriteGwtRpc(
  text: string,
  replace: (value: string, name: 'password' | 'xsrf-token', method: string) => string,
): string {
  const head = GWT_HEAD.exec(text);
  if (!head || (head[2] !== '0' && head[2] !== '2') || text.length > MAX_CALL) return text;
  const tokens = text.split('|');
  const count = Number(head[3]);
  const table = tokens.slice(3, 3 + count);
  let at = 3 + count;
  if (tokens.length < at + 6) return text;
  const ref = (token: string | undefined): string | undefined => {
    const i = Number(token);
    return Number.isInteger(i) && i >= 1 && i <= count ? gwtUnescape(table[i - 1]) : undefined;
  };
  const found: { slot: number; value: string; name: 'password' | 'xsrf-token' }[] = [];
  at += 2; // the module's base URL and the strong name
  if (head[2] === '2') {
    // (Another RPC token's class writes its own fields: not read.)
    if (!GWT_XSRF.test(ref(tokens[at]) ?? '')) return text;
    const xsrf = ref(tokens[at + 1]);
    if (xsrf) found.push({ slot: 3 + Number(tokens[at + 1]) - 1, value: xsrf, name: 'xsrf-token' });
    at += 2;
  }
  at += 1; // the service
  const method = ref(tokens[at++]);
  const params = Number(tokens[at++]);
  const types = tokens.slice(at, at + params).map(ref);
  const values = tokens.slice(at + params, at + 2 * params);
  if (
    method !== undefined &&
    Number.isInteger(params) &&
    params >= 1 &&
    params <= 64 &&
    types.length === params &&
    values.length === params &&
    types.every((t) => t !== undefined && (GWT_STRING.test(t) || GWT_PRIMITIVE.test(t)))
  ) {
    const args = values.map((v, k) => (GWT_STRING.test(types[k] as string) ? (ref(v) ?? null) : Number(v)));
    for (const k of passwordPositions(method, args) ?? [])
      if (typeof args[k] === 'string' && args[k] !== '')
        found.push({ slot: 3 + Number(values[k]) - 1, value: args[k] as string, name: 'password' });
  }
  let changed = false;
  for (const f of found) {
    const rep = replace(f.value, f.name, method ?? '');
    if (rep === f.value) continue;
    tokens[f.slot] = gwtEscape(rep);
    changed = true;
  }
  return changed ? tokens.join('|') : text;
}

/** GWT-RPC's string escapes: `\!` for `|`, `\\` for `\`, `\0` for NUL. */
function gwtUnescape(raw: string): string {
  return raw.indexOf('\\') < 0
    ? raw
    : raw.replace(/\\([!\\0])/g, (_, c: string) => (c === '!' ? '|' : c === '0' ? '\0' : '\\'));
}

function gwtEscape(value: string): string {
  return value.replace(/[\\|\0]/g, (c) => (c === '|' ? '\\!' : c === '\0' ? '\\0' : '\\\\'));
}

/** A gRPC call's method, the last segment of its path (`/auth.v1.AuthService/Login`). */
const GRPC_PATH = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(?:\/[^?#]*)?\/[\w.]{1,256}\/(\w{1,128})(?:[?#]|$)/i;

export function grpcMethod(url: string): string | undefined {
  return GRPC_PATH.exec(url)?.[1];
}
