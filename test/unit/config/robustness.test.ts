import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkConfig } from '../../../src/core/config/check';
import { config } from './helpers';

/** Any JSON value where the configuration has one: the checks must report, never throw. */
function mutate(base: unknown, paths: (string | number)[][], values: unknown[]): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  paths.forEach((p, i) => {
    let node: unknown = copy;
    for (let j = 0; j < p.length - 1; j++) {
      if (node === null || typeof node !== 'object') return;
      node = (node as Record<string | number, unknown>)[p[j]];
    }
    if (node !== null && typeof node === 'object') (node as Record<string | number, unknown>)[p[p.length - 1]] = values[i];
  });
  return copy;
}

const PATHS: (string | number)[][] = [
  ['version'], ['site'], ['site', 'version'], ['site', 'enhancedHttp'], ['site', 'clientAuthentication'],
  ['gateways'], ['gateways', 0], ['gateways', 0, 'name'], ['gateways', 0, 'serviceFqdn'], ['gateways', 0, 'deploymentMethod'],
  ['gateways', 0, 'environment'], ['gateways', 0, 'region'], ['gateways', 0, 'vmInstances'], ['gateways', 0, 'subscriptionId'],
  ['gateways', 0, 'trustedCertificates'], ['gateways', 0, 'alerts'], ['gateways', 0, 'alerts', 'storage'], ['gateways', 0, 'resourceGroup'],
  ['connectionPoints'], ['connectionPoints', 0], ['connectionPoints', 0, 'gateway'], ['siteRoles'], ['siteRoles', 0], ['siteRoles', 0, 'https'],
];

describe('configuration checks on arbitrary input (property-based)', () => {
  it('never throw, and every finding has a rule, a message, a path and a range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 5 }),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (paths, values, withDeployed) => {
          const text = JSON.stringify(mutate(config(), paths, values), null, 2);
          const deployedText = withDeployed ? JSON.stringify(mutate(config(), paths.slice(1), values.slice(1))) : undefined;
          const { findings } = checkConfig({ text, filePath: '/x/a.cmg.json', deployedText, options: { fileExists: () => false } });
          for (const f of findings) {
            assert.ok(f.rule && f.message && typeof f.path === 'string' && f.range, JSON.stringify(f));
            assert.ok(f.range.offset >= 0 && f.range.offset + f.range.length <= text.length);
            for (const fix of f.fixes ?? []) for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const { findings } = checkConfig({ text, filePath: '/x/a.cmg.json' });
        assert.ok(Array.isArray(findings));
      }),
      { numRuns: 300 },
    );
  });
});
