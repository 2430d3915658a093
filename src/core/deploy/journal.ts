/**
 * The deployment journal `.cmg/journal.jsonl` beside the configuration file: one JSON object per
 * line, appended after every run (time, file, plan summary, outcome). A redeploy's first stage
 * records `notBefore` for the old gateway's removal; the plan (and the Deploy command) refuse
 * the removal until then. Node `fs` only, no `vscode`.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PendingRemoval, Plan } from '../plan/plan';

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'stage1-done' | 'needs-console';

export interface JournalEntry {
  /** ISO 8601. */
  readonly time: string;
  /** The configuration file, relative to the journal's folder's parent. */
  readonly file: string;
  readonly stage: 1 | 2;
  /** Gateway name → action. */
  readonly plan: Readonly<Record<string, string>>;
  readonly outcome: RunOutcome;
  /** Steps reported done / total. */
  readonly stepsDone: number;
  readonly stepsTotal: number;
  /** Old gateways whose removal must wait (set after stage 1 of a redeploy under a new name). */
  readonly pendingRemovals?: readonly PendingRemoval[];
}

export function journalPath(configPath: string): string {
  return path.join(path.dirname(configPath), '.cmg', 'journal.jsonl');
}

export function appendJournal(configPath: string, entry: JournalEntry): void {
  const file = journalPath(configPath);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`, 'utf8');
}

function isEntry(v: unknown): v is JournalEntry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Partial<JournalEntry>;
  return typeof e.time === 'string' && typeof e.file === 'string' && typeof e.outcome === 'string';
}

/** Entries for the file (lines that do not parse are skipped: the journal is append-only). */
export function readJournal(configPath: string): JournalEntry[] {
  const file = journalPath(configPath);
  if (!existsSync(file)) return [];
  const base = path.basename(configPath);
  const out: JournalEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isEntry(v) && path.basename(v.file) === base) out.push(v);
    } catch {
      // A torn line (e.g. a crash while writing) is ignored.
    }
  }
  return out;
}

/** Removals still waiting: the latest `notBefore` per old service name, from every entry. */
export function pendingRemovals(entries: readonly JournalEntry[]): PendingRemoval[] {
  const latest = new Map<string, PendingRemoval>();
  for (const e of entries) {
    for (const r of e.pendingRemovals ?? []) {
      const k = r.serviceFqdn.toLowerCase();
      const prev = latest.get(k);
      if (!prev || Date.parse(r.notBefore) > Date.parse(prev.notBefore)) latest.set(k, r);
    }
  }
  return [...latest.values()];
}

/** One-line summary of a plan for the journal. */
export function planSummary(plan: Plan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of plan.gateways) out[g.name] = g.action;
  return out;
}
