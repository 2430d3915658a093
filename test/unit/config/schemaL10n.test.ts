import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import schema from '../../../src/core/config/cmg.schema.json';
import { localizedSchema, schemaTexts } from '../../../src/core/config/schemaL10n';
import { configureL10n } from '../../../src/core/l10n';

const bundle = (lang: string) => JSON.parse(readFileSync(path.resolve(__dirname, `../../../../l10n/bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;

/** The schema without documentation strings, for comparing validation keywords. */
function shape(node: unknown, parentKey?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => shape(n));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => parentKey === 'properties' || !['markdownDescription', 'description', 'title', 'markdownEnumDescriptions', 'defaultSnippets'].includes(k))
      .map(([k, v]) => [k, shape(v, k)]),
  );
}

describe('localized schema documentation', () => {
  afterEach(() => configureL10n('en', undefined));

  it('has a Dutch and a French translation for every documentation string of the schema', () => {
    const texts = schemaTexts();
    assert.ok(texts.length > 50);
    for (const lang of ['nl', 'fr']) {
      const b = bundle(lang);
      const missing = texts.filter((s) => typeof b[s] !== 'string' || b[s].trim() === '');
      assert.deepEqual(missing, [], `${lang} bundle lacks schema texts`);
    }
  });

  it('translates hovers, enum descriptions and snippet labels, and changes nothing else', () => {
    configureL10n('nl', bundle('nl'));
    const nl = localizedSchema() as { properties: { gateways: { items: { properties: Record<string, { markdownDescription: string; markdownEnumDescriptions?: string[] }>; defaultSnippets: { label: string; body: unknown }[] } } } };
    const gw = nl.properties.gateways.items;
    assert.match(gw.properties.vmInstances.markdownDescription, /^\*\*VM-exemplaar\*\*/);
    assert.match(gw.properties.vmInstances.markdownDescription, /Bron: \[setup\]/);
    assert.match(gw.properties.deploymentMethod.markdownEnumDescriptions![0], /virtuele-machineschaalset/i);
    assert.equal(gw.defaultSnippets[0].label, 'cloudbeheergateway (VMSS)');
    // The snippet body (property names and values) is data, not text to translate.
    assert.deepEqual(gw.defaultSnippets[0].body, (schema as unknown as typeof nl).properties.gateways.items.defaultSnippets[0].body);
    // A property called "description" keeps its schema.
    assert.equal(typeof gw.properties.description, 'object');
    assert.deepEqual(shape(nl), shape(schema));
  });

  it('is the English schema when no bundle is installed', () => {
    assert.deepEqual(localizedSchema(), schema);
  });
});
