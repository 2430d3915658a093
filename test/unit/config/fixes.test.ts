import * as assert from 'node:assert/strict';
import { checkConfig } from '../../../src/core/config/check';
import { applyTextEdits } from '../../../src/core/config/edits';
import type { Finding } from '../../../src/core/findings';
import { config } from './helpers';

const FILE = '/work/site/contoso.cmg.json';

/** The example-like text the fixes are applied to: comments everywhere, odd spacing kept. */
function commented(json: string): string {
  return `// Contoso CMG\n{\n  // the format\n${json.split('\n').slice(1).join('\n').replace('"site": {', '"site": { // site P01').replace('"gateways": [', '/* gateways */ "gateways":   [')}`;
}

function fixOnce(text: string, rule: string, pick: (f: Finding) => boolean = () => true): { text: string; finding: Finding } {
  const finding = checkConfig({ text, filePath: FILE }).findings.find((f) => f.rule === rule && pick(f));
  assert.ok(finding, `no ${rule} finding`);
  assert.ok(finding.fixes && finding.fixes.length > 0, `${rule} has a fix`);
  return { text: applyTextEdits(text, finding.fixes[0].edits), finding };
}

function assertKeeps(before: string, after: string): void {
  for (const c of ['// Contoso CMG', '// the format', '// site P01', '/* gateways */ "gateways":   [']) assert.ok(after.includes(c), `keeps ${c}`);
  assert.ok(after.split('\n').length >= before.split('\n').length - 2);
}

