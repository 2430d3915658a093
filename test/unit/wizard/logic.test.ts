import * as assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import {
  answersFromGateway,
  canFinish,
  canGoNext,
  changedFields,
  computeEdit,
  defaultAnswers,
  deploymentName,
  detectFormatting,
  fieldAccess,
  fieldForPointer,
  firstPageWithError,
  gatewayIndexByName,
  inputFindings,
  mapFindings,
  mergeOnReload,
  nextPage,
  previousPage,
  singleEdit,
  versionGates,
} from '../../../src/wizard/logic';
import type { FieldFinding, WizardAnswers } from '../../../src/wizard/protocol';
import type { Finding } from '../../../src/core/findings';

const ORIGINAL = `{
  // Contoso's CMG configuration: reviewed in git
  "$schema": "./cmg.schema.json",
  "version": 1,
  "site": { "code": "CON", "version": "2403", "provider": "cm01.contoso.com", "clientAuthentication": "pki", "enhancedHttp": false, "checkClientCrl": false },
  "gateways": [
    {
      "name": "GraniteFalls",
      /* the production gateway */
      "serviceFqdn": "GraniteFalls.contoso.com",
      "deploymentMethod": "vmss",
      "environment": "AzurePublicCloud",
      "subscriptionId": "00000000-0000-0000-0000-000000000001",
      "region": "westeurope",
      "resourceGroup": { "name": "cmg-rg", "create": false },
      "vmSize": "Standard_A2_v2",
      "vmInstances": 2, // two for now
      "serverCertificate": "certs/granitefalls.pfx",
      "trustedCertificates": ["certs/root.cer"],
      "verifyClientCertificateRevocation": true,
      "enforceTls12": true,
      "allowContent": true,
      "alerts": {
        "dataTransfer": { "enabled": true, "thresholdGB": 10000, "warningPercent": 50, "criticalPercent": 90, "stopServiceWhenCritical": false },
        "storage": { "enabled": false, "thresholdGB": 2, "warningPercent": 50, "criticalPercent": 90 }
      },
      "boundaryGroups": [],
      "x-owner": "infra team" // unknown property, kept
    }
  ],
  "connectionPoints": [
    { "server": "cm01.contoso.com", "siteCode": "CON", "gateway": "GraniteFalls" }
  ],
  "siteRoles": []
}
`;

const gates = versionGates('2403');

function newAnswers(): WizardAnswers {
  return {
    ...defaultAnswers(gates),
    name: 'Oakwood',
    serviceFqdn: 'oakwood.contoso.com',
    subscriptionId: '00000000-0000-0000-0000-000000000002',
    region: 'northeurope',
    resourceGroupName: 'cmg-oak',
    serverCertificate: 'certs/oakwood.pfx',
    trustedCertificates: ['certs/root.cer'],
    connectionPointServer: 'cm02.contoso.com',
  };
}

function parsed(text: string): any {
  return parse(text, [], { allowTrailingComma: true });
}

