import { NONE } from './empty';
import { findKeywords, hasKeyword, keywordId } from './keywords';
import type { Detection, DetectorFamily } from './types';

/**
 * Credentials written into commands and config files that travel in bodies (docs pages, chat
 * messages, CI logs, support tickets): curl's `-u user:pass` and `-H 'Authorization: …'`, the
 * `data:` values of a Kubernetes Secret in YAML, NuGet's package-source passwords, the password of
 * a user created or changed in SQL (a database console's request). gitleaks has
 * rules for them that a HAR cannot use (nested `.*` over lines; scoped to file paths); these scan
 * linearly and report the credential itself.
 */
const [KW_CURL, KW_KIND, KW_PASSWORD, KW_IDENTIFIED] = ['curl', 'kind', 'password', 'identified'].map(
  keywordId,
);

// Masks, variables and templates in documentation: nothing to hide.
const PLACEHOLDER =
  /^(?:\*+|x+|X+|\.{2,}|…|\$\w+|\$\{[^}]*\}|\$\([^)]*\)|\$\d|%\w+%|<[^>]*>|\[[^\]]*\]|\{\{[^}]*\}\}|\{[^}]*[^\w}-][^}]*\}|(?:your|my)?[_-]?(?:token|api[_-]?key|password|passwd|pass|pwd|secret|key)(?:[_-]?here)?|changeit|changeme|test|null)$/i;
