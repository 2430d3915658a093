import * as assert from 'node:assert/strict';
import { checkConfig } from '../../../src/core/config/check';
import { largeConfig } from './helpers';

describe('a generated configuration with 100 gateways and 400 connection points', () => {
  it('checks cleanly (only the port information per gateway)', () => {
    const c = largeConfig(100, 4);
    assert.equal(c.gateways.length, 100);
    assert.equal(c.connectionPoints.length, 400);
    const text = JSON.stringify(c, null, 2);
    const findings = checkConfig({ text, filePath: '/x/large.cmg.json', options: { fileExists: () => true } }).findings;
    assert.equal(findings.filter((f) => f.rule !== 'CFG-PORTS').length, 0, JSON.stringify(findings.filter((f) => f.rule !== 'CFG-PORTS').slice(0, 3)));
    assert.equal(findings.filter((f) => f.rule === 'CFG-PORTS').length, 100);
    // Positions are right at the end of a large file too.
    const last = findings[findings.length - 1];
    assert.equal(last.path, '/gateways/99/vmInstances');
    assert.equal(text.slice(last.range!.offset, last.range!.offset + last.range!.length), String(c.gateways[99].vmInstances));
  });

  it('finds one broken gateway among the hundred', () => {
    const c = largeConfig(100, 4);
    c.gateways[57].serviceFqdn = 'cmg-057.contoso.com';
    c.connectionPoints[399].gateway = 'missing';
    const findings = checkConfig({ text: JSON.stringify(c), filePath: '/x/large.cmg.json' }).findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(findings.map((f) => [f.rule, f.path]).sort(), [
      ['CFG-CP-GATEWAY', '/connectionPoints/399/gateway'],
      ['CFG-SERVICE-NAME', '/gateways/57/serviceFqdn'],
    ]);
  });
});
