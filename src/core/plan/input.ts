/**
 * Preparing the plan's input from files: the desired configuration must pass `checkConfig`
 * without errors (a plan from a broken file would mislead), the snapshot must parse.
 * Node `fs` only; no `vscode`. Shared by the CLI and the extension.
 *
 * Certificate issuer detection (private → public PKI, rules 1.9): when a gateway's
 * `serverCertificate` path differs between the desired file and the snapshot and both files
 * can be read without a password (PEM/DER/CER, or a PFX without password), their issuer DN and
 * organization are compared. A PFX protected by a password is not opened here (no secret is
 * asked for a plan); a renewal that overwrote the same path cannot be told apart either.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCertificates } from '../certs/read';
import { checkConfig } from '../config/check';
import type { Finding } from '../findings';
import { t } from '../l10n';
import type { CmgConfig } from '../model';
import { defaultSnapshotPath } from '../model';
import type { CertificateFacts, PlanOptions } from './plan';
import { parseConfigText } from '../config/parse';

export interface PlanInput {
  readonly desired?: CmgConfig;
  readonly deployed?: CmgConfig;
  /** The snapshot used (absent: nothing deployed). */
  readonly deployedPath?: string;
  /** Errors that refuse the plan (PLAN-INPUT). */
  readonly findings: Finding[];
  readonly certificates: NonNullable<PlanOptions['certificates']>;
}

export const PLAN_INPUT_RULE = 'PLAN-INPUT';

/** Reads and checks the desired file and the snapshot (default: `.cmg/<name>.deployed.json` when present). */
export function loadPlanInput(filePath: string, deployedPath?: string, desiredText?: string, options: { usGovVmssSuffix?: string } = {}): PlanInput {
  const findings: Finding[] = [];
  const empty = { findings, certificates: {} };
  let text = desiredText;
  if (text === undefined) {
    try {
      text = readFileSync(filePath, 'utf8');
    } catch {
      findings.push({ rule: PLAN_INPUT_RULE, severity: 'error', message: t('Cannot read {0}: the file does not exist or is not readable.', filePath) });
      return empty;
    }
  }
  const snapshot = deployedPath ?? defaultSnapshotPath(filePath);
  let deployedText: string | undefined;
  if (deployedPath !== undefined || existsSync(snapshot)) {
    try {
      deployedText = readFileSync(snapshot, 'utf8');
    } catch {
      findings.push({ rule: PLAN_INPUT_RULE, severity: 'error', message: t('Cannot read the deployed snapshot {0}: the file does not exist or is not readable.', snapshot) });
      return empty;
    }
  }
  const dir = path.dirname(filePath);
  const result = checkConfig({ text, filePath, deployedText, options: { fileExists: (p) => existsSync(p), usGovVmssSuffix: options.usGovVmssSuffix } });
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length || !result.parsed.config) {
    const first = errors[0];
    findings.push({
      rule: PLAN_INPUT_RULE,
      severity: 'error',
      message: t('{0} has {1} error(s); fix them before planning a deployment. First: {2} {3}', filePath, String(errors.length), first?.rule ?? '', first?.message ?? ''),
    });
    return empty;
  }
  let deployed: CmgConfig | undefined;
  if (deployedText !== undefined) {
    const parsed = parseConfigText(deployedText);
    if (parsed.parseFindings.length || !parsed.config || !Array.isArray(parsed.config.gateways)) {
      findings.push({ rule: PLAN_INPUT_RULE, severity: 'error', message: t('The deployed snapshot {0} is not a valid configuration; restore it from version control or delete it if nothing is deployed.', snapshot) });
      return empty;
    }
    deployed = parsed.config as CmgConfig;
    deployed.connectionPoints ??= [];
    deployed.siteRoles ??= [];
  }
  const desired = result.parsed.config as CmgConfig;
  const certificates: { desired: Record<string, CertificateFacts | undefined>; deployed: Record<string, CertificateFacts | undefined> } = { desired: {}, deployed: {} };
  for (const g of desired.gateways) {
    const old = deployed?.gateways.find((x) => x.name === g.name || x.serviceFqdn.toLowerCase() === g.serviceFqdn.toLowerCase());
    if (!old || old.serverCertificate === g.serverCertificate) continue;
    const a = certificateFacts(path.resolve(dir, g.serverCertificate));
    const b = certificateFacts(path.resolve(dir, old.serverCertificate));
    if (a && b) {
      certificates.desired[g.name] = a;
      certificates.deployed[old.name] = b;
    }
  }
  return { desired, deployed, deployedPath: deployedText !== undefined ? snapshot : undefined, findings, certificates };
}

function organizationOf(issuerOrSubject: string): string | undefined {
  const m = /(?:^|,\s*)O=([^,]+)/.exec(issuerOrSubject);
  return m?.[1]?.trim();
}

/** Issuer and organization of the leaf of a certificate file readable without a password. */
export function certificateFacts(file: string): CertificateFacts | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const r = readCertificates(bytes, file);
  const leaf = r.certificates[r.leafIndex];
  if (!leaf) return undefined;
  return { issuer: leaf.issuer, organization: organizationOf(leaf.subject) };
}
