/**
 * Rewrites string (and number) tokens of JSON text in place, keeping every other byte as it was
 * (whitespace, number spelling, key order). Returns null when the text is not JSON.
 */
import { isJsonWs } from '../har/json-syntax';
import { CREDENTIAL_LABEL } from './names';

/**
 * The JSON path of the token being visited (`$.a[0].b`), built only when asked for: most values are
 * kept without ever needing it. Valid during the visitor call only.
 */
export type LazyPath = () => string;

export interface JsonVisitor {
  /**
   * A string value (not a key). `key` is the nearest object key above it (array items inherit it);
   * `container`, for a value in an object, the key that object stands under (`ship_to` for
   * `{"ship_to": {"name": …}}`; an array's key for the objects in it).
   */
  string(
    value: string,
    key: string | undefined,
    path: LazyPath,
    secretAbove: boolean,
    container: string | undefined,
    /**
     * Set when the value is a secret by its place whatever its name: a Kubernetes Secret's `data`
     * (`base64` of the secret) or `stringData` (`text`); an rrweb input event's typed `text`.
     */
    secretByPlace?: 'base64' | 'text',
    /**
     * Set when the value is read under a label beside it (`{"label": "API Key", "value": …}`): a
     * settings row, or an option in a list (`{"label": "Password", "value": "PASSWORD"}`).
     */
    byLabel?: boolean,
  ): string;
  /** A number under a key; return a replacement token or undefined to keep it. */
  number?(raw: string, key: string | undefined, path: LazyPath, secretAbove: boolean): string | undefined;
  /** Whether values under this key are secret as a whole (objects / arrays included). */
  isSecretKey(key: string): boolean;
  /**
   * Object keys themselves (rarely secret): return a replacement or undefined. `container`: the key
   * the object stands under (`active_sessions` for `{"active_sessions": {"<id>": …}}`).
   */
  key?(name: string, path: LazyPath, container: string | undefined): string | undefined;
}

interface Frame {
  array: boolean;
  key: string | undefined;
  secret: boolean;
  index: number;
  /** Where it sits: its parent, and its index or key there (its path is built when first asked for). */
  parent: Frame | undefined;
  at: number | string;
  path: string | undefined;
  expectKey: boolean;
  /** The last string under a `name`-like key of this object (see PAIR_NAME_KEYS). */
  pairName: string | undefined;
  /** Whether pairName is a label's (see JsonVisitor.string's byLabel). */
  pairByLabel: boolean;
  /** Whether this object is a JSON Web Key: its `kty` came before (see JWK_MEMBERS). */
  jwk: boolean;
  /** Whether this object is a patch operation: its `op` came before (see PATCH_OPS). */
  patch: boolean;
  /** Whether this object describes a value (a JSON Schema or an OpenAPI security scheme: see SCHEMA_TYPES). */
  schema: boolean;
  /**
   * Where it stands in a Kubernetes Secret: the Secret (or list of them), a list's items, or the
   * `data` (base64) or `stringData` (text) whose every value is a secret (see K8S_SECRET_KINDS).
   */
  k8s: 'secret' | 'items' | 'data' | 'stringData' | undefined;
  /** rrweb: this object is a session replay's incremental event (`"type": 3` came before). */
  replayEvent: boolean;
  /** rrweb: this object is an input event's data (`"source": 5` in an incremental event's `data`). */
  replayInput: boolean;
}

/**
 * Objects that name a value beside it (`{"name": "password", "value": "…"}`: form serializations,
 * Postman and HAR-like exports, settings lists; validation errors that echo what was rejected:
 * Spring's `field`/`rejectedValue`, Jakarta's `propertyPath`/`invalidValue`, class-validator's
 * `property`/`value`, pydantic's `loc`/`input`, `loc` being a path): the value is read as if it stood
 * under that name, when the name is a credential's and comes first.
 */
