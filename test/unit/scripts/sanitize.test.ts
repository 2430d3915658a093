import * as assert from 'node:assert/strict';
import {
  assertEmbeddable,
  cleanThumbprint,
  commentSafe,
  subCasFromChain,
  validateServiceName,
  validateThumbprint,
  validateThumbprints,
} from '../../../src/core/scripts/sanitize';
import { HOSTILE_FQDNS, HOSTILE_THUMBPRINTS, VALID_FQDN, VALID_TP } from './hostile';

describe('sub-CA script inputs: thumbprints', () => {
  it('cleans what the Windows certificate dialog adds: U+200E, spaces, lower case', () => {
    const pasted = '\u200ea1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 12 34 56 78';
    const checked = validateThumbprint(pasted);
    assert.deepEqual(checked, { ok: true, value: VALID_TP });
  });

  it('cleans colons, NBSP, BOM, zero-width and bidi marks', () => {
    const raw = `\uFEFF${VALID_TP.slice(0, 2)}:${VALID_TP.slice(2, 4)}\u00A0${VALID_TP.slice(4, 6)}\u200B${VALID_TP.slice(6, 8)}\u200F${VALID_TP.slice(8, 10)}\u202A${VALID_TP.slice(10)}\u2060`;
    assert.equal(cleanThumbprint(raw), VALID_TP);
    assert.deepEqual(validateThumbprint(raw), { ok: true, value: VALID_TP });
  });

  for (const [label, value] of HOSTILE_THUMBPRINTS.filter(([l]) => !l.startsWith('semicolon'))) {
    it(`refuses a thumbprint with ${label}, naming it`, () => {
      const checked = validateThumbprint(value);
      assert.equal(checked.ok, false);
      if (!checked.ok) {
        assert.match(checked.message, /^Thumbprint ".*" is refused: /);
        // Invisible characters are made visible in the message.
        assert.doesNotMatch(checked.message, /[\u200E\u200F\n\t]/);
      }
    });
  }

  it('says how many digits a wrong-length thumbprint has', () => {
    const checked = validateThumbprint(VALID_TP.slice(0, 39));
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.message, /39 hexadecimal digits instead of 40/);
  });

  it('names the look-alike character by code point', () => {
    const checked = validateThumbprint(`\u0430${VALID_TP.slice(1)}`);
    assert.equal(checked.ok, false);
    if (!checked.ok) {
      assert.match(checked.message, /U\+0430/);
      assert.ok(checked.message.includes('"\\u0430'), checked.message);
    }
  });

  it('splits ;-separated lists, drops duplicates and keeps the order', () => {
    const other = 'FFEEDDCCBBAA99887766554433221100FFEEDDCC';
    const result = validateThumbprints([`${VALID_TP};${other.toLowerCase()}`, VALID_TP]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.subCas.map((s) => s.thumbprint), [VALID_TP, other]);
  });

  it('reports every bad thumbprint of a list and refuses an empty list', () => {
    const result = validateThumbprints([VALID_TP, 'x', VALID_TP.slice(1)]);
    assert.equal(result.errors.length, 2);
    assert.equal(validateThumbprints([]).errors.length, 1);
  });
});

describe('sub-CA script inputs: service name', () => {
  it('accepts DNS names, keeping the case', () => {
    for (const name of [VALID_FQDN, 'cmg-01.corp.example', 'a', `${'a'.repeat(63)}.com`, `${'ab.'.repeat(83)}abcd`]) {
      assert.deepEqual(validateServiceName(name), { ok: true, value: name }, name);
    }
    assert.equal(`${'ab.'.repeat(83)}abcd`.length, 253);
  });

  for (const [label, value] of HOSTILE_FQDNS) {
    it(`refuses a service name with ${label}, naming it`, () => {
      const checked = validateServiceName(value);
      assert.equal(checked.ok, false);
      if (!checked.ok) {
        assert.match(checked.message, /^Service name ".*" is refused: /);
        assert.doesNotMatch(checked.message, /[\u200E\u200B\n\r]/);
      }
    });
  }
});

describe('sub-CA script inputs: chain', () => {
  const leaf = { subject: 'CN=GraniteFalls.contoso.com', thumbprint: '1'.repeat(40), role: 'leaf' } as const;
  const issuing = { subject: 'CN=Contoso Issuing CA', thumbprint: 'A'.repeat(40), role: 'intermediate' } as const;
  const policy = { subject: 'CN=Contoso Policy CA', thumbprint: 'B'.repeat(40), role: 'intermediate' } as const;
  const root = { subject: 'CN=Contoso Root CA', thumbprint: '2'.repeat(40), role: 'root' } as const;

  it('takes the intermediates from the issuing CA upward, without leaf and root', () => {
    const checked = subCasFromChain([leaf, issuing, policy, root], 'granitefalls.pfx');
    assert.ok(checked.ok);
    assert.deepEqual(
      checked.value.map((s) => [s.thumbprint, s.subject]),
      [
        ['A'.repeat(40), 'CN=Contoso Issuing CA'],
        ['B'.repeat(40), 'CN=Contoso Policy CA'],
      ],
    );
  });

  it('refuses a chain without sub-CA and says the script is not needed', () => {
    const checked = subCasFromChain([leaf, root], 'direct.pfx');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.message, /direct\.pfx.*no sub-CA.*not needed/);
  });

  it('refuses a chain that stops at the leaf and says what to add', () => {
    const checked = subCasFromChain([leaf], 'leafonly.cer');
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.message, /No sub-CA certificate was found in the chain of leafonly\.cer/);
  });

  it('refuses a chain entry whose thumbprint is not 40 hex digits', () => {
    const checked = subCasFromChain([leaf, { ...issuing, thumbprint: "A' OR 1=1" }, root], 'x.pfx');
    assert.equal(checked.ok, false);
  });
});

describe('sub-CA script inputs: last check before embedding', () => {
  it('passes valid values and throws on anything else', () => {
    assert.equal(assertEmbeddable('serviceName', VALID_FQDN), VALID_FQDN);
    assert.equal(assertEmbeddable('thumbprint', VALID_TP), VALID_TP);
    for (const [, value] of HOSTILE_FQDNS) assert.throws(() => assertEmbeddable('serviceName', value), /Refusing to embed/);
    for (const [, value] of HOSTILE_THUMBPRINTS) assert.throws(() => assertEmbeddable('thumbprint', value), /Refusing to embed/);
    assert.throws(() => assertEmbeddable('thumbprint', VALID_TP.toLowerCase()));
    assert.throws(() => assertEmbeddable('comment', 'CN=x\nWScript.Quit'));
  });

  it('makes certificate subjects safe for a one-line comment', () => {
    assert.equal(commentSafe('CN=Contoso Issuing CA, O=Contoso'), 'CN=Contoso Issuing CA, O=Contoso');
    assert.equal(commentSafe('CN=a\r\nb\u2028c"\'#<>'), 'CN=a??b?c?????');
    assert.equal(commentSafe('x'.repeat(200)).length, 120);
  });
});
