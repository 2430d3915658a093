/**
 * Pure logic behind the tree views (no `vscode` import, unit-tested): expiry levels, problem
 * counts per gateway, the site roles grouped per server, gateway state against the snapshot.
 */
import type { Finding } from '../core/findings';
import type { CmgConfig, DeepPartial, Gateway, SiteRole } from '../core/model';

export type ExpiryLevel = 'ok' | 'warning' | 'expired';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days from `now` until `notAfter`, rounded down (a certificate expiring in 23.9 days has
 * 23 days left); negative once expired (-1 = expired less than a day ago).
 */
export function daysUntil(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export function expiryLevel(notAfter: Date, now: Date, warningDays: number): ExpiryLevel {
  if (notAfter.getTime() <= now.getTime()) return 'expired';
  return daysUntil(notAfter, now) < warningDays ? 'warning' : 'ok';
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** True when `pointer` is `prefix` or below it (`/gateways/1` covers `/gateways/1/vmSize`, not `/gateways/10`). */
export function pointerWithin(pointer: string | undefined, prefix: string): boolean {
  if (pointer === undefined) return false;
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

/**
 * Problems of one gateway: findings on the gateway's own properties, plus those on the
 * connection points that name it.
 */
export function gatewayProblems(findings: readonly Finding[], gatewayIndex: number, connectionPointIndexes: readonly number[]): ProblemCounts {
  const counts: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  const prefixes = [`/gateways/${gatewayIndex}`, ...connectionPointIndexes.map((i) => `/connectionPoints/${i}`)];
  for (const f of findings) {
    if (!prefixes.some((p) => pointerWithin(f.path, p))) continue;
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/** Indexes of the connection points that name the gateway (compared without case, as ConfigMgr does). */
export function connectionPointsOf(config: DeepPartial<CmgConfig> | undefined, gatewayName: string | undefined): number[] {
  const out: number[] = [];
  if (!config || !Array.isArray(config.connectionPoints) || typeof gatewayName !== 'string') return out;
  config.connectionPoints.forEach((cp, i) => {
    if (cp && typeof cp.gateway === 'string' && cp.gateway.toLowerCase() === gatewayName.toLowerCase()) out.push(i);
  });
  return out;
}

export interface ServerRoles {
  readonly server: string;
  /** Index into `siteRoles` and the role, in file order. */
  readonly roles: readonly { index: number; role: DeepPartial<SiteRole> }[];
}

/** Site roles grouped by server (servers compared without case, first spelling kept, file order). */
export function groupSiteRoles(config: DeepPartial<CmgConfig> | undefined): ServerRoles[] {
  const groups = new Map<string, { server: string; roles: { index: number; role: DeepPartial<SiteRole> }[] }>();
  if (!config || !Array.isArray(config.siteRoles)) return [];
  config.siteRoles.forEach((role, index) => {
    if (!role || typeof role !== 'object') return;
    const server = typeof role.server === 'string' && role.server.trim() ? role.server.trim() : '';
    const key = server.toLowerCase();
    let g = groups.get(key);
    if (!g) {
      g = { server, roles: [] };
      groups.set(key, g);
    }
    g.roles.push({ index, role });
  });
  return [...groups.values()];
}

export type DeployedState = 'unknown' | 'new' | 'deployed' | 'changed';

/**
 * The gateway against the deployed snapshot: `unknown` without a snapshot, `new` when no
 * deployed gateway has its name, `changed` when one has but its settings differ, else `deployed`.
 */
export function deployedState(gateway: DeepPartial<Gateway>, snapshot: DeepPartial<CmgConfig> | undefined): DeployedState {
  if (!snapshot) return 'unknown';
  const name = typeof gateway.name === 'string' ? gateway.name.toLowerCase() : undefined;
  const deployed = (Array.isArray(snapshot.gateways) ? snapshot.gateways : []).find((g) => g && typeof g.name === 'string' && g.name.toLowerCase() === name);
  if (!deployed) return 'new';
  return canonical(deployed) === canonical(gateway) ? 'deployed' : 'changed';
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}