const PAIR_NAME_KEYS = new Set([
  'name',
  'Name',
  'key',
  'Key',
  'field',
  'param',
  'header',
  'property',
  'propertyPath',
  // CloudFormation's and Elastic Beanstalk's settings (`{"ParameterKey": "DbPassword",
  // "ParameterValue": …}`), a form field described by its type (`{"type": "password", "value": …}`).
  'ParameterKey',
  'parameterKey',
  'OptionName',
  'optionName',
  'type',
  // A settings page's rows (`{"label": "API Key", "value": …}`); Oracle APEX's page items
  // (`{"n": "P1_PASSWORD", "v": …}`).
  'label',
  'Label',
  'n',
]);
const LABEL_KEYS = new Set(['label', 'Label']);
/** SSM's hierarchy of a parameter's name (`/prod/app/db_password`): three steps or more. */
const SSM_PATH = /^(?:\/[^/]+){3,}$/;
/** A patch operation's `op` (JSON Patch, SCIM): its `path` names the value. */
const PATCH_OPS = /^(?:add|remove|replace)$/i;
/** A SCIM attribute path (`password`, `name.givenName`; no filter). */
const SCIM_PATH = /^[A-Za-z][\w]{0,63}(?:\.[A-Za-z][\w]{0,63})?$/;

/**
 * The name a pair's string names its value by (see PAIR_NAME_KEYS), or undefined:
 * - a JSON Patch's path's last step (`{"op": "replace", "path": "/password", "value": …}`); SCIM's
 *   PATCH writes the attribute's path without a slash (`"path": "password"`);
 * - SSM's parameters (`{"Name": "/prod/db/password", "Type": "SecureString", "Value": …}`): a path's
 *   last step (under AWS's `Name` only: a dashboard's `{"name": "/account/password", "value": 340}`
 *   counts a page's views), and an encrypted one is a secret whatever its name.
 */
function pairNameOf(key: string, value: string, patch: boolean): string | undefined {
  if ((key === 'Type' || key === 'type') && value === 'SecureString') return 'secret';
  if (key === 'Name' && value.length <= 256 && SSM_PATH.test(value))
    return value.slice(value.lastIndexOf('/') + 1);
  // A label of words names a credential by its last word (`API Key`, `Client secret`; not
  // `Token usage`), as a page's label does.
  if (LABEL_KEYS.has(key)) return /\s/.test(value) && !CREDENTIAL_LABEL.test(value) ? undefined : value;
  if (PAIR_NAME_KEYS.has(key)) return value;
  if (key !== 'path') return undefined;
  if (value.startsWith('/') && value.length <= 128) return value.slice(value.lastIndexOf('/') + 1);
  return patch && SCIM_PATH.test(value) ? value.slice(value.lastIndexOf('.') + 1) : undefined;
}
const PAIR_VALUE_KEYS = new Set([
  'value',
  'Value',
  'ParameterValue',
  'parameterValue',
  'val',
  'rejectedValue',
  'invalidValue',
  'rejected_value',
  'input',
  'v',
]);

/**
 * An object whose `type` is one of these describes a value instead of holding it: a JSON Schema
 * (OpenAPI's `"password": {"type": "string", "format": "password", "example": "string"}`) or an
 * OpenAPI security scheme (`"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}`).
 * Its describing members are read as text, not as the credential their object stands under
 * (detectors still judge them); its other members (`default`, `value`) are read as before.
 */
const SCHEMA_TYPES = new Set([
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'apiKey',
  'http',
  'oauth2',
  'openIdConnect',
  'mutualTLS',
]);
const SCHEMA_MEMBERS = new Set([
  'type',
  'format',
  'pattern',
  'description',
  'title',
  'example',
  'examples',
  'enum',
  'in',
  'name',
  'scheme',
  'bearerFormat',
  'openIdConnectUrl',
  '$ref',
  'contentMediaType',
  'contentEncoding',
]);

/**
 * A Kubernetes Secret (`{"kind": "Secret", …, "data": {"<any name>": "<base64>"}}`, a dashboard's
 * or `kubectl`'s view, a watch event's object, a SecretList's items): every value of its `data`
 * and `stringData` is a secret, whatever its name (`STRIPE`, `config.yaml`, `.dockerconfigjson`).
 */
const K8S_SECRET_KINDS = new Set(['Secret', 'SecretList']);

/** Where a new frame stands in a Kubernetes Secret, from its parent's place and its key there. */
function k8sPlace(parent: Frame | undefined, key: string | undefined, object: boolean): Frame['k8s'] {
  if (!parent?.k8s) return undefined;
  if (parent.k8s === 'items') return object ? 'secret' : undefined;
  if (parent.k8s !== 'secret' || parent.array || key === undefined) return undefined;
  if (object && (key === 'data' || key === 'stringData')) return key;
  return key === 'items' && !object ? 'items' : undefined;
}