describe('quick fixes', () => {
  const base = JSON.stringify(config(), null, 2);

  it('removes an unknown property and keeps comments and layout', () => {
    const before = commented(base.replace('"enforceTls12": true,', '"enforceTls12": true,\n      "colour": "blue",'));
    const { text } = fixOnce(before, 'CFG-SCHEMA', (f) => f.path === '/gateways/0/colour');
    assertKeeps(before, text);
    assert.ok(!text.includes('colour'));
    assert.equal(text, commented(base));
  });

  it('removes an unknown last property with its comma', () => {
    const before = commented(base.replace('"boundaryGroups": []', '"boundaryGroups": [],\n      "colour": "blue"'));
    const { text } = fixOnce(before, 'CFG-SCHEMA', (f) => f.path === '/gateways/0/colour');
    assert.equal(text, commented(base));
  });

  it('fixes an enum value that differs only in case', () => {
    const before = commented(base.replace('"deploymentMethod": "vmss"', '"deploymentMethod": "VMSS"'));
    const { text, finding } = fixOnce(before, 'CFG-SCHEMA', (f) => f.path === '/gateways/0/deploymentMethod');
    assert.match(finding.fixes![0].title, /"vmss"/);
    assert.equal(text, commented(base));
  });

  it('offers no fix for an enum value that is simply wrong', () => {
    const before = base.replace('"deploymentMethod": "vmss"', '"deploymentMethod": "aks"');
    const f = checkConfig({ text: before, filePath: FILE }).findings.find((x) => x.path === '/gateways/0/deploymentMethod');
    assert.equal(f?.fixes, undefined);
  });

  it('clamps the VM count', () => {
    for (const [bad, good] of [['0', 1], ['40', 16]] as const) {
      const before = commented(base.replace('"vmInstances": 2', `"vmInstances": ${bad}`));
      const { text } = fixOnce(before, 'CFG-VM-COUNT');
      assert.ok(text.includes(`"vmInstances": ${good}`));
      assertKeeps(before, text);
    }
  });

  it('cleans a subscription ID in braces or without dashes', () => {
    for (const bad of ['{3F2C8A61-7D4E-4B0A-9C55-1E8D2B6F4A90}', ' 3f2c8a61-7d4e-4b0a-9c55-1e8d2b6f4a90 ', '3f2c8a617d4e4b0a9c551e8d2b6f4a90', '/subscriptions/3f2c8a61-7d4e-4b0a-9c55-1e8d2b6f4a90']) {
      const before = commented(base.replace('"3f2c8a61-7d4e-4b0a-9c55-1e8d2b6f4a90"', JSON.stringify(bad)));
      const { text } = fixOnce(before, 'CFG-SUBSCRIPTION');
      assert.equal(text, commented(base), bad);
    }
  });

  it('converts a classic gateway to VMSS', () => {
    const before = commented(base.replace('"deploymentMethod": "vmss"', '"deploymentMethod": "classic"'));
    const { text } = fixOnce(before, 'CFG-CLASSIC');
    assert.equal(text, commented(base));
    assert.ok(!checkConfig({ text, filePath: FILE }).findings.some((f) => f.rule === 'CFG-CLASSIC'));
  });

  it('turns on HTTPS for a management point with CMG traffic', () => {
    const c = config({ site: { ...config().site, enhancedHttp: false }, siteRoles: [{ server: 'cm01', role: 'managementPoint', https: false, allowCmgTraffic: true }] });
    const before = commented(JSON.stringify(c, null, 2));
    const { text } = fixOnce(before, 'CFG-MP-HTTPS');
    assert.ok(text.includes('"https": true'));
    assert.ok(!checkConfig({ text, filePath: FILE }).findings.some((f) => f.rule === 'CFG-MP-HTTPS'));
  });

  it('points a connection point at the gateway that matches without case, or at the only gateway', () => {
    for (const wrong of ['GraniteFalls', 'typo']) {
      const before = commented(base.replace('"gateway": "granitefalls"', `"gateway": "${wrong}"`));
      const { text } = fixOnce(before, 'CFG-CP-GATEWAY');
      assert.equal(text, commented(base));
    }
  });

  it('offers no connection point fix when the target is ambiguous', () => {
    const c = config({ gateways: [config().gateways[0], { ...config().gateways[0], name: 'second', serviceFqdn: 'second.contoso.com' }], connectionPoints: [{ server: 'cm01', siteCode: 'P01', gateway: 'third' }] });
    const f = checkConfig({ text: JSON.stringify(c), filePath: FILE }).findings.find((x) => x.rule === 'CFG-CP-GATEWAY');
    assert.ok(f);
    assert.equal(f.fixes, undefined);
  });

  it('inserts a missing property with the console default, formatted like the file', () => {
    const before = commented(base.replace('      "enforceTls12": true,\n', ''));
    const { text, finding } = fixOnce(before, 'CFG-SCHEMA', (f) => f.path === '/gateways/0/enforceTls12');
    assert.match(finding.fixes![0].title, /true/);
    assertKeeps(before, text);
    assert.match(text, /\n {6}"enforceTls12": true\n/);
    assert.ok(!checkConfig({ text, filePath: FILE }).findings.some((f) => f.rule === 'CFG-SCHEMA'));
  });

  it('inserts the alert defaults', () => {
    const c = config();
    delete (c.gateways[0] as Partial<typeof c.gateways[0]>).alerts;
    const before = commented(JSON.stringify(c, null, 2));
    const { text } = fixOnce(before, 'CFG-SCHEMA', (f) => f.path === '/gateways/0/alerts');
    assert.ok(!checkConfig({ text, filePath: FILE }).findings.some((f) => f.rule === 'CFG-SCHEMA'));
    assertKeeps(before, text);
  });

  it('offers no default for a property without an obvious one', () => {
    const before = base.replace('      "region": "westeurope",\n', '');
    const f = checkConfig({ text: before, filePath: FILE }).findings.find((x) => x.path === '/gateways/0/region');
    assert.ok(f);
    assert.equal(f.fixes, undefined);
  });

  it('turns on CMG traffic when there is exactly one management point', () => {
    const c = config({ siteRoles: [{ server: 'cm01', role: 'managementPoint', https: true, allowCmgTraffic: false }] });
    const { text } = fixOnce(JSON.stringify(c, null, 2), 'CFG-NO-MP');
    assert.ok(!checkConfig({ text, filePath: FILE }).findings.some((f) => f.rule === 'CFG-NO-MP'));
  });

  it('normalizes a region display name', () => {
    const before = commented(base.replace('"region": "westeurope"', '"region": "West Europe"'));
    const { text } = fixOnce(before, 'CFG-REGION');
    assert.equal(text, commented(base));
  });
});