describe('wizard logic', () => {
  describe('version gates', () => {
    it('offers the method choice only where the console does', () => {
      assert.deepEqual(versionGates('1906').methods, ['classic']);
      assert.deepEqual(versionGates('2107').methods, ['vmss', 'classic']);
      assert.deepEqual(versionGates('2203').methods, ['vmss']);
      assert.equal(versionGates('2103').vmSizeChoice, false);
      assert.equal(versionGates('2107').vmSizeChoice, true);
      assert.equal(versionGates('1902').tls12, false);
      assert.equal(versionGates('1906').tls12, true);
      assert.equal(versionGates('2107').usGovVmss, false);
      assert.equal(versionGates('2111').usGovVmss, true);
    });
    it('treats a malformed version as current', () => {
      assert.deepEqual(versionGates('latest').methods, ['vmss']);
    });
    it('defaults follow the console (1 VM, A2_v2, CRL/TLS/content on)', () => {
      const d = defaultAnswers(gates);
      assert.equal(d.vmInstances, '1');
      assert.equal(d.vmSize, 'Standard_A2_v2');
      assert.equal(d.verifyClientCertificateRevocation, true);
      assert.equal(d.enforceTls12, true);
      assert.equal(d.allowContent, true);
      assert.equal(d.stThresholdGB, '2');
      assert.equal(defaultAnswers(versionGates('1902')).enforceTls12, false);
    });
  });

  describe('steps', () => {
    const err = (field: FieldFinding['field'], severity: FieldFinding['severity'] = 'error'): FieldFinding => ({ field, rule: 'X', severity, message: 'm' });
    it('moves through the four pages in order', () => {
      assert.equal(nextPage('general'), 'settings');
      assert.equal(nextPage('alerts'), 'summary');
      assert.equal(nextPage('summary'), undefined);
      assert.equal(previousPage('general'), undefined);
      assert.equal(previousPage('summary'), 'alerts');
    });
    it('blocks Next on errors of the current page only', () => {
      assert.equal(canGoNext('general', []), true);
      assert.equal(canGoNext('general', [err('subscriptionId')]), false);
      assert.equal(canGoNext('general', [err('vmInstances')]), true, 'a Settings error does not block General');
      assert.equal(canGoNext('settings', [err('vmInstances')]), false);
      assert.equal(canGoNext('settings', [err('vmInstances', 'warning')]), true, 'warnings never block');
      assert.equal(canGoNext('alerts', [err('dtWarningPercent')]), false);
      assert.equal(canGoNext('summary', []), false, 'no page after Summary');
    });
    it('Finish needs no error anywhere and jumps to the first page with one', () => {
      assert.equal(canFinish([err('vmInstances', 'warning')]), true);
      assert.equal(canFinish([err('dtThresholdGB')]), false);
      assert.equal(firstPageWithError([err('dtThresholdGB'), err('region')]), 'settings');
      assert.equal(firstPageWithError([err(undefined)]), 'summary');
    });
  });

  describe('fields and findings', () => {
    it('maps gateway pointers to fields, longest prefix first', () => {
      assert.equal(fieldForPointer('/vmInstances'), 'vmInstances');
      assert.equal(fieldForPointer('/resourceGroup/name'), 'resourceGroupName');
      assert.equal(fieldForPointer('/resourceGroup'), 'resourceGroupName');
      assert.equal(fieldForPointer('/alerts/storage/warningPercent'), 'stWarningPercent');
      assert.equal(fieldForPointer('/trustedCertificates/1'), 'trustedCertificates');
      assert.equal(fieldForPointer(''), undefined);
    });
    it('keeps only findings of this gateway and its connection point', () => {
      const findings: Finding[] = [
        { rule: 'CFG-VM-INSTANCES', severity: 'error', message: 'too many', path: '/gateways/1/vmInstances' },
        { rule: 'CFG-OTHER', severity: 'error', message: 'other gateway', path: '/gateways/0/vmInstances' },
        { rule: 'CFG-GW', severity: 'warning', message: 'whole gateway', path: '/gateways/1' },
        { rule: 'CFG-CP', severity: 'warning', message: 'cp', path: '/connectionPoints/1/server' },
        { rule: 'CFG-SITE', severity: 'error', message: 'site', path: '/site/version' },
        { rule: 'CFG-NOPATH', severity: 'error', message: 'file' },
      ];
      const mapped = mapFindings(findings, '/gateways/1', '/connectionPoints/1');
      assert.deepEqual(mapped, [
        { rule: 'CFG-VM-INSTANCES', severity: 'error', message: 'too many', field: 'vmInstances' },
        { rule: 'CFG-GW', severity: 'warning', message: 'whole gateway' },
        { rule: 'CFG-CP', severity: 'warning', message: 'cp', field: 'connectionPointServer' },
      ]);
      assert.equal(mapFindings(findings, '/gateways/10').length, 0, '/gateways/1 is not a prefix of /gateways/10');
    });
    it('reports text that is not a whole number', () => {
      const a = { ...newAnswers(), vmInstances: 'two', dtWarningPercent: '50.5', stThresholdGB: ' 3 ' };
      assert.deepEqual(inputFindings(a).map((f) => f.field), ['vmInstances', 'dtWarningPercent']);
    });
    it('modify mode: in-place fields editable, the rest redeploy/convert', () => {
      const access = fieldAccess('modify');
      assert.equal(access.vmInstances, 'editable');
      assert.equal(access.description, 'editable');
      assert.equal(access.dtThresholdGB, 'editable');
      assert.equal(access.serverCertificate, 'editable');
      assert.equal(access.region, 'redeploy');
      assert.equal(access.subscriptionId, 'redeploy');
      assert.equal(access.serviceFqdn, 'redeploy');
      assert.equal(access.wildcardHost, 'redeploy');
      assert.equal(access.resourceGroupCreate, 'redeploy');
      assert.equal(access.deploymentMethod, 'convert');
      assert.ok(Object.values(fieldAccess('create')).every((a) => a === 'editable'));
    });
    it('deployment names per method and environment', () => {
      const a = { serviceFqdn: 'GraniteFalls.contoso.com', deploymentMethod: 'vmss' as const, environment: 'AzurePublicCloud' as const, region: 'westeurope' };
      assert.equal(deploymentName(a, 'cloudapp.usgovcloudapi.net'), 'granitefalls.westeurope.cloudapp.azure.com');
      assert.equal(deploymentName({ ...a, environment: 'AzureUSGovernmentCloud' }, 'cloudapp.usgovcloudapi.net'), 'granitefalls.westeurope.cloudapp.usgovcloudapi.net');
      assert.equal(deploymentName({ ...a, deploymentMethod: 'classic' }, 'x'), 'granitefalls.cloudapp.net');
      assert.equal(deploymentName({ ...a, serviceFqdn: '' }, 'x'), '');
    });
  });

  describe('create: the edit', () => {
    it('appends the gateway and its connection point, keeping comments and unknown properties', () => {
      const r = computeEdit(ORIGINAL, { mode: 'create', answers: newAnswers(), siteCode: 'CON' });
      const doc = parsed(r.text);
      assert.equal(doc.gateways.length, 2);
      assert.equal(doc.gateways[1].name, 'Oakwood');
      assert.equal(doc.gateways[1].vmInstances, 1);
      assert.deepEqual(doc.gateways[1].resourceGroup, { name: 'cmg-oak', create: true });
      assert.equal('description' in doc.gateways[1], false, 'no empty description');
      assert.deepEqual(doc.connectionPoints[1], { server: 'cm02.contoso.com', siteCode: 'CON', gateway: 'Oakwood' });
      assert.equal(r.gatewayPointer, '/gateways/1');
      assert.equal(r.connectionPointPointer, '/connectionPoints/1');
      for (const kept of ['// Contoso\'s CMG configuration: reviewed in git', '/* the production gateway */', '// two for now', '"x-owner": "infra team" // unknown property, kept']) {
        assert.ok(r.text.includes(kept), kept);
      }
      assert.equal(doc.gateways[0]['x-owner'], 'infra team');
      // The original text up to the end of the first gateway is untouched byte for byte.
      const firstEnd = ORIGINAL.indexOf('// unknown property, kept') + '// unknown property, kept'.length;
      assert.equal(r.text.slice(0, firstEnd), ORIGINAL.slice(0, firstEnd));
      assert.match(r.text, /\n {6}"name": "Oakwood",\n/, 'new gateway indented like the file');
    });
    it('adds no connection point when no server is named', () => {
      const r = computeEdit(ORIGINAL, { mode: 'create', answers: { ...newAnswers(), connectionPointServer: '  ' }, siteCode: 'CON' });
      assert.equal(parsed(r.text).connectionPoints.length, 1);
      assert.equal(r.connectionPointPointer, undefined);
    });
    it('creates the arrays when the file has none', () => {
      const r = computeEdit('{\n\t"version": 1\n}\n', { mode: 'create', answers: newAnswers(), siteCode: 'CON' });
      const doc = parsed(r.text);
      assert.equal(doc.gateways[0].name, 'Oakwood');
      assert.equal(doc.connectionPoints[0].gateway, 'Oakwood');
      assert.ok(r.text.includes('\n\t"gateways"'), 'tabs kept');
    });
    it('keeps CRLF line ends', () => {
      const crlf = ORIGINAL.replace(/\n/g, '\r\n');
      const r = computeEdit(crlf, { mode: 'create', answers: newAnswers(), siteCode: 'CON' });
      assert.equal(/[^\r]\n/.test(r.text), false);
    });
    it('refuses a file that is not an object', () => {
      assert.throws(() => computeEdit('[1, 2]', { mode: 'create', answers: newAnswers() }), /not a JSON object/);
    });
  });

  describe('modify: the edit', () => {
    const index = gatewayIndexByName(ORIGINAL, 'GraniteFalls')!;
    const original = answersFromGateway(parsed(ORIGINAL).gateways[index], gates);

    it('reads the gateway back into answers', () => {
      assert.equal(index, 0);
      assert.equal(original.vmInstances, '2');
      assert.equal(original.resourceGroupCreate, false);
      assert.equal(original.dtEnabled, true);
      assert.deepEqual(original.trustedCertificates, ['certs/root.cer']);
      assert.equal(gatewayIndexByName(ORIGINAL, 'Nope'), undefined);
    });
    it('changes only the changed property, as a number, and nothing else', () => {
      const answers = { ...original, vmInstances: '4' };
      assert.deepEqual(changedFields(answers, original), ['vmInstances']);
      const r = computeEdit(ORIGINAL, { mode: 'modify', answers, original, gatewayIndex: index });
      assert.equal(r.text, ORIGINAL.replace('"vmInstances": 2, // two for now', '"vmInstances": 4, // two for now'));
      assert.deepEqual(r.edit, { offset: ORIGINAL.indexOf('"vmInstances": 2') + '"vmInstances": '.length, length: 1, content: '4' });
    });
    it('adds a description and edits nested alert values, keeping comments', () => {
      const answers = { ...original, description: 'Production', stEnabled: true, stThresholdGB: '5', trustedCertificates: ['certs/root.cer', 'certs/issuing.cer'] };
      const r = computeEdit(ORIGINAL, { mode: 'modify', answers, original, gatewayIndex: index });
      const g = parsed(r.text).gateways[0];
      assert.equal(g.description, 'Production');
      assert.equal(g.alerts.storage.enabled, true);
      assert.equal(g.alerts.storage.thresholdGB, 5);
      assert.deepEqual(g.trustedCertificates, ['certs/root.cer', 'certs/issuing.cer']);
      assert.ok(r.text.includes('/* the production gateway */\n      "description": "Production",\n      "serviceFqdn"'), 'inserted on its own line in model order');
      assert.ok(r.text.includes('"x-owner": "infra team" // unknown property, kept'));
    });
    it('creates missing nested objects (a gateway without alerts)', () => {
      const bare = '{\n  "gateways": [\n    {\n      "name": "A", // id\n      "boundaryGroups": []\n    }\n  ]\n}\n';
      const orig = answersFromGateway(parsed(bare).gateways[0], gates);
      const r = computeEdit(bare, { mode: 'modify', answers: { ...orig, stEnabled: true }, original: orig, gatewayIndex: 0 });
      assert.equal(parsed(r.text).gateways[0].alerts.storage.enabled, true);
      assert.ok(r.text.includes('"name": "A", // id\n'));
    });
    it('no change, no edit', () => {
      const r = computeEdit(ORIGINAL, { mode: 'modify', answers: { ...original, wildcardHost: 'x' }, original, gatewayIndex: index });
      assert.equal(r.edit, undefined);
      assert.equal(r.text, ORIGINAL);
    });
    it('applying the edit then reverting it restores the original bytes exactly', () => {
      for (const answers of [{ ...original, vmInstances: '16', description: 'x' }, { ...original, dtStop: true, enforceTls12: false }]) {
        const r = computeEdit(ORIGINAL, { mode: 'modify', answers, original, gatewayIndex: index });
        const e = r.edit!;
        const after = applyEdits(ORIGINAL, [e]);
        assert.equal(after, r.text);
        const removed = ORIGINAL.slice(e.offset, e.offset + e.length);
        const undo = { offset: e.offset, length: e.content.length, content: removed };
        assert.equal(applyEdits(after, [undo]), ORIGINAL);
      }
      const c = computeEdit(ORIGINAL, { mode: 'create', answers: newAnswers(), siteCode: 'CON' });
      const e = c.edit!;
      const undo = { offset: e.offset, length: e.content.length, content: ORIGINAL.slice(e.offset, e.offset + e.length) };
      assert.equal(applyEdits(c.text, [undo]), ORIGINAL);
    });
  });

  describe('helpers', () => {
    it('singleEdit is minimal', () => {
      assert.deepEqual(singleEdit('abcdef', 'abXdef'), { offset: 2, length: 1, content: 'X' });
      assert.deepEqual(singleEdit('aaa', 'aaaa'), { offset: 3, length: 0, content: 'a' });
      assert.equal(singleEdit('same', 'same'), undefined);
    });
    it('detects indentation and line ends', () => {
      assert.deepEqual(detectFormatting('{\n    "a": 1\n}'), { insertSpaces: true, tabSize: 4, eol: '\n' });
      assert.deepEqual(detectFormatting('{\r\n\t"a": 1\r\n}'), { insertSpaces: false, tabSize: 4, eol: '\r\n' });
    });
    it('reload keeps the admin\'s changes and takes the file\'s values elsewhere', () => {
      const oldOriginal = answersFromGateway(parsed(ORIGINAL).gateways[0], gates);
      const answers = { ...oldOriginal, vmInstances: '3' };
      const newOriginal = { ...oldOriginal, description: 'edited elsewhere', vmInstances: '5' };
      const merged = mergeOnReload(answers, oldOriginal, newOriginal);
      assert.equal(merged.vmInstances, '3');
      assert.equal(merged.description, 'edited elsewhere');
    });
  });
});
