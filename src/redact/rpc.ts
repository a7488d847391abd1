import { secretShaped } from './value-shape';

/**
 * Remote calls that pass a password by its position, not by a name: XML-RPC's `<methodCall>` and
 * JSON-RPC's `{"method": …, "params": [...]}` for the APIs that do (WordPress's and the blog APIs'
 * XML-RPC, Odoo's external API, Ethereum nodes' `personal_*` methods). Which argument is the
 * password is known from the method's documented signature; no other argument is judged here.
 */

/** The positions of a method's password among its arguments, or undefined for a method not known. */
function passwordPositions(method: string, args: readonly unknown[]): number[] | undefined {
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
  // A sign-in's last string among its first three (`login(user, password)`, Odoo's `(db, login,
  // password)`); its only one when that is a token's shape (SignalR's `Authenticate(token)`; not
  // `signIn("google")`).
  if (/^(?:[\w.]{0,64}[._])?(?:login|authenticate|signIn|logIn)$/i.test(method)) {
    const strings: number[] = [];
    for (let i = 0; i < Math.min(3, args.length); i++) if (typeof args[i] === 'string') strings.push(i);
    if (strings.length > 1) return [strings[strings.length - 1]];
    return strings.length === 1 && secretShaped(args[strings[0]] as string) ? strings : undefined;
  }
  // Ethereum (geth, Parity): the account's passphrase.
  if (method === 'personal_importRawKey') return [0, 1];
  if (method === 'personal_newAccount') return [0];
  if (/^personal_(?:unlockAccount|sendTransaction|signTransaction)$/.test(method)) return [1];
  if (method === 'personal_sign') return [2];
  return undefined;
}

const MAX_CALL = 1024 * 1024;

/** The arguments at a method's password positions that are strings. */
function passwordsOf(method: string, args: readonly unknown[]): string[] {
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
export function jsonRpcPasswords(text: string): Set<string> | undefined {
  // (A call is small: a big body that names a method is something else, and is not parsed twice.)
  if (text.length > MAX_CALL) return undefined;
  const rpc = text.includes('"method"') && (text.includes('"params"') || text.includes('"args"'));
  if (!rpc && !(text.includes('"target"') && text.includes('"arguments"'))) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
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

const METHOD_CALL =
  /<methodCall>\s*<methodName>\s*([\w.:-]{1,128})\s*<\/methodName>\s*<params>([\s\S]{0,1048576}?)<\/params>/g;
const PARAM = /<param>\s*<value>([\s\S]{0,65536}?)<\/value>\s*<\/param>/g;
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
 * XML-RPC calls in a text: each `<methodCall>`'s parameters, with the raw text of the password ones
 * (as written, entities and all) given to `replace`; the rest stays as it was.
 */
export function rewriteXmlRpc(text: string, replace: (raw: string, method: string) => string): string {
  if (text.indexOf('<methodCall>') < 0) return text;
  return text.replace(METHOD_CALL, (whole: string, method: string, params: string) => {
    const found: { start: number; end: number }[] = [];
    const args: unknown[] = [];
    PARAM.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PARAM.exec(params))) {
      const v = paramValue(m[1]);
      args.push(v?.raw ?? null);
      const at = m.index + m[0].indexOf('<value>') + '<value>'.length;
      if (v) {
        const start = at + m[1].indexOf(v.text, m[1].indexOf('>') < 0 ? 0 : m[1].indexOf('>') + 1);
        found.push({ start, end: start + v.text.length });
      } else found.push({ start: -1, end: -1 });
    }
    const positions = passwordPositions(method, args) ?? [];
    if (positions.length === 0) return whole;
    let next = params;
    for (const i of [...positions].sort((a, b) => b - a)) {
      const f = found[i];
      if (!f || f.start < 0 || typeof args[i] !== 'string' || f.end === f.start) continue;
      next = next.slice(0, f.start) + replace(next.slice(f.start, f.end), method) + next.slice(f.end);
    }
    return next === params ? whole : whole.slice(0, whole.length - params.length - 9) + next + '</params>';
  });
}
