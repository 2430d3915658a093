/**
 * The certificate report's view model: everything the webview shows, computed from the
 * checker's `CertReport` and the context the check ran in (role, gateway settings). Pure: no
 * `vscode` import, so it is unit-tested in `test/unit/certsReport/`. Holds no password.
 */
import type { Finding, Severity } from '../../core/findings';
import type { CertReport, CertRole, ChainEntry, EnvironmentOption } from '../../core/certs/types';
import { t } from '../../core/l10n';
import { explanationFor } from './explanations';

export interface ReportContext {
  readonly role: CertRole;
  /** File name as shown (workspace-relative path). */
  readonly fileLabel: string;
  /** Expected service FQDN, when known. */
  readonly fqdn?: string;
  /** The gateway whose settings were used, when any. */
  readonly gatewayName?: string;
  readonly configLabel?: string;
  readonly environment?: EnvironmentOption;
  readonly deployment?: 'vmss' | 'classic';
  readonly region?: string;
  readonly usGovVmssSuffix?: string;
  /** Check time. */
  readonly at: Date;
}

export type Verdict = 'works' | 'works-with-warnings' | 'fails' | 'unreadable';

export interface ReportField {
  readonly label: string;
  readonly value: string;
  /** Extra emphasis: 'error' | 'warning' colours the value. */
  readonly tone?: 'error' | 'warning' | 'ok';
  /** Monospace value (thumbprints, names). */
  readonly mono?: boolean;
}

export interface ChainNode {
  readonly subject: string;
  readonly commonName: string;
  readonly thumbprint: string;
  readonly roleLabel: string;
  readonly role: ChainEntry['role'] | 'missing';
}

export interface FindingView {
  readonly rule: string;
  readonly severity: Severity;
  readonly severityLabel: string;
  readonly message: string;
  readonly title?: string;
  readonly why?: string;
  readonly action?: string;
}

export interface ReportModel {
  readonly verdict: Verdict;
  readonly heading: string;
  readonly summary: string;
  readonly fileLabel: string;
  readonly contextLine?: string;
  readonly certificate: readonly ReportField[];
  /** Root first (top of the certification path), the checked certificate last. */
  readonly chain: readonly ChainNode[];
  readonly findings: readonly FindingView[];
  readonly counts: Readonly<Record<Severity, number>>;
  /** Sub-CA thumbprints (issuing CA first) when CHAIN-SUBCA was found. */
  readonly subCaThumbprints: readonly string[];
  readonly offerSubCaScript: boolean;
}

/** The CN from a distinguished name as Node (`CN=a\nO=b`) or OpenSSL (`CN=a, O=b`, `/CN=a/O=b`) writes it. */
export function commonNameOf(dn: string): string | undefined {
  const m = /(?:^|[\n,/+]\s*)CN\s*=\s*((?:\\.|[^,\n/+])+)/i.exec(dn);
  return m ? m[1].trim().replace(/\\(.)/g, '$1') : undefined;
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 86_400_000);
}

/**
 * The Azure deployment name(s) a service name implies ([rules] 1.7): first label + Azure domain.
 * Several candidates when the method or region is not known.
 */