/**
 * A JSON Web Key's members (RFC 7517/7518) read by what they are, once its `kty` is read: the
 * public ones (`n` and `e` of RSA, `x` and `y` of EC and OKP, the certificate chain `x5c`) as a
 * public key's, which no one signs in with and which a JWKS endpoint publishes to the world; the
 * private ones (RSA's `d`, primes and exponents, a symmetric `k`) as a private key's.
 */
const JWK_TYPES = new Set(['RSA', 'EC', 'OKP', 'oct']);
const JWK_MEMBERS = new Map([
  ...['n', 'e', 'x', 'y', 'crv', 'x5c', 'x5t', 'x5t#S256', 'kid'].map((k) => [k, 'public_key'] as const),
  ...['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].map((k) => [k, 'private_key'] as const),
]);

/** A frame's fields before rewriteJson sets them (frames are reused: see there). */
const FRESH_FRAME: Frame = {
  array: false,
  key: undefined,
  secret: false,
  index: 0,
  parent: undefined,
  at: '',
  path: undefined,
  expectKey: false,
  pairName: undefined,
  pairByLabel: false,
  jwk: false,
  patch: false,
  schema: false,
  k8s: undefined,
  replayEvent: false,
  replayInput: false,
};

/** (A frame without a path has a parent: the root's is given, see rewriteJson.) */
function pathOf(f: Frame): string {
  if (f.path === undefined) {
    const up = pathOf(f.parent as Frame);
    f.path = typeof f.at === 'number' ? `${up}[${f.at}]` : `${up}.${f.at}`;
  }
  return f.path;
}

/**
 * Whether JSON.stringify surely writes `s` as it is between quotes: no quote, backslash, control
 * character or surrogate (a lone one is escaped; pairs are left to JSON.stringify to judge). It
 * costs a call into the runtime each time.
 */
export function jsonPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** JSON.stringify of a string. */
export function jsonString(s: string): string {
  return jsonPlain(s) ? '"' + s + '"' : JSON.stringify(s);
}

/**
 * The last few object keys read, from any text: the keys of a body's objects repeat (`id`, `title`),
 * and the same string comes back for each, its hash already computed for the maps that decide by it.
 */
const RECENT_KEYS = 8;
const recentKeys: string[] = new Array<string>(RECENT_KEYS).fill('');
let nextRecentKey = 0;

/** `text.slice(from, to)`, as a string read before when it is one of the recent keys. */
function recentKey(text: string, from: number, to: number): string {
  const n = to - from;
  for (let r = 0; r < RECENT_KEYS; r++) {
    const k = recentKeys[r];
    if (k.length === n && text.startsWith(k, from)) return k;
  }
  const k = text.slice(from, to);
  // Kept as a copy: a long slice would hold on to the whole text (V8 slices refer to their parent).
  recentKeys[nextRecentKey] = n >= 13 ? (' ' + k).slice(1) : k;
  nextRecentKey = (nextRecentKey + 1) % RECENT_KEYS;
  return k;
}

const MAX_DEPTH = 512;
/** What rrweb writes for an input it masks. */
const REPLAY_MASK = /^\*+$/;
/** A number, true, false or null (one compiled regex for every token). */
const LITERAL = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** LITERAL.test, without the regex for a plain run of digits (ids, counts: most tokens). */
function isLiteral(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return LITERAL.test(raw);
  }
  return raw.length > 0;
}

/** A word that could be a name (`token` in `["password", "token"]`, a list of words, not a pair). */
const NAME_WORD = /^[A-Za-z][A-Za-z_.-]{0,31}$/;

