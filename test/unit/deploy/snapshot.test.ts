import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { appendJournal, journalPath, pendingRemovals, readJournal } from '../../../src/core/deploy/journal';
import { nextSnapshot } from '../../../src/core/deploy/snapshot';
import { buildPlan, sequence } from '../../../src/core/plan/plan';
import { config, gateway, legacy } from '../plan/fixtures';

const all = (n: number) => new Set(Array.from({ length: n }, (_, i) => i + 1));

describe('deployed snapshot after a run', () => {
  it('a completed first deployment records the desired gateways, connection points and roles', () => {
    const desired = config([gateway()]);
    const steps = sequence(buildPlan(desired, undefined));
    const snap = nextSnapshot(desired, undefined, steps, all(steps.length));
    assert.deepEqual(snap, desired);
    assert.deepEqual(buildPlan(desired, snap).gateways.map((g) => g.action), ['none']);
  });

  it('only completed gateways are recorded', () => {
    const B = gateway({ name: 'Basalt', serviceFqdn: 'basalt.contoso.com' });
    const desired = config([gateway(), B]);
    const steps = sequence(buildPlan(desired, undefined));
    const doneA = new Set(steps.filter((s) => s.gateway === 'GraniteFalls' && s.step.kind !== 'set-role').map((s) => s.index));
    const snap = nextSnapshot(desired, undefined, steps, doneA);
    assert.deepEqual(snap.gateways.map((g) => g.name), ['GraniteFalls']);
    assert.deepEqual(snap.connectionPoints.map((c) => c.gateway), ['GraniteFalls']);
    assert.deepEqual(snap.siteRoles, []);
    assert.deepEqual(buildPlan(desired, snap).gateways.map((g) => [g.name, g.action]), [['GraniteFalls', 'none'], ['Basalt', 'create']]);
  });

  it('after stage 1 of a new-name redeploy the old gateway stays (as -previous) and is removed by the next plan', () => {
    const deployed = config([gateway()]);
    const desired = config([gateway({ serviceFqdn: 'Basalt.contoso.com' })], { connectionPoints: [{ server: 'cmcp2.contoso.com', siteCode: 'PS1', gateway: 'GraniteFalls' }] });
    const steps = sequence(buildPlan(desired, deployed));
    const stage1 = new Set(steps.filter((s) => s.stage === 1).map((s) => s.index));
    const snap = nextSnapshot(desired, deployed, steps, stage1);
    assert.deepEqual(snap.gateways.map((g) => [g.name, g.serviceFqdn]), [['GraniteFalls-previous', 'GraniteFalls.contoso.com'], ['GraniteFalls', 'Basalt.contoso.com']]);
    const next = buildPlan(desired, snap);
    assert.deepEqual(next.gateways.map((g) => [g.name, g.action]), [['GraniteFalls', 'none'], ['GraniteFalls-previous', 'remove']]);
    assert.deepEqual(next.gateways[1]!.steps.map((s) => s.kind), ['remove-connection-point', 'remove-gateway']);
    const final = nextSnapshot(desired, snap, sequence(next), all(sequence(next).length));
    assert.deepEqual(final.gateways.map((g) => g.name), ['GraniteFalls']);
    assert.deepEqual(final.connectionPoints, desired.connectionPoints);
  });

  it('a convert stopped at the console step records nothing for that gateway', () => {
    const deployed = config([gateway(), legacy()]);
    const desired = config([gateway(), legacy({ deploymentMethod: 'vmss' })]);
    const steps = sequence(buildPlan(desired, deployed));
    assert.deepEqual(nextSnapshot(desired, deployed, steps, new Set()).gateways.map((g) => g.deploymentMethod), ['vmss', 'classic']);
    assert.deepEqual(nextSnapshot(desired, deployed, steps, all(steps.length)).gateways.map((g) => g.deploymentMethod), ['vmss', 'vmss']);
  });
});

describe('journal', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'cmg-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends JSON lines, skips torn lines, keeps the latest wait per gateway', () => {
    const file = path.join(dir, 'contoso.cmg.json');
    writeFileSync(file, '{}');
    const base = { file: 'contoso.cmg.json', stage: 1 as const, plan: { GraniteFalls: 'redeploy' }, outcome: 'stage1-done' as const, stepsDone: 2, stepsTotal: 5 };
    appendJournal(file, { ...base, time: '2026-01-01T00:00:00Z', pendingRemovals: [{ serviceFqdn: 'old.contoso.com', notBefore: '2026-01-02T00:00:00Z' }] });
    appendFileSync(journalPath(file), '{"torn": \n');
    appendJournal(file, { ...base, time: '2026-01-03T00:00:00Z', pendingRemovals: [{ serviceFqdn: 'OLD.contoso.com', notBefore: '2026-01-04T00:00:00Z' }] });
    appendJournal(path.join(dir, 'other.cmg.json'), { ...base, file: 'other.cmg.json', time: '2026-01-05T00:00:00Z', pendingRemovals: [{ serviceFqdn: 'x.contoso.com', notBefore: '2027-01-01T00:00:00Z' }] });
    const entries = readJournal(file);
    assert.equal(entries.length, 2);
    assert.deepEqual(pendingRemovals(entries), [{ serviceFqdn: 'OLD.contoso.com', notBefore: '2026-01-04T00:00:00Z' }]);
  });

  it('no journal: no entries', () => {
    assert.deepEqual(readJournal(path.join(dir, 'none.cmg.json')), []);
  });
});