export function deploymentNames(serviceName: string, ctx: Pick<ReportContext, 'environment' | 'deployment' | 'region' | 'usGovVmssSuffix'>): string[] {
  const prefix = serviceName.split('.')[0]?.replace(/^\*$/, '<prefix>') ?? serviceName;
  const gov = ctx.environment === 'usgov';
  const region = ctx.region ? ctx.region.toLowerCase().replace(/\s+/g, '') : '<region>';
  const vmss = `${prefix}.${region}.${gov ? (ctx.usGovVmssSuffix ?? 'cloudapp.usgovcloudapi.net') : 'cloudapp.azure.com'}`;
  const classic = `${prefix}.${gov ? 'usgovcloudapp.net' : 'cloudapp.net'}`;
  if (ctx.deployment === 'vmss') return [vmss];
  if (ctx.deployment === 'classic') return [classic];
  return [vmss, classic];
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function severityLabel(s: Severity): string {
  return s === 'error' ? t('Error') : s === 'warning' ? t('Warning') : t('Information');
}

function subCaThumbprints(findings: readonly Finding[], chain: readonly ChainEntry[]): string[] {
  const f = findings.find((x) => x.rule === 'CHAIN-SUBCA');
  if (!f) return [];
  const fromData = f.data?.['thumbprints'];
  if (Array.isArray(fromData) && fromData.every((x) => typeof x === 'string')) return fromData as string[];
  return chain.filter((c) => c.role === 'intermediate').map((c) => c.thumbprint);
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

export function buildReportModel(report: CertReport, ctx: ReportContext): ReportModel {
  const findings = [...report.findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.rule.localeCompare(b.rule));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const cert = report.certificate;

  let verdict: Verdict;
  if (!cert) verdict = 'unreadable';
  else if (counts.error > 0) verdict = 'fails';
  else if (counts.warning > 0) verdict = 'works-with-warnings';
  else verdict = 'works';

  const server = ctx.role === 'server';
  const client = ctx.role === 'client';
  let heading: string;
  switch (verdict) {
    case 'unreadable':
      heading = t('The certificate could not be read');
      break;
    case 'fails':
      heading = server ? t("Doesn't work as CMG server certificate") : client ? t("Doesn't work as client authentication certificate") : t("Can't be used as a trusted root or intermediate");
      break;
    default:
      heading = server ? t('Works as CMG server certificate') : client ? t('Works as client authentication certificate') : t('Can be used as a trusted root or intermediate');
  }
  const problems: string[] = [];
  if (counts.error === 1) problems.push(t('1 error'));
  else if (counts.error > 1) problems.push(t('{0} errors', String(counts.error)));
  if (counts.warning === 1) problems.push(t('1 warning'));
  else if (counts.warning > 1) problems.push(t('{0} warnings', String(counts.warning)));
  const summary = problems.length === 0 ? t('No problems found.') : problems.join(', ');

  const contextParts: string[] = [];
  if (ctx.gatewayName) contextParts.push(ctx.configLabel ? t('Checked with the settings of gateway {0} in {1}', ctx.gatewayName, ctx.configLabel) : t('Checked with the settings of gateway {0}', ctx.gatewayName));
  else if (server && ctx.fqdn) contextParts.push(t('Checked for the service name {0}', ctx.fqdn));
  else if (server) contextParts.push(t('Checked without an expected service name'));
  const contextLine = contextParts.length ? contextParts.join(' · ') : undefined;

  const fields: ReportField[] = [];
  if (cert) {
    const cn = commonNameOf(cert.subject);
    fields.push({ label: t('Subject'), value: cert.subject.replace(/\n/g, ', '), mono: true });
    fields.push({ label: t('Common name (CN)'), value: cn ?? t('(none)'), mono: true, tone: cn ? undefined : 'error' });
    if (server && (cn || ctx.fqdn)) {
      const serviceName = cn && !cn.startsWith('*') ? cn : (ctx.fqdn ?? cn ?? '');
      fields.push({ label: t('Service name'), value: serviceName, mono: true });
      const names = deploymentNames(serviceName, ctx);
      const labelled = names.length === 2 ? [t('{0} (virtual machine scale set)', names[0]), t('{0} (cloud service classic)', names[1])] : names;
      fields.push({ label: t('Deployment name'), value: labelled.join('\n'), mono: true });
    }
    fields.push({ label: t('Subject alternative names'), value: cert.dnsNames.length ? cert.dnsNames.join('\n') : t('(none)'), mono: true });
    fields.push({ label: t('Issuer'), value: cert.issuer.replace(/\n/g, ', '), mono: true });
    const days = daysBetween(ctx.at, new Date(cert.notAfter));
    const daysText = days < 0 ? t('expired {0} days ago', String(-days)) : days === 1 ? t('expires in 1 day') : t('expires in {0} days', String(days));
    const expiringRule = findings.find((f) => f.rule === 'CERT-EXPIRED' || f.rule === 'CERT-EXPIRING' || f.rule === 'CERT-NOT-YET-VALID');
    fields.push({
      label: t('Valid'),
      value: t('{0} to {1} ({2})', formatDate(cert.notBefore), formatDate(cert.notAfter), daysText),
      tone: expiringRule ? (expiringRule.severity === 'error' ? 'error' : 'warning') : 'ok',
    });
    const keyType = cert.keyType.toUpperCase();
    fields.push({ label: t('Key'), value: cert.keyBits ? t('{0} {1} bits', keyType, String(cert.keyBits)) : keyType, tone: findings.some((f) => f.rule === 'CERT-KEY') ? 'error' : undefined });
    fields.push({ label: t('Thumbprint (SHA-1)'), value: cert.thumbprint, mono: true });
  }

  const chain: ChainNode[] = [];
  const roleLabel = (r: ChainEntry['role']): string => (r === 'root' ? t('Root CA') : r === 'intermediate' ? t('Intermediate CA') : t('This certificate'));
  const ordered = [...report.chain].reverse();
  if (ordered.length > 0 && ordered[0].role !== 'root' && findings.some((f) => f.rule === 'CHAIN-INCOMPLETE')) {
    const top = ordered[0];
    const issuerDn = top.role === 'leaf' && cert ? cert.issuer : undefined;
    chain.push({
      subject: issuerDn ?? '',
      commonName: issuerDn ? (commonNameOf(issuerDn) ?? issuerDn) : t('Issuer not found'),
      thumbprint: '',
      roleLabel: t('Missing: not in the file or the trusted certificates'),
      role: 'missing',
    });
  }
  for (const c of ordered) chain.push({ subject: c.subject, commonName: commonNameOf(c.subject) ?? c.subject, thumbprint: c.thumbprint, roleLabel: roleLabel(c.role), role: c.role });

  const views: FindingView[] = findings.map((f) => {
    const e = explanationFor(f.rule, f.severity);
    return { rule: f.rule, severity: f.severity, severityLabel: severityLabel(f.severity), message: f.message, title: e?.title, why: e?.why, action: e?.action };
  });

  const subCas = subCaThumbprints(findings, report.chain);
  return {
    verdict,
    heading,
    summary,
    fileLabel: ctx.fileLabel,
    contextLine,
    certificate: fields,
    chain,
    findings: views,
    counts,
    subCaThumbprints: subCas,
    offerSubCaScript: findings.some((f) => f.rule === 'CHAIN-SUBCA'),
  };
}