/** Whether the next token from `i` closes an array. */
function closesArray(text: string, i: number): boolean {
  while (i < text.length && isJsonWs(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 93;
}

/** `root` is the path of the text itself (`$` unless the caller's paths go on from its own). */
export function rewriteJson(text: string, v: JsonVisitor, root = '$'): string | null {
  const n = text.length;
  let i = 0;
  while (i < n && isJsonWs(text.charCodeAt(i))) i++;
  const first = text.charCodeAt(i);
  if (first !== 123 && first !== 91) return null; // { or [
  const out: string[] = [];
  let copied = 0;
  // Frames are reused by depth (a JSON body holds thousands of objects): `depth` of them are open.
  const stack: Frame[] = [];
  let depth = 0;
  let pendingKey: string | undefined;
  let changed = false;
  // The next backslash at or after the string being read (text.length: none left). It only moves
  // forward, so finding whether each string holds an escape costs one scan of the text in all.
  let nextBackslash = -1;

  const replace = (start: number, end: number, token: string) => {
    out.push(text.slice(copied, start), token);
    copied = end;
    changed = true;
  };
  const top = (): Frame | undefined => (depth > 0 ? stack[depth - 1] : undefined);
  const childPath = (f: Frame | undefined): string => {
    if (!f) return root;
    return f.array ? `${pathOf(f)}[${f.index}]` : `${pathOf(f)}.${pendingKey ?? ''}`;
  };
  // The visitors' lazy paths read the current frame and key, which stay put during a visitor call.
  let at: Frame | undefined;
  const valuePath: LazyPath = () => childPath(at);
  const keyPath: LazyPath = () => `${pathOf(at!)}.${pendingKey ?? ''}`;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isJsonWs(c) || c === 58) {
      i++;
      continue;
    }
    const f = top();
    if (c === 44) {
      // ,
      if (!f) return null;
      if (f.array) f.index++;
      else f.expectKey = true;
      i++;
      continue;
    }
    if (c === 123 || c === 91) {
      if (depth >= MAX_DEPTH) return null;
      let key = f ? (f.array ? f.key : pendingKey) : undefined;
      // A pair's value that is an object or a list (OpenTelemetry's `{"key": "…x-api-key",
      // "value": {"stringValue": …}}`): below it, the pair's name is the key's.
      const pairValue =
        !!f &&
        !f.array &&
        pendingKey !== undefined &&
        f.pairName !== undefined &&
        PAIR_VALUE_KEYS.has(pendingKey) &&
        v.isSecretKey(f.pairName);
      if (pairValue) key = f!.pairName;
      const secret =
        !!f && (f.secret || pairValue || (!f.array && pendingKey !== undefined && v.isSecretKey(pendingKey)));
      const g = (stack[depth] ??= { ...FRESH_FRAME });
      g.array = c === 91;
      g.key = key;
      g.secret = secret;
      g.index = 0;
      g.parent = f;
      g.at = f ? (f.array ? f.index : (pendingKey ?? '')) : '';
      g.path = f ? undefined : root;
      g.expectKey = c === 123;
      // Netlify's environment variables (`{"key": "SMTP_PASSWORD", "values": [{"value": …,
      // "context": …}]}`): each of the values is the variable's.
      const listed = f?.array && f.key === 'values' && c === 123 ? f.parent?.pairName : undefined;
      g.pairName = listed !== undefined && v.isSecretKey(listed) ? listed : undefined;
      g.pairByLabel = false;
      g.jwk = false;
      g.patch = false;
      g.schema = false;
      g.k8s = k8sPlace(f, f && !f.array ? pendingKey : undefined, c === 123);
      g.replayEvent = false;
      g.replayInput = false;
      depth++;
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      if (!f || f.array !== (c === 93)) return null;
      depth--;
      i++;
      if (depth === 0) {
        while (i < n && isJsonWs(text.charCodeAt(i))) i++;
        if (i !== n) return null;
        break;
      }
      continue;
    }
    if (!f) return null;
    if (c === 34) {
      // string: find the closing quote not preceded by an odd number of backslashes
      let j = i + 1;
      let escaped = false;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return null;
        let b = q - 1;
        let bs = 0;
        while (b > i && text.charCodeAt(b) === 92) {
          bs++;
          b--;
        }
        if (bs > 0) escaped = true;
        if (bs % 2 === 0) {
          j = q;
          break;
        }
        j = q + 1;
      }
      // Any escape (`\n`, `\/`, `\u0026`) means the string is decoded before it is read: read raw, a
      // `\u003d` hid the `=` of a `code=…` pair, and a changed value wrote its escapes back doubled.
      if (!escaped) {
        if (nextBackslash <= i) {
          nextBackslash = text.indexOf('\\', i + 1);
          if (nextBackslash < 0) nextBackslash = n;
        }
        escaped = nextBackslash < j;
      }
      let value: string;
      if (escaped) {
        try {
          value = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return null;
        }
      } else value = !f.array && f.expectKey ? recentKey(text, i + 1, j) : text.slice(i + 1, j);
      if (!f.array && f.expectKey) {
        pendingKey = value;
        f.expectKey = false;
        if (v.key) {
          at = f;
          const k = v.key(value, keyPath, f.key);
          if (k !== undefined && k !== value) replace(i, j + 1, jsonString(k));
        }
      } else {
        let key = f.array ? f.key : pendingKey;
        let byLabel = false;
        const owner = f.array ? f.parent : f;
        if (owner?.jwk && key !== undefined && JWK_MEMBERS.has(key)) key = JWK_MEMBERS.get(key);
        else if (!f.array && key !== undefined) {
          if (key === 'op' && PATCH_OPS.test(value)) f.patch = true;
          else if (key === 'kty' && JWK_TYPES.has(value)) f.jwk = true;
          else if (key === 'type' && SCHEMA_TYPES.has(value)) f.schema = true;
          else if (key === 'kind' && K8S_SECRET_KINDS.has(value)) f.k8s = 'secret';
          const named = pairNameOf(key, value, f.patch);
          // A credential's name stays the pair's whatever names follow it: keys in sorted order put
          // `path` and `type` between `name` and `value` (a cookie export's `{"name": "sessionid",
          // "path": "/", …, "value": …}`, a form's `{"name": "password", "type": "text", …}`).
          if (named !== undefined) {
            if (f.pairName === undefined || !v.isSecretKey(f.pairName)) {
              f.pairName = named;
              f.pairByLabel = LABEL_KEYS.has(key);
            }
          } else if (f.pairName !== undefined && PAIR_VALUE_KEYS.has(key) && v.isSecretKey(f.pairName)) {
            key = f.pairName;
            byLabel = f.pairByLabel;
          }
        } else if (f.array) {
          // A pair as an array (`[["Authorization", "Token …"], …]`: fetch's and axios's header
          // lists, Python's tuples): its second string is read under its first when that is a
          // credential's name, the pair ends there and the second is no name itself.
          if (f.index === 0) f.pairName = value.length <= 64 ? value : undefined;
          else if (
            f.index === 1 &&
            f.pairName !== undefined &&
            v.isSecretKey(f.pairName) &&
            !(NAME_WORD.test(value) && v.isSecretKey(value)) &&
            closesArray(text, j + 1)
          )
            key = f.pairName;
          // FastAPI/pydantic: `{"loc": ["body", "password"], "input": "…"}`, the field is loc's last.
          if (key === 'loc' && depth >= 2 && !stack[depth - 2].array) stack[depth - 2].pairName = value;
        }
        const describes = owner?.schema === true && key !== undefined && SCHEMA_MEMBERS.has(key);
        const secretAbove = !describes && (f.secret || (!f.array && key !== undefined && v.isSecretKey(key)));
        at = f;
        const placed =
          f.k8s === 'data'
            ? 'base64'
            : f.k8s === 'stringData' || (f.replayInput && key === 'text' && !REPLAY_MASK.test(value))
              ? 'text'
              : undefined;
        const next = v.string(
          value,
          key,
          valuePath,
          secretAbove,
          f.array ? undefined : f.key,
          placed,
          byLabel,
        );
        if (next !== value) replace(i, j + 1, jsonString(next));
      }
      i = j + 1;
      continue;
    }
    // number / true / false / null
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || isJsonWs(d)) break;
      j++;
    }
    const raw = text.slice(i, j);
    if (!isLiteral(raw)) return null;
    // rrweb's session replay (`{"type": 3, "data": {"source": 5, "text": "…", "isChecked": false}}`):
    // an input event's text is what the user typed into a field (a password rrweb did not mask, a
    // card number), a secret by its place.
    if (!f.array && raw.length === 1) {
      if (pendingKey === 'type' && raw === '3') f.replayEvent = true;
      else if (pendingKey === 'source' && raw === '5' && f.at === 'data' && f.parent?.replayEvent)
        f.replayInput = true;
    }
    if (v.number && (raw.charCodeAt(0) === 45 || (raw.charCodeAt(0) >= 48 && raw.charCodeAt(0) <= 57))) {
      const key = f.array ? f.key : pendingKey;
      const secretAbove = f.secret || (!f.array && key !== undefined && v.isSecretKey(key));
      at = f;
      const next = v.number(raw, key, valuePath, secretAbove);
      if (next !== undefined && next !== raw) replace(i, j, next);
    }
    i = j;
  }
  if (depth !== 0) return null;
  if (!changed) return text;
  out.push(text.slice(copied));
  return out.join('');
}