const TEMPLATE = /\$\{|\$\(|\{\{|^\$/;
function isPlaceholder(v: string): boolean {
  const t = v.replace(/^["']|["']$/g, '');
  return PLACEHOLDER.test(t) || TEMPLATE.test(t) || /^(.)\1*$/.test(t);
}

/** One shell word starting at `i` (quoted parts and plain characters, no whitespace between). */
function shellWord(text: string, i: number): [number, number] {
  let j = i;
  while (j < text.length && j - i < 1024) {
    const c = text[j];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, j + 1);
      if (close < 0 || close - j > 1024 || text.slice(j, close).includes('\n')) break;
      j = close + 1;
    } else if (/\s/.test(c)) break;
    else j++;
  }
  return [i, j];
}

/** A word's span without the quotes that wrap it whole. */
function unwrap(text: string, [s, e]: [number, number]): [number, number] {
  const q = text[s];
  if ((q === '"' || q === "'") && text[e - 1] === q && text.indexOf(q, s + 1) === e - 1)
    return [s + 1, e - 1];
  return [s, e];
}

const USER_OPT = /(?:^|\s)(?:-u|--user)(?:=|[ \t]{1,5})(?=\S)/g;
const HEADER_OPT = /(?:^|\s)(?:-H|--header)(?:=|[ \t]{1,5})(?=["'])/g;
const CRED_HEADER =
  /^(?:proxy-)?authorization$|^(?:x-)?[\w-]*(?:api-?key|apikey|token|secret|password|passwd|auth)[\w-]*$/i;
const SCHEME = /^(?:basic|bearer|token|api-token|digest|apikey|sso-key|key)\s+/i;
/** How far back a `curl` may stand from its option (a command continued over a few lines). */
const CURL_REACH = 800;

function curlNear(text: string, at: number): boolean {
  const c = text.lastIndexOf('curl', at);
  return c >= 0 && at - c <= CURL_REACH && !/[A-Za-z0-9_]/.test(text[c + 4] ?? ' ');
}

function scanCurl(text: string, out: Detection[]): void {
  let m: RegExpExecArray | null;
  USER_OPT.lastIndex = 0;
  while ((m = USER_OPT.exec(text)) !== null) {
    const at = m.index + m[0].length;
    if (!curlNear(text, m.index)) continue;
    const [s, e] = unwrap(text, shellWord(text, at));
    const cred = text.slice(s, e);
    const colon = cred.indexOf(':');
    if (colon < 0) continue;
    const user = cred.slice(0, colon);
    const pass = cred.slice(colon + 1);
    // One of the two holds something (gitleaks: three characters or more), and it is not a mask.
    if (Math.max(user.replace(/["']/g, '').length, pass.replace(/["']/g, '').length) < 3) continue;
    if (pass && isPlaceholder(pass)) continue;
    if (!pass && isPlaceholder(user)) continue;
    if (isPlaceholder(cred) || (isPlaceholder(user) && isPlaceholder(pass))) continue;
    out.push({ start: s, end: e, detector: 'curl-auth-user', label: 'curl-auth-user' });
    USER_OPT.lastIndex = e;
  }
  HEADER_OPT.lastIndex = 0;
  while ((m = HEADER_OPT.exec(text)) !== null) {
    const at = m.index + m[0].length;
    if (!curlNear(text, m.index)) continue;
    const [s, e] = unwrap(text, shellWord(text, at));
    const header = text.slice(s, e);
    const colon = header.indexOf(':');
    if (colon < 1 || !CRED_HEADER.test(header.slice(0, colon).trim())) continue;
    let v = colon + 1;
    while (v < header.length && header[v] === ' ') v++;
    const scheme = SCHEME.exec(header.slice(v));
    if (scheme) v += scheme[0].length;
    const value = header.slice(v).trim();
    if (value.length < 5 || isPlaceholder(value)) continue;
    out.push({
      start: s + v,
      end: s + v + value.length,
      detector: 'curl-auth-header',
      label: 'curl-auth-header',
    });
    HEADER_OPT.lastIndex = e;
  }
}

const K8S_SECRET = /\bkind:[ \t]*["']?Secret["']?[ \t]*$/m;
const DATA_BLOCK = /^([ \t]*)(?:data|stringData):[ \t]*$/gm;
const ENTRY = /^([ \t]+)([\w.-]+):[ \t]*(.*?)[ \t]*$/d;

/** The values under `data:` / `stringData:` of a Kubernetes Secret in YAML. */
function scanKubernetesSecret(text: string, out: Detection[]): void {
  if (!K8S_SECRET.test(text)) return;
  DATA_BLOCK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATA_BLOCK.exec(text)) !== null) {
    const indent = m[1].length;
    let pos = m.index + m[0].length + 1;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      const lineEnd = nl < 0 ? text.length : nl;
      const line = text.slice(pos, lineEnd).replace(/\r$/, '');
      const entry = ENTRY.exec(line);
      if (!entry || entry[1].length <= indent) {
        if (line.trim() === '' || line.trimStart().startsWith('#')) {
          pos = lineEnd + 1;
          continue;
        }
        break;
      }
      const raw = entry[3];
      let [s, e] = entry.indices![3].map((x) => pos + x);
      if (/^(["']).*\1$/.test(raw)) [s, e] = [s + 1, e - 1];
      const value = text.slice(s, e);
      if (value && !/^[|>]/.test(value) && !isPlaceholder(value))
        out.push({ start: s, end: e, detector: 'kubernetes-secret-yaml', label: 'kubernetes-secret-yaml' });
      pos = lineEnd + 1;
    }
    DATA_BLOCK.lastIndex = Math.max(DATA_BLOCK.lastIndex, pos);
  }
}

const NUGET = /<add\s+key\s*=\s*(["'])(?:ClearTextPassword|Password)\1\s+value\s*=\s*(["'])([^"'<>]+)\2/dgi;

function scanNuget(text: string, out: Detection[]): void {
  NUGET.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUGET.exec(text)) !== null) {
    const [s, e] = m.indices![3];
    if (!isPlaceholder(m[3]))
      out.push({ start: s, end: e, detector: 'nuget-config-password', label: 'nuget-config-password' });
  }
}

/**
 * SQL that sets a user's password (a database console posts it): `CREATE USER … PASSWORD '…'`,
 * `ALTER ROLE … WITH ENCRYPTED PASSWORD '…'`, `CREATE LOGIN … WITH PASSWORD = '…'`, MySQL's
 * `IDENTIFIED [WITH plugin] BY '…'` (also in MySQL 5's `GRANT … TO … IDENTIFIED BY '…'`) and
 * `SET PASSWORD [FOR …] = '…'`, within one statement
 * (quoted names, `'app'@'%'`, are stepped over whole).
 */
const SQL_PASSWORD =
  /\b(?:(?:(?:CREATE|ALTER)\s+(?:USER|ROLE|LOGIN)|GRANT)\b(?:[^;']|'[^';\n]{0,64}'){0,200}?\b(?:(?:UN)?ENCRYPTED\s+)?(?:PASSWORD|IDENTIFIED\s+(?:WITH\s+\w+\s+)?BY(?:\s+PASSWORD)?)|SET\s+PASSWORD\b(?:[^;'=]|'[^';\n]{0,64}'){0,120}?=)\s*=?\s*(?:PASSWORD\s*\(\s*)?'((?:[^'\\\n]|\\.|''){1,256})'/dgi;

/** Where SQL that sets a password may be: the scan reads only around these words. */
const SQL_WORD = /password|identified/gi;
/** How far a statement may start before its word, and how far the window reaches after it. */
const SQL_BEFORE = 400;
const SQL_AFTER = 400;

/**
 * The SQL scan, in windows around `password` / `identified`: a bundle of code holds the word many
 * times and SQL nowhere, and the regex over all of it cost more than the other scans here. A word
 * within half a window of the last one read is read with it.
 */
function scanSql(text: string, out: Detection[]): void {
  SQL_WORD.lastIndex = 0;
  const seen = new Set<number>();
  let w: RegExpExecArray | null;
  while ((w = SQL_WORD.exec(text)) !== null) {
    const base = Math.max(0, w.index - SQL_BEFORE);
    const window = text.slice(base, w.index + SQL_AFTER);
    SQL_PASSWORD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SQL_PASSWORD.exec(window)) !== null) {
      const [s, e] = m.indices![1];
      if (seen.has(base + s) || isPlaceholder(m[1])) continue;
      seen.add(base + s);
      out.push({ start: base + s, end: base + e, detector: 'sql-password', label: 'sql-password' });
    }
    SQL_WORD.lastIndex = Math.max(SQL_WORD.lastIndex, w.index + SQL_AFTER / 2);
  }
}

/**
 * A command's password on its command line (a CI log, a runbook, a support ticket): long options
 * named for a credential in any command (`--password X`, `--token=X`), and the short options some
 * tools take one with (`sshpass -p`, `docker login -p`, `redis-cli -a`, `sqlcmd -P`, `ldapsearch -w`,
 * `ssh-keygen -N`, `keytool -storepass`, `openssl -passin pass:X`, `smbclient -U user%X`).
 */
const CMD_KEYWORDS = [
  '--pass',
  '--token',
  '--secret',
  '--api-key',
  '--apikey',
  '--auth-token',
  '--access-token',
  '--client-secret',
  'sshpass',
  'docker',
  'redis-cli',
  'sqlcmd',
  'ldap',
  'ssh-keygen',
  'keytool',
  'openssl',
  'smbclient',
  'mongo',
  'config set',
  'configure set',
  'config:set',
  'net use',
  'psexec',
  'az login',
  'cmdkey',
  'mysql',
  'convertto-securestring',
].map(keywordId);
/** PowerShell's `ConvertTo-SecureString "…" -AsPlainText` (or `-String "…"`): a password in a script. */
const SECURE_STRING = /\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(["'])([^"'\r\n]{1,256})\1/gi;
/**
 * A tool's setting written from the command line (`aws configure set aws_secret_access_key X`,
 * `npm config set //registry.npmjs.org/:_authToken X`, `yarn config set npmAuthToken X`,
 * `heroku config:set API_TOKEN=X`): the value of a setting named for a credential.
 */
const CONFIG_SET =
  /\b(?:aws\s+configure|(?:npm|yarn|pnpm)\s+config|heroku\s+config:|(?:dokku|flyctl|fly)\s+(?:config|secrets):?)\s*set\s+(?:--?[\w-]+(?:=\S+)?\s+)*([^\s=]+)(?:\s+|=)(?=\S)/g;
// The setting's last word names a credential (`aws_secret_access_key`, `//registry…/:_authToken`,
// `npmAuthToken`); `token-helper`, `TOKEN_TTL`, `aws_session_token_duration` name something else.
const CREDENTIAL_SETTING =
  /(?:secret|token|passw(?:or)?d|passwd|_auth|api[_-]?key|private[_-]?key|access[_-]?key)$/i;
/** `net use \\srv\share PASSWORD /user:…` or `… /user:DOMAIN\user PASSWORD` (Windows). */
const NET_USE =
  /\bnet[ \t]+use[ \t]+(?:[A-Za-z]:[ \t]+|\*[ \t]+)?\\\\\S+((?:[ \t]+\/(?!user:)[\w:]+)*)(?:[ \t]+(?!\/|\*(?:\s|$))(\S+))?((?:[ \t]+\/(?!user:)[\w:]+)*)(?:[ \t]+\/user:\S+(?:[ \t]+(?!\/|\*(?:\s|$))(\S+))?)?/gi;
/**
 * `mysql -pPASSWORD` (the password glued to `-p`; `-p` alone prompts, and a database follows), with
 * `mysql` as the command (a line's or a pipeline's first word, after `sudo` or a path) and the
 * option in the same command: `docker run --name mysql -p3306:3306` and `stop mysql && tar -pczf`
 * are other commands' options.
 */
const MYSQL_GLUED =
  /(?:^|[;&|(]\s*|\$\s+|sudo\s+|\/)mysql(?:dump|admin|import|show|check|slap)?[ \t][^\n;&|]{0,300}?[ \t]-p(?=[^\s-])/gm;
const LONG_PASSWORD_OPT =
  /(?:^|\s)--(?:password|passwd|pass|token|api-?key|secret|client-secret|auth-token|access-token)(?:=|[ \t]{1,5})(?=[^\s-])/g;
const SHORT_PASSWORD_OPT =
  /(?:^|[ \t])(?:-p|-a|-P|-w|-N|-storepass|-keypass|-srcstorepass|-deststorepass|-passin|-passout|-pass|-U)[ \t]{1,5}(?=\S)/g;
/** The commands each short option takes a password in. */
const SHORT_OPT_COMMANDS: Record<string, RegExp> = {
  '-p': /\b(?:sshpass|docker(?:\s+-\S+)*\s+login|mongo(?:sh)?|[Pp]s[Ee]xec(?:64)?(?:\.exe)?|az\s+login)\b/,
  '-a': /\bredis-cli\b/,
  '-P': /\b(?:sqlcmd|ssh-keygen)\b/,
  '-w': /\bldap(?:search|modify|add|delete|passwd|whoami)\b/,
  '-N': /\bssh-keygen\b/,
  '-storepass': /\bkeytool\b/,
  '-keypass': /\bkeytool\b/,
  '-srcstorepass': /\bkeytool\b/,
  '-deststorepass': /\bkeytool\b/,
  '-passin': /\bopenssl\b/,
  '-passout': /\bopenssl\b/,
  '-pass': /\bopenssl\b/,
  '-U': /\bsmbclient\b/,
};

/** Windows' `cmdkey /add:srv /user:u /pass:X` (and `/password:`). */
const WINDOWS_PASS_OPT = /\bcmdkey\b[^\n]{0,300}?[ \t]\/pass(?:word)?:(?=[^\s/])/gi;

function pushCommandSecret(text: string, s: number, e: number, out: Detection[]): void {
  const value = text.slice(s, e);
  if (value.length < 3 || isPlaceholder(value)) return;
  out.push({ start: s, end: e, detector: 'command-password', label: 'command-password' });
}

function scanCommandLines(text: string, out: Detection[]): void {
  let m: RegExpExecArray | null;
  CONFIG_SET.lastIndex = 0;
  while ((m = CONFIG_SET.exec(text)) !== null) {
    if (!CREDENTIAL_SETTING.test(m[1])) continue;
    const [s, e] = unwrap(text, shellWord(text, m.index + m[0].length));
    pushCommandSecret(text, s, e, out);
  }
  NET_USE.lastIndex = 0;
  while ((m = NET_USE.exec(text)) !== null) {
    for (const value of [m[2], m[4]]) {
      if (value === undefined) continue;
      const at = m.index + m[0].lastIndexOf(value);
      pushCommandSecret(text, at, at + value.length, out);
    }
  }
  SECURE_STRING.lastIndex = 0;
  while ((m = SECURE_STRING.exec(text)) !== null) {
    const at = m.index + m[0].length - 1 - m[2].length;
    pushCommandSecret(text, at, at + m[2].length, out);
  }
  WINDOWS_PASS_OPT.lastIndex = 0;
  while ((m = WINDOWS_PASS_OPT.exec(text)) !== null) {
    const [s, e] = unwrap(text, shellWord(text, m.index + m[0].length));
    pushCommandSecret(text, s, e, out);
  }
  MYSQL_GLUED.lastIndex = 0;
  while ((m = MYSQL_GLUED.exec(text)) !== null) {
    const [s, e] = unwrap(text, shellWord(text, m.index + m[0].length));
    pushCommandSecret(text, s, e, out);
  }
  LONG_PASSWORD_OPT.lastIndex = 0;
  while ((m = LONG_PASSWORD_OPT.exec(text)) !== null) {
    const [s, e] = unwrap(text, shellWord(text, m.index + m[0].length));
    pushCommandSecret(text, s, e, out);
  }
  SHORT_PASSWORD_OPT.lastIndex = 0;
  while ((m = SHORT_PASSWORD_OPT.exec(text)) !== null) {
    const opt = m[0].trim();
    // The command on the same line, before the option (and after any `;`, `&&` or `|` there).
    const line = text
      .slice(Math.max(0, text.lastIndexOf('\n', m.index) + 1, m.index - 300), m.index)
      .replace(/^[^]*[;&|]/, '');
    if (!SHORT_OPT_COMMANDS[opt].test(line)) continue;
    const [start, e] = unwrap(text, shellWord(text, m.index + m[0].length));
    const word = text.slice(start, e);
    let s = start;
    if (opt === '-U') {
      // `user%password`: only what follows the `%`.
      const pct = word.indexOf('%');
      if (pct < 0) continue;
      s += pct + 1;
    } else if (opt.startsWith('-pass')) {
      // openssl's `pass:<password>` (env:, file:, fd: name where it is, not the password).
      if (!word.startsWith('pass:')) continue;
      s += 5;
    }
    if (word.startsWith('-') || word.startsWith('$')) continue;
    pushCommandSecret(text, s, e, out);
  }
}

/**
 * A password's hash as a server stores it: crypt(3)'s `$2b$…` (bcrypt), `$1$`/`$apr1$` (MD5, as
 * in .htpasswd), `$5$`/`$6$` (SHA-crypt), `$y$` (yescrypt), `$argon2id$…`, Django's
 * `pbkdf2_sha256$…`, LDAP's `{SSHA}…`. An admin page, a user export or a dumped row that shows
 * one hands it to an offline guesser.
 */
const PASSWORD_HASH =
  /\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}|\$(?:1|apr1)\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}|\$[56]\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}|\$y\$[./A-Za-z0-9]{1,32}\$[./A-Za-z0-9]{1,64}\$[./A-Za-z0-9]{43}|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}|\b(?:pbkdf2_sha(?:1|256|512)|bcrypt_sha256|scrypt|argon2)\$[\w$=,+/.-]{20,}|\{(?:SSHA(?:256|512)?|SMD5|SHA(?:256|512)?|CRYPT)\}[A-Za-z0-9+/.$]{20,}={0,2}/g;
const HASH_KEYWORDS = [
  '$2',
  '$1$',
  '$apr1$',
  '$5$',
  '$6$',
  '$y$',
  '$argon2',
  'pbkdf2_',
  'bcrypt_',
  'scrypt$',
  '{ssha',
  '{smd5',
  '{sha',
  '{crypt}',
].map(keywordId);

function scanPasswordHashes(text: string, out: Detection[]): void {
  PASSWORD_HASH.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PASSWORD_HASH.exec(text)) !== null) {
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      detector: 'password-hash',
      label: 'password-hash',
    });
  }
}

export const configSecretsFamily: DetectorFamily = {
  id: 'config-secrets',
  detectors: [
    'curl-auth-user',
    'curl-auth-header',
    'kubernetes-secret-yaml',
    'nuget-config-password',
    'sql-password',
    'command-password',
    'password-hash',
  ],
  detect(text: string): Detection[] {
    // Each scan needs one of its keywords.
    if (findKeywords(text) === undefined) return NONE;
    const curl = hasKeyword(text, KW_CURL);
    const kind = hasKeyword(text, KW_KIND);
    const password = hasKeyword(text, KW_PASSWORD);
    const nuget = password && text.includes('<add');
    const sql = password || hasKeyword(text, KW_IDENTIFIED);
    const command = CMD_KEYWORDS.some((k) => hasKeyword(text, k));
    const hash = HASH_KEYWORDS.some((k) => hasKeyword(text, k));
    if (!curl && !kind && !nuget && !sql && !command && !hash) return NONE;
    const out: Detection[] = [];
    if (hash) scanPasswordHashes(text, out);
    if (command) scanCommandLines(text, out);
    if (curl) scanCurl(text, out);
    if (kind) scanKubernetesSecret(text, out);
    if (nuget) scanNuget(text, out);
    if (sql) scanSql(text, out);
    return out.length ? out.sort((a, b) => a.start - b.start) : NONE;
  },
};
