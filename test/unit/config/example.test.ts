import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkConfig, parseConfigText } from '../../../src/core/config/check';
import { defaultSnapshotPath } from '../../../src/core/model';

const FILE = path.resolve('examples/contoso/contoso.cmg.json');
const CERTS = ['granitefalls.pfx', 'contoso-root.cer', 'contoso-issuing.cer', 'contosocmg.pfx'].map((n) => path.resolve('examples/contoso/certs', n));

describe('examples/contoso', () => {
  const text = readFileSync(FILE, 'utf8');
  const deployedText = readFileSync(defaultSnapshotPath(FILE), 'utf8');

  it('has a deployed snapshot at the default place that parses cleanly', () => {
    const d = parseConfigText(deployedText);
    assert.deepEqual(d.parseFindings, []);
    assert.deepEqual(d.config?.gateways?.map((g) => [g?.name, g?.deploymentMethod]), [['granitefalls', 'vmss'], ['contosolegacy', 'classic']]);
    const own = checkConfig({ text: deployedText, filePath: defaultSnapshotPath(FILE) }).findings;
    assert.deepEqual(own.filter((f) => f.rule === 'CFG-SCHEMA' || f.rule === 'CFG-PARSE'), []);
  });

  it('shows the convert warning and the port information, and no error once the certificates exist', () => {
    const findings = checkConfig({ text, filePath: FILE, deployedText, options: { fileExists: (p) => CERTS.includes(p) } }).findings;
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.path]),
      [
        ['CFG-PORTS', 'info', '/gateways/0/vmInstances'],
        ['CFG-CLASSIC', 'warning', '/gateways/1/deploymentMethod'],
        ['CFG-PORTS', 'info', '/gateways/1/vmInstances'],
      ],
    );
    assert.ok(findings[1].fixes?.length, 'the convert warning offers the quick fix');
  });

  it('without the snapshot, the legacy classic gateway counts as new (an error)', () => {
    const findings = checkConfig({ text, filePath: FILE, options: { fileExists: () => true } }).findings;
    assert.equal(findings.find((f) => f.rule === 'CFG-CLASSIC')?.severity, 'error');
  });

  it('reports the certificate files as missing when they are not there', () => {
    const findings = checkConfig({ text, filePath: FILE, deployedText, options: { fileExists: () => false } }).findings;
    assert.equal(findings.filter((f) => f.rule === 'CFG-CERT-MISSING').length, 6);
  });
});
