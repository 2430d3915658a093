import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import schema from '../../../src/core/config/cmg.schema.json';
import { checkConfig } from '../../../src/core/config/check';
import { config } from './helpers';

type Node = Record<string, unknown>;

/** Keywords VS Code's JSON language service understands (draft-07 plus its own extensions). */
const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', 'markdownDescription', 'type', 'properties', 'required', 'additionalProperties',
  'items', 'enum', 'markdownEnumDescriptions', 'default', 'examples', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength',
  'defaultSnippets', 'const',
]);

function walk(node: Node, at: string, visit: (n: Node, at: string) => void): void {
  visit(node, at);
  const props = node.properties as Record<string, Node> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) walk(v, `${at}/${k}`, visit);
  if (node.items && typeof node.items === 'object') walk(node.items as Node, `${at}[]`, visit);
}

/** Replaces snippet placeholders `${1:value}` with their default text. */
function unsnippet(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/\$\{\d+:([^}]*)\}/g, '$1');
  if (Array.isArray(v)) return v.map(unsnippet);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsnippet(x)]));
  return v;
}

describe('cmg.schema.json', () => {
  it('holds exactly the property contract of issue 2', () => {
    const s = schema as unknown as Node;
    const keys = (n: Node) => Object.keys(n.properties as object).sort();
    const p = s.properties as Record<string, Node>;
    assert.deepEqual(keys(s), ['$schema', 'connectionPoints', 'gateways', 'site', 'siteRoles', 'version'].sort());
    assert.deepEqual(keys(p.site), ['checkClientCrl', 'clientAuthentication', 'code', 'enhancedHttp', 'provider', 'version']);
    const gw = (p.gateways.items as Node);
    assert.deepEqual(keys(gw), ['alerts', 'allowContent', 'boundaryGroups', 'deploymentMethod', 'description', 'enforceTls12', 'environment', 'name', 'region', 'resourceGroup', 'serverCertificate', 'serviceFqdn', 'subscriptionId', 'trustedCertificates', 'verifyClientCertificateRevocation', 'vmInstances', 'vmSize']);
    assert.deepEqual((gw.required as string[]).slice().sort(), keys(gw).filter((k) => k !== 'description'));
    assert.deepEqual(keys((gw.properties as Record<string, Node>).alerts), ['dataTransfer', 'storage']);
    assert.deepEqual(keys(p.connectionPoints.items as Node), ['gateway', 'server', 'siteCode']);
    assert.deepEqual(keys(p.siteRoles.items as Node), ['allowCmgTraffic', 'https', 'role', 'server']);
    const gp = gw.properties as Record<string, Node>;
    assert.deepEqual(gp.deploymentMethod.enum, ['vmss', 'classic']);
    assert.deepEqual(gp.environment.enum, ['AzurePublicCloud', 'AzureUSGovernmentCloud']);
    assert.deepEqual(gp.vmSize.enum, ['Standard_A2_v2', 'Standard_A4_v2', 'Standard_B2s']);
    assert.equal(gp.vmInstances.minimum, 1);
    assert.equal(gp.vmInstances.maximum, 16);
  });

  it('documents every property, closes every object and uses only keywords VS Code knows', () => {
    walk(schema as unknown as Node, '', (n, at) => {
      for (const k of Object.keys(n)) assert.ok(KNOWN.has(k), `${at}: unknown keyword ${k}`);
      if (at !== '' && at !== '/$schema') {
        assert.equal(typeof n.markdownDescription, 'string', `${at} has a markdownDescription`);
        if (!at.endsWith('[]') || n.type === 'object') assert.ok((n.markdownDescription as string).length > 10, at);
      }
      if (n.type === 'object') assert.equal(n.additionalProperties, false, `${at} is closed`);
      if (Array.isArray(n.enum) && n.markdownEnumDescriptions) assert.equal((n.markdownEnumDescriptions as unknown[]).length, n.enum.length, at);
    });
  });

  it('offers completion snippets for a gateway, a connection point and site roles that make valid entries', () => {
    const p = (schema as unknown as Node).properties as Record<string, Node>;
    const snippets = (n: Node) => (n.defaultSnippets as { label: string; body: unknown }[]) ?? [];
    const gw = snippets(p.gateways.items as Node);
    const cp = snippets(p.connectionPoints.items as Node);
    const roles = snippets(p.siteRoles.items as Node);
    assert.ok(gw.length >= 1 && cp.length >= 1 && roles.length >= 2);
    const c = config({
      gateways: [unsnippet(gw[0].body) as never],
      connectionPoints: [unsnippet(cp[0].body) as never],
      siteRoles: roles.map((r) => unsnippet(r.body) as never),
    });
    // Names line up once the placeholders are filled in as suggested.
    c.connectionPoints[0].gateway = c.gateways[0].name;
    const ajv = new Ajv({ strict: false, allErrors: true });
    assert.ok(ajv.validate(schema, c), JSON.stringify(ajv.errors));
    const findings = checkConfig({ text: JSON.stringify(c), filePath: '/x/a.cmg.json' }).findings;
    assert.deepEqual(findings.filter((f) => f.rule === 'CFG-SCHEMA'), []);
  });

  it('translates ajv errors into localized sentences naming the value', () => {
    const text = JSON.stringify({ ...config(), version: 2, site: { ...config().site, code: 'P0001', enhancedHttp: 'true' } });
    const messages = checkConfig({ text, filePath: '/x/a.cmg.json' }).findings.filter((f) => f.rule === 'CFG-SCHEMA').map((f) => f.message);
    assert.ok(messages.some((m) => m.includes('version must be one of 1; found 2')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('Site code "P0001"')), messages.join('\n'));
    assert.ok(messages.some((m) => m.includes('site.enhancedHttp must be true or false; found "true"')), messages.join('\n'));
    // No raw ajv wording leaks through.
    assert.ok(messages.every((m) => !/must NOT|must match pattern|must be equal to/.test(m)), messages.join('\n'));
  });

  it('ships a precompiled validator generated from the current schema', async () => {
    const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<{ generate: () => string }>;
    const dir = path.resolve(__dirname, '../../../../src/core/config');
    const { generate } = await importEsm(pathToFileURL(path.join(dir, 'gen-validator.mjs')).href);
    assert.equal(readFileSync(path.join(dir, 'cmg.validate.js'), 'utf8'), generate(), 'run: node src/core/config/gen-validator.mjs');
  });

  it('leaves errors that have their own rule to that rule (no double reports)', () => {
    const c = config();
    c.gateways[0].vmInstances = 20;
    c.gateways[0].subscriptionId = 'abc';
    c.site.version = '24';
    const findings = checkConfig({ text: JSON.stringify(c), filePath: '/x/a.cmg.json' }).findings;
    assert.deepEqual(findings.filter((f) => f.rule === 'CFG-SCHEMA'), []);
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.rule).sort(), ['CFG-SITE-VERSION', 'CFG-SUBSCRIPTION', 'CFG-VM-COUNT']);
  });
});
