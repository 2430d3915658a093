import * as assert from 'node:assert/strict';
import { dnsExcludedBy, dnsNameMatches, dnsPermittedBy, isValidDnsName, matchHostname } from '../../../src/core/certs/names';

describe('DNS names (RFC 6125 matching, RFC 5280 constraints)', () => {
  it('matches exact names without case', () => {
    assert.ok(dnsNameMatches('cmg.contoso.com', 'CMG.Contoso.com'));
    assert.ok(!dnsNameMatches('cmg.contoso.com', 'cmg.contoso.org'));
  });

  it('wildcards cover exactly one left-most label', () => {
    assert.ok(dnsNameMatches('*.contoso.com', 'cmg.contoso.com'));
    assert.ok(!dnsNameMatches('*.contoso.com', 'contoso.com'));
    assert.ok(!dnsNameMatches('*.contoso.com', 'a.cmg.contoso.com'));
    assert.ok(!dnsNameMatches('cmg.*.com', 'cmg.contoso.com'));
    assert.ok(!dnsNameMatches('c*g.contoso.com', 'cmg.contoso.com'));
    assert.ok(!dnsNameMatches('*.com', 'contoso.com'));
    assert.ok(!dnsNameMatches('*', 'contoso'));
    assert.ok(!dnsNameMatches('*.contoso.com', 'xn--bcher-kva.contoso.com'));
  });

  it('rejects invalid presented names', () => {
    assert.ok(!isValidDnsName('foo_bar.contoso.com', false));
    assert.ok(!isValidDnsName('-a.contoso.com', false));
    assert.ok(!isValidDnsName('a..b', false));
    assert.ok(isValidDnsName('a-b.contoso.com', false));
  });

  it('uses SAN dNSNames when present and the CN only without them (when allowed)', () => {
    assert.ok(!matchHostname(['www.contoso.com'], 'cmg.contoso.com', 'cmg.contoso.com', true).ok);
    assert.ok(matchHostname([], 'cmg.contoso.com', 'cmg.contoso.com', true).ok);
    assert.ok(!matchHostname([], 'cmg.contoso.com', 'cmg.contoso.com', false).ok);
  });

  it('name constraints: subtrees, and wildcards judged by every name they stand for', () => {
    assert.ok(dnsPermittedBy('cmg.contoso.com', 'contoso.com'));
    assert.ok(!dnsPermittedBy('cmg.notcontoso.com', 'contoso.com'));
    assert.ok(dnsPermittedBy('*.contoso.com', 'contoso.com'));
    assert.ok(!dnsPermittedBy('*.contoso.com', 'cmg.contoso.com'));
    assert.ok(dnsExcludedBy('*.contoso.com', 'bar.contoso.com'));
    assert.ok(!dnsExcludedBy('cmg.contoso.com', 'bar.contoso.com'));
    assert.ok(dnsPermittedBy('anything.example', ''));
  });
});
