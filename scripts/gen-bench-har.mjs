// Writes a deterministic HAR of about --size MB for the benchmark, and the list of the secrets planted
// in it (all generated from a fixed seed: fake, but realistic in format). Shapes:
//   chrome    as Chrome exports it, one entry a line, a mix of kinds (the bench's first shape);
//   spa       a single-page app's session as Playwright writes it: compact JSON on one line, by bytes
//             about 60 % JSON API payloads, 17 % JS bundles, 15 % base64 binaries, 8 % HTML;
//   bodiless  many small entries without bodies (headers, cookies and URLs only);
//   found     an admin console's session: half its entries are exports (JSON lists of people, CSV,
//             key=value dumps) of a few hundred rows, each row with values the redaction finds (emails,
//             phones, short per-row tokens): hundreds of thousands of found values in one file.
// Usage: node scripts/gen-bench-har.mjs OUT.har [--size MB] [--seed N] [--shape S]
//        (writes OUT.har.secrets.json)
import { Buffer } from 'node:buffer';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** mulberry32: tiny, fast, and the same numbers on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateBenchHar(outFile, { sizeMb = 100, seed = 42, shape = 'chrome' } = {}) {
  const rand = rng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const chars = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    return s;
  };
  const HEX = '0123456789abcdef';
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const B64URL = ALNUM + '-_';
  const bytes = (n) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
    return b;
  };
  const b64url = (s) => Buffer.from(s).toString('base64url');
  const WORDS =
    'lorem ipsum dolor sit amet project release deploy metric widget dashboard invoice team'.split(' ');
  const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

  // A pool of users and credentials, reused across entries the way one session's HAR reuses them.
  const secrets = [];
  const plant = (type, value) => {
    secrets.push({ type, value });
    return value;
  };
  const users = Array.from({ length: 20 }, (_, i) => {
    const email = plant('email', `bench.user${i}.${chars(HEX, 6)}@example.test`);
    const payload = {
      iss: 'https://auth.example.test',
      sub: `user-${i}`,
      email,
      exp: 1900000000,
      scope: 'read write',
    };
    const jwt = plant(
      'jwt',
      `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.${chars(B64URL, 86)}`,
    );
    return {
      email,
      jwt,
      session: plant('cookie', `s%3A${chars(ALNUM, 32)}.${chars(B64URL, 43)}`),
      apiKey: plant('api-key', `bk_live_${chars(ALNUM, 32)}`),
      password: plant('password', `Fake-Passw0rd!${chars(ALNUM, 10)}`),
      refresh: plant('token', `rt_${chars(ALNUM, 40)}`),
    };
  });

  const hosts = ['app.example.test', 'api.example.test', 'cdn.example.test', 'rt.example.test'];
  const startMs = Date.UTC(2026, 0, 2, 3, 4, 5);
  let clock = 0;
  const h = (name, value) => ({ name, value });

  function entryBase(method, url, reqHeaders, status, mimeType, content, extra = {}) {
    clock += int(1, 40);
    const u = new URL(url);
    const t = {
      blocked: rand() * 2,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 0.1,
      wait: rand() * 80,
      receive: rand() * 10,
    };
    return {
      _initiator: { type: 'script' },
      _priority: 'High',
      _resourceType: extra.resourceType ?? 'fetch',
      cache: {},
      connection: String(int(1000, 9999)),
      pageref: 'page_1',
      request: {
        method,
        url,
        httpVersion: 'http/2.0',
        headers: [
          h(':authority', u.host),
          h(':method', method),
          h(':path', u.pathname + u.search),
          h(':scheme', 'https'),
          h('accept', '*/*'),
          h(
            'user-agent',
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
          ),
          ...reqHeaders,
        ],
        queryString: [...u.searchParams].map(([name, value]) => ({ name, value })),
        cookies: [],
        headersSize: -1,
        bodySize: extra.postData ? extra.postData.text.length : 0,
        ...(extra.postData ? { postData: extra.postData } : {}),
      },
      response: {
        status,
        statusText: '',
        httpVersion: 'http/2.0',
        headers: [
          h('content-type', mimeType),
          h('x-request-id', `req-${chars(HEX, 16)}`),
          h('date', new Date(startMs + clock).toUTCString()),
          ...(extra.resHeaders ?? []),
        ],
        cookies: extra.resCookies ?? [],
        content,
        redirectURL: '',
        headersSize: -1,
        bodySize: content.size,
        _transferSize: content.size + 300,
        _error: null,
      },
      serverIPAddress: `192.0.2.${int(1, 254)}`,
      startedDateTime: new Date(startMs + clock).toISOString(),
      time: t.blocked + t.send + t.wait + t.receive,
      timings: t,
      ...(extra.ws ? { _webSocketMessages: extra.ws } : {}),
    };
  }

  const auth = (u) => [
    h('authorization', `Bearer ${u.jwt}`),
    h('cookie', `session=${u.session}; theme=dark; _ga=GA1.2.${int(1e8, 1e9)}`),
    h('x-api-key', u.apiKey),
  ];
  const textContent = (mimeType, text) => ({ size: Buffer.byteLength(text), mimeType, text });

  const kinds = [
    // JSON API call: tokens and emails in the response, a token in the query.
    (u) => {
      const body = JSON.stringify({
        user: { id: int(1, 1e6), email: u.email, name: words(2) },
        session: { access_token: u.jwt, refresh_token: u.refresh },
        items: Array.from({ length: int(10, 100) }, (_, i) => ({
          id: i,
          title: words(6),
          owner: pick(users).email,
        })),
      });
      const url = `https://api.example.test/v1/items?page=${int(1, 9)}&sort=updated_at&access_token=${u.refresh}`;
      return entryBase('GET', url, auth(u), 200, 'application/json', textContent('application/json', body));
    },
    // Login POST with a password, answering with Set-Cookie.
    (u) => {
      const text = JSON.stringify({ email: u.email, password: u.password, remember: true });
      return entryBase(
        'POST',
        'https://app.example.test/api/login',
        [h('content-type', 'application/json')],
        200,
        'application/json',
        textContent('application/json', JSON.stringify({ ok: true, token: u.jwt })),
        {
          postData: { mimeType: 'application/json', text },
          resHeaders: [h('set-cookie', `session=${u.session}; Path=/; Secure; HttpOnly; SameSite=Lax`)],
          resCookies: [{ name: 'session', value: u.session, path: '/', httpOnly: true, secure: true }],
        },
      );
    },
    // HTML page with a CSRF token in a hidden input.
    (u) => {
      const rows = Array.from({ length: int(100, 800) }, () => `<li class="row">${words(8)}</li>`).join('\n');
      const html = `<!doctype html><html><head><meta name="csrf-token" content="${u.refresh}"></head><body><form><input type="hidden" name="_csrf" value="${u.refresh}"></form><ul>${rows}</ul></body></html>`;
      return entryBase(
        'GET',
        `https://${hosts[0]}/app/${int(1, 99)}`,
        auth(u),
        200,
        'text/html',
        textContent('text/html', html),
        {
          resourceType: 'document',
        },
      );
    },
    // JavaScript bundle, large and secret-free.
    () => {
      const js = Array.from(
        { length: int(150, 1200) },
        (_, i) => `function f${i}(a,b){return a*${i}+b; /* ${words(5)} */}`,
      ).join('\n');
      return entryBase(
        'GET',
        `https://cdn.example.test/assets/app-${chars(HEX, 8)}.js`,
        [],
        200,
        'application/javascript',
        textContent('application/javascript', js),
        {
          resourceType: 'script',
        },
      );
    },
    // Image: random bytes as base64.
    () => {
      const b = bytes(int(2_000, 40_000));
      const text = b.toString('base64');
      return entryBase(
        'GET',
        `https://cdn.example.test/img/${chars(HEX, 10)}.png`,
        [],
        200,
        'image/png',
        { size: b.length, mimeType: 'image/png', encoding: 'base64', text },
        { resourceType: 'image' },
      );
    },
    // JSON delivered base64-encoded (as DevTools does for some responses), holding a token.
    (u) => {
      const json = JSON.stringify({ refresh_token: u.refresh, contact: u.email, notes: words(40) });
      const text = Buffer.from(json).toString('base64');
      return entryBase('GET', 'https://api.example.test/v1/session', auth(u), 200, 'application/json', {
        size: json.length,
        mimeType: 'application/json',
        encoding: 'base64',
        text,
      });
    },
  ];

  // Weights that give the spa shape its share of bytes (a JSON call averages ~5 KB, a bundle ~40 KB,
  // an image ~28 KB of base64, a page ~20 KB).
  const SPA = [
    [0.885, kinds[0]],
    [0.035, kinds[3]],
    [0.045, kinds[4]],
    [0.035, kinds[2]],
  ];
  const spaKind = () => {
    let x = rand();
    for (const [w, k] of SPA) if ((x -= w) < 0) return k;
    return kinds[0];
  };
  const bodiless = (u) => {
    const path = pick(['/v1/items', '/v1/me', '/v1/events', '/assets/app.css', '/track']);
    const url = `https://${pick(hosts)}${path}?page=${int(1, 99)}&sid=${u.refresh}`;
    return entryBase(pick(['GET', 'POST']), url, auth(u), 204, 'x-unknown', {
      size: 0,
      mimeType: 'x-unknown',
    });
  };
  // Rows of people and their per-row credentials; one token in a thousand is planted (checked).
  const NAMES = 'Ada Alan Grace Linus Barbara Ken Dennis Margaret Edsger Frances'.split(' ');
  const rowToken = () => (rand() < 0.001 ? plant('token', `it_${chars(ALNUM, 24)}`) : chars(ALNUM, 10));
  const person = () => {
    const id = int(1, 9999999);
    return {
      id,
      name: `${pick(NAMES)} ${pick(NAMES)}son`,
      email: `p${id}.${chars(HEX, 4)}@corp.example.test`,
      phone: `+1 415 555 ${String(int(0, 9999)).padStart(4, '0')}`,
    };
  };
  const exportKind = (u) => {
    const rows = int(100, 400);
    const which = int(0, 2);
    let text;
    let mimeType;
    if (which === 0) {
      mimeType = 'application/json';
      const list = Array.from({ length: rows }, () => ({
        ...person(),
        role: pick(['admin', 'viewer', 'editor']),
        invite_token: rowToken(),
      }));
      text = JSON.stringify({ users: list, next: null });
    } else if (which === 1) {
      mimeType = 'text/csv';
      const lines = Array.from({ length: rows }, () => {
        const p = person();
        return `${p.id},${p.name},${p.email},${p.phone},${pick(['active', 'invited'])}`;
      });
      text = ['id,name,email,phone,status', ...lines].join('\n');
    } else {
      mimeType = 'text/plain';
      text = Array.from({ length: rows }, (_, i) => `svc${i}.api_key=${rowToken()}`).join('\n');
    }
    const url = `https://api.example.test/admin/export?page=${int(1, 99)}&format=${mimeType.split('/')[1]}`;
    return entryBase('GET', url, auth(u), 200, mimeType, { size: text.length, mimeType, text });
  };
  const compact = shape === 'spa';

  const out = createWriteStream(outFile);
  let written = 0;
  const write = async (s) => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  const target = sizeMb * 1024 * 1024;
  const page = `{ "startedDateTime": "${new Date(startMs).toISOString()}", "id": "page_1", "title": "https://app.example.test/", "pageTimings": { "onContentLoad": 812.5, "onLoad": 1420.1 } }`;
  await write(
    compact
      ? `{"log":{"version":"1.2","creator":{"name":"Playwright","version":"1.50.0"},"pages":[${JSON.stringify(JSON.parse(page))}],"entries":[`
      : `{\n  "log": {\n    "version": "1.2",\n    "creator": { "name": "WebInspector", "version": "537.36" },\n` +
          `    "pages": [${page}],\n    "entries": [\n`,
  );
  let n = 0;
  const wsEvery = 500;
  while (written < target) {
    const u = pick(users);
    let e;
    if (shape === 'spa') e = spaKind()(u);
    else if (shape === 'bodiless') e = bodiless(u);
    else if (shape === 'found' && rand() < 0.5) e = exportKind(u);
    else if (n % wsEvery === 7) {
      const ws = [
        { type: 'send', time: 1767323045.1, opcode: 1, data: JSON.stringify({ type: 'auth', token: u.jwt }) },
        ...Array.from({ length: 20 }, (_, i) => ({
          type: 'receive',
          time: 1767323045.2 + i,
          opcode: 1,
          data: JSON.stringify({ type: 'event', member: u.email, seq: i, resume_token: u.refresh }),
        })),
      ];
      e = entryBase(
        'GET',
        `wss://rt.example.test/socket?ticket=${u.refresh}`,
        auth(u),
        101,
        'x-unknown',
        { size: 0, mimeType: 'x-unknown' },
        { resourceType: 'websocket', ws },
      );
    } else {
      e = pick(kinds)(u);
    }
    await write((n ? (compact ? ',' : ',\n') : '') + JSON.stringify(e));
    n++;
  }
  await write(compact ? ']}}' : '\n    ]\n  }\n}\n');
  out.end();
  await once(out, 'finish');
  return { entries: n, bytes: written, secrets };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outFile, ...rest] = process.argv.slice(2);
  if (!outFile) {
    console.error('usage: node scripts/gen-bench-har.mjs OUT.har [--size MB] [--seed N]');
    process.exit(2);
  }
  const opt = (name, dflt) => {
    const i = rest.indexOf(name);
    return i === -1 ? dflt : Number(rest[i + 1]);
  };
  const { writeFileSync } = await import('node:fs');
  const i = rest.indexOf('--shape');
  const shape = i === -1 ? 'chrome' : rest[i + 1];
  const r = await generateBenchHar(outFile, { sizeMb: opt('--size', 100), seed: opt('--seed', 42), shape });
  writeFileSync(`${outFile}.secrets.json`, JSON.stringify(r.secrets));
  console.log(
    `wrote ${outFile}: ${r.entries} entries, ${(r.bytes / 1048576).toFixed(1)} MB, ${r.secrets.length} planted secrets`,
  );
}
