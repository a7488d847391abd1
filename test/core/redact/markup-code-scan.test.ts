import { describe, expect, it } from 'vitest';
import { builtinPack, mergeRules } from '../../../src/index';
import { Pass } from '../../../src/redact/context';
import { SecretRegistry } from '../../../src/redact/registry';
import { scrubText } from '../../../src/redact/text';

const rules = mergeRules([{ pack: builtinPack, origin: 'builtin' as const }]);
const newPass = () => new Pass(rules, new Set(), new SecretRegistry(new Uint8Array(32).fill(9), new Set()));
/** Placeholders made comparable: `[REDACTED <label> #<tag>]` → `<R>`. */
const scrub = (text: string) => scrubText(newPass(), text, 'x').replace(/\[REDACTED [^\]]*\]/g, '<R>');

describe('markup: elements named like secrets', () => {
  it('replaces the body, keeping attributes and the tag (namespaced too)', () => {
    expect(scrub('<ns:password a="1" b=\'2\'>Zq8vLm2pXw</ns:password> <li class="row">kept text</li>')).toBe(
      '<ns:password a="1" b=\'2\'><R></ns:password> <li class="row">kept text</li>',
    );
    expect(scrub('<password>Zq8vLm2pXw</password>')).toBe('<password><R></password>');
  });

  it('leaves blank bodies, and finds an element inside an attribute of an element that does not match', () => {
    expect(scrub('<password>   </password> plain words here')).toBe(
      '<password>   </password> plain words here',
    );
    expect(scrub('<div title="<password>Zq8vLm2pXw</password>">y</div>')).toBe(
      '<div title="<password><R></password>">y</div>',
    );
  });

  it('finds a secret element after many harmless ones, and only by a closing tag it could match', () => {
    // The element scan is skipped when no closing tag names a secret: every other shape must still run it.
    const rows = '<li class="row">lorem ipsum</li>\n'.repeat(300);
    expect(scrub(`${rows}<Session_Token x="1">Zq8vLm2pXw</Session_Token>`)).toBe(
      `${rows}<Session_Token x="1"><R></Session_Token>`,
    );
    expect(scrub(`<a:b:api_key>Zq8vLm2pXw</a:b:api_key>`)).toBe('<a:b:api_key><R></a:b:api_key>');
    // A name of 64 characters is the longest the element pattern takes; one more and it is not an element.
    const long = `x${'y'.repeat(55)}password`;
    expect(long).toHaveLength(64);
    expect(scrub(`<${long}>Zq8vLm2pXw</${long}>`)).toBe(`<${long}><R></${long}>`);
    expect(scrub(`<y${long}>Zq8vLm2pXw</y${long}>`)).toBe(`<y${long}>Zq8vLm2pXw</y${long}>`);
    // Not closing tags: a name that starts with a digit, a space before `>`, no `>`.
    expect(scrub('<li>x</li> </9password> </password > </password')).toBe(
      '<li>x</li> </9password> </password > </password',
    );
  });

  it('judges every attribute by its own name, however many names a page repeats', () => {
    // Names of one length, a secret one among them, then more than the scan remembers, then the
    // secret one again (its remembered decision).
    const many = Array.from({ length: 12 }, (_, i) => `n${String(i).padStart(3, '0')}="v"`).join(' ');
    const page = `<p class="a" title="b" token="Zq8vLm2pXw" style="c"> ${many} <p token="Qw7rTy3uIo" class="d">`;
    expect(scrub(page)).toBe(
      `<p class="a" title="b" token="<R>" style="c"> ${many} <p token="<R>" class="d">`,
    );
    expect(scrub('<li>a</li><id>b</id><pin>1234</pin><li>c</li><pin>5678</pin>')).toBe(
      '<li>a</li><id>b</id><pin><R></pin><li>c</li><pin><R></pin>',
    );
  });

  it('hidden inputs, meta tags and data attributes', () => {
    expect(scrub('<input type="hidden" name="csrf_token" value="Zq8vLm2pXwQr"><b>x</b>')).toBe(
      '<input type="hidden" name="csrf_token" value="<R>"><b>x</b>',
    );
    expect(scrub('<meta name="csrf-token" content="Zq8vLm2pXwQr">')).toBe(
      '<meta name="csrf-token" content="<R>">',
    );
    expect(scrub(`<div data-token='Zq8vLm2pXwQr' data-row="3">`)).toBe(`<div data-token='<R>' data-row="3">`);
  });
});

describe('code: `name: "value"` assignments', () => {
  it('by the last dotted part of the name, with escapes kept', () => {
    expect(scrub('config.apiKey = "Zq8v\\"Lm2pXw"; other = "fine"')).toBe(
      'config.apiKey = "<R>"; other = "fine"',
    );
    expect(scrub("{password:\t'Zq8vLm2pXw', lang: 'en'}")).toBe("{password:\t'<R>', lang: 'en'}");
  });

  it('a comma only after a quoted name; unterminated values are left alone', () => {
    expect(scrub('localStorage.setItem("token", "Zq8vLm2pXwQr")')).toBe(
      'localStorage.setItem("token", "<R>")',
    );
    expect(scrub('f(token, "plain words")')).toBe('f(token, "plain words")');
    expect(scrub('password = "Zq8vLm2pXw\nrest"')).toBe('password = "Zq8vLm2pXw\nrest"');
  });
});
