/**
 * The deployed snapshot after a run: what is really deployed now, in the configuration format.
 * Starts from the previous snapshot and takes, from the desired file, only what the run
 * completed. After stage 1 of a redeploy under a new name, the old gateway is still deployed:
 * it stays in the snapshot under the name `<name>-previous` (with its connection points), so the
 * next plan removes it once the wait has passed.
 */
import type { CmgConfig, Gateway } from '../model';
import type { SequencedStep } from '../plan/plan';

export const PREVIOUS_SUFFIX = '-previous';

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * @param done indexes (1-based, execution order) of the steps the run reported done.
 */
export function nextSnapshot(desired: CmgConfig, deployed: CmgConfig | undefined, steps: readonly SequencedStep[], done: ReadonlySet<number>): CmgConfig {
  const snap: CmgConfig = deployed ? clone(deployed) : { ...clone(desired), gateways: [], connectionPoints: [], siteRoles: [] };
  snap.site = clone(desired.site);
  if (desired.$schema) snap.$schema = desired.$schema;
  const byGateway = new Map<string, SequencedStep[]>();
  for (const s of steps) {
    if (s.step.kind === 'set-role' || s.step.kind === 'wait') continue;
    const list = byGateway.get(s.gateway) ?? [];
    list.push(s);
    byGateway.set(s.gateway, list);
  }
  for (const [name, list] of byGateway) {
    const allDone = list.every((s) => done.has(s.index));
    const stage1Done = list.filter((s) => s.stage === 1).every((s) => done.has(s.index));
    const hasStage2 = list.some((s) => s.stage === 2);
    const want = desired.gateways.find((g) => g.name === name);
    const removedEverything = list.some((s) => s.step.kind === 'remove-gateway' && done.has(s.index));
    const oldFqdn = list.find((s) => s.step.kind === 'remove-gateway')?.step;
    const oldIdx = snap.gateways.findIndex((g) => g.name === name || (oldFqdn && 'serviceFqdn' in oldFqdn && g.serviceFqdn.toLowerCase() === oldFqdn.serviceFqdn.toLowerCase()));
    if (allDone) {
      dropGateway(snap, oldIdx);
      dropPrevious(snap, name);
      if (want) putGateway(snap, desired, want);
    } else if (hasStage2 && stage1Done && want) {
      // Stage 1 of a redeploy under a new name: old and new both deployed.
      if (oldIdx >= 0 && !removedEverything) {
        const old = snap.gateways[oldIdx]!;
        const prevName = old.name.endsWith(PREVIOUS_SUFFIX) ? old.name : `${old.name}${PREVIOUS_SUFFIX}`;
        for (const cp of snap.connectionPoints) if (cp.gateway === old.name) cp.gateway = prevName;
        old.name = prevName;
      }
      putGateway(snap, desired, want, true);
    }
  }
  // Roles: take the desired value of each role whose set-role step completed.
  for (const s of steps) {
    if (s.step.kind !== 'set-role' || !done.has(s.index)) continue;
    const st = s.step;
    const role = desired.siteRoles.find((r) => r.server.toLowerCase() === st.server.toLowerCase() && r.role === st.role);
    if (!role) continue;
    const i = snap.siteRoles.findIndex((r) => r.server.toLowerCase() === st.server.toLowerCase() && r.role === st.role);
    if (i >= 0) snap.siteRoles[i] = clone(role);
    else snap.siteRoles.push(clone(role));
  }
  // Roles the plan had nothing to do for (e.g. https flag only) follow the desired file.
  for (const r of desired.siteRoles) {
    if (!snap.siteRoles.some((x) => x.server.toLowerCase() === r.server.toLowerCase() && x.role === r.role) && !r.allowCmgTraffic) snap.siteRoles.push(clone(r));
  }
  return snap;
}

function dropGateway(snap: CmgConfig, idx: number): void {
  if (idx < 0) return;
  const g = snap.gateways[idx]!;
  snap.gateways.splice(idx, 1);
  snap.connectionPoints = snap.connectionPoints.filter((cp) => cp.gateway !== g.name);
}

function dropPrevious(snap: CmgConfig, name: string): void {
  const i = snap.gateways.findIndex((g) => g.name === `${name}${PREVIOUS_SUFFIX}`);
  dropGateway(snap, i);
}

function putGateway(snap: CmgConfig, desired: CmgConfig, g: Gateway, stage1Only = false): void {
  const i = snap.gateways.findIndex((x) => x.name === g.name);
  const copy = clone(g);
  if (i >= 0) snap.gateways[i] = copy;
  else {
    // Keep the desired file's order.
    const order = desired.gateways.map((x) => x.name);
    const at = snap.gateways.findIndex((x) => order.indexOf(x.name) > order.indexOf(g.name));
    snap.gateways.splice(at < 0 ? snap.gateways.length : at, 0, copy);
  }
  const otherCps = snap.connectionPoints.filter((cp) => cp.gateway !== g.name);
  let cps = desired.connectionPoints.filter((cp) => cp.gateway === g.name).map(clone);
  if (stage1Only) {
    // A connection point whose server still serves the old gateway is linked only in stage 2.
    cps = cps.filter((cp) => !otherCps.some((o) => o.server.toLowerCase() === cp.server.toLowerCase() && o.siteCode.toUpperCase() === cp.siteCode.toUpperCase()));
  }
  snap.connectionPoints = [...otherCps, ...cps];
}
