import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configureL10n } from '../../../src/core/l10n';
import { planToMarkdown, planToText } from '../../../src/core/plan/format';
import { buildPlan } from '../../../src/core/plan/plan';
import { config, gateway, legacy } from './fixtures';

const bundle = (lang: string) => JSON.parse(readFileSync(path.resolve(__dirname, `../../../../l10n/bundle.l10n.${lang}.json`), 'utf8')) as Record<string, string>;

describe('plan views', () => {
  afterEach(() => configureL10n('en', undefined));
  const plan = () => buildPlan(config([gateway({ vmInstances: 3 }), legacy({ deploymentMethod: 'vmss' })]), config([gateway(), legacy()]));

  it('text: per gateway action, changes with mode, steps, execution order, findings', () => {
    const text = planToText(plan(), 'contoso.cmg.json');
    assert.match(text, /^Plan for contoso\.cmg\.json\n\nGraniteFalls: update in place\n {2}~ \/vmInstances \(in place\)\n {2}1\. \[update-gateway\] Update GraniteFalls\.contoso\.com in place: \/vmInstances\n/);
    assert.match(text, /ContosoLegacy: convert to virtual machine scale set\n {2}~ \/deploymentMethod \(by Convert\)/);
    assert.match(text, /Order of execution:\n {2}1\. \(stage 1\) Update GraniteFalls\.contoso\.com in place: \/vmInstances\n {2}2\. \(stage 1\) Convert contosocmg\.contoso\.com/);
    assert.match(text, /info PLAN-CONVERT-DNS: Gateway ContosoLegacy: after Convert, point the DNS CNAME of contosocmg\.contoso\.com at the new deployment name \(contosocmg\.westeurope\.cloudapp\.azure\.com\)\./);
  });

  it('Markdown: headings per gateway, a table of changes, Markdown in values escaped', () => {
    const p = buildPlan(config([gateway({ name: 'Granite*Falls_[x]', vmInstances: 3 })]), config([gateway({ name: 'Granite*Falls_[x]' })]));
    const md = planToMarkdown(p, 'contoso.cmg.json');
    assert.match(md, /^# Plan for contoso\.cmg\.json\n/);
    assert.match(md, /## Granite\\\*Falls\\_\\\[x\\\]: update in place/);
    assert.match(md, /\| `\/vmInstances` \| in place \|/);
    assert.match(md, /## Order of execution\n/);
    assert.match(md, /## Findings\n\nNo findings\./);
  });

  for (const [lang, words] of [
    ['nl', ['ter plaatse bijwerken', 'converteren naar virtuele-machineschaalset', 'Volgorde van uitvoering:', 'fase 1']],
    ['fr', ['mettre à jour sur place', 'convertir en groupe de machines virtuelles identiques', "Ordre d'exécution :", 'étape 1']],
  ] as const) {
    it(`speaks ${lang}`, () => {
      configureL10n(lang, bundle(lang));
      const text = planToText(plan(), 'contoso.cmg.json');
      for (const w of words) assert.ok(text.includes(w), `${w} in:\n${text}`);
      assert.ok(!/\{\d\}/.test(text), 'every placeholder is filled');
    });
  }
});
