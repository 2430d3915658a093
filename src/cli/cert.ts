/**
 * `cmg cert check FILE [--role server|trusted|client] [--password-env VAR | --password-file F]
 *   [--fqdn NAME] [--current-fqdn NAME] [--environment public|usgov] [--deployment vmss|classic]
 *   [--trusted FILE]... [--untrusted FILE]... [--at ISO-8601-TIME] [--expiry-warning-days N]
 *   [--format text|json]`
 * JSON output = `CertReport` (src/core/certs/types.ts). Exit 0 no error finding, 1 any, 2 usage.
 * The password is read from the environment variable or the file, never from the command line,
 * and never printed.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkCertificate } from '../core/certs/check';
import type { CertCheckOptions, CertReport, CertRole, EnvironmentOption } from '../core/certs/types';
import { hasErrors, type Severity } from '../core/findings';
import { t } from '../core/l10n';
import { CliIO, EXIT_FINDINGS, EXIT_OK, UsageError, optionValue, outputFormat } from './io';

const ROLES: readonly CertRole[] = ['server', 'trusted', 'client'];
const ENVIRONMENTS: readonly EnvironmentOption[] = ['public', 'usgov'];
const DEPLOYMENTS = ['vmss', 'classic'] as const;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

interface Parsed {
  file: string;
  /** FILE as the user wrote it (the report's `file`). */
  given: string;
  options: Omit<CertCheckOptions, 'file'>;
  format: 'text' | 'json';
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(t('{0} must be one of {1}, not {2}.', option, allowed.join(', '), value));
  return value as T;
}

export function parseCertCheckArgs(args: string[], io: CliIO): Parsed {
  let file: string | undefined;
  let role: CertRole = 'server';
  let passwordEnv: string | undefined;
  let passwordFile: string | undefined;
  let fqdn: string | undefined;
  let currentFqdn: string | undefined;
  let environment: EnvironmentOption | undefined;
  let deployment: 'vmss' | 'classic' | undefined;
  const trusted: string[] = [];
  const untrusted: string[] = [];
  let at: Date | undefined;
  let expiryWarningDays: number | undefined;
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => optionValue(a, args[++i]);
    switch (a) {
      case '--role':
        role = oneOf(a, value(), ROLES);
        break;
      case '--password-env':
        passwordEnv = value();
        break;
      case '--password-file':
        passwordFile = value();
        break;
      case '--fqdn':
        fqdn = value();
        break;
      case '--current-fqdn':
        currentFqdn = value();
        break;
      case '--environment':
        environment = oneOf(a, value(), ENVIRONMENTS);
        break;
      case '--deployment':
        deployment = oneOf(a, value(), DEPLOYMENTS);
        break;
      case '--trusted':
        trusted.push(path.resolve(io.cwd, value()));
        break;
      case '--untrusted':
        untrusted.push(path.resolve(io.cwd, value()));
        break;
      case '--at': {
        const v = value();
        const d = new Date(v);
        if (!ISO.test(v) || Number.isNaN(d.getTime())) throw new UsageError(t('--at must be an ISO-8601 time such as 2026-01-31T12:00:00Z, not {0}.', v));
        at = d;
        break;
      }
      case '--expiry-warning-days': {
        const v = value();
        if (!/^\d{1,4}$/.test(v)) throw new UsageError(t('--expiry-warning-days must be a whole number of days, not {0}.', v));
        expiryWarningDays = Number(v);
        break;
      }
      case '--format': {
        format = outputFormat(value());
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(t('Unknown option {0}.', a));
        if (file !== undefined) throw new UsageError(t('Only one certificate file can be checked at a time.'));
        file = a;
    }
  }
  if (!file) throw new UsageError(t('Name the certificate file to check (FILE).'));
  if (passwordEnv !== undefined && passwordFile !== undefined) throw new UsageError(t('Give either --password-env or --password-file, not both.'));
  let password: string | undefined;
  if (passwordEnv !== undefined) {
    password = io.env[passwordEnv];
    if (password === undefined) throw new UsageError(t('The environment variable {0} (--password-env) is not set.', passwordEnv));
  } else if (passwordFile !== undefined) {
    try {
      password = readFileSync(path.resolve(io.cwd, passwordFile), 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new UsageError(t('The password file {0} cannot be read.', passwordFile));
    }
  }
  return {
    file: path.resolve(io.cwd, file),
    given: file,
    format,
    options: { role, password, fqdn, currentFqdn, environment, deployment, trusted, untrusted, at, expiryWarningDays },
  };
}

const COLOURS: Record<Severity, string> = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' };
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';

function severityLabel(s: Severity): string {
  return s === 'error' ? t('error') : s === 'warning' ? t('warning') : t('info');
}

function chainRoleLabel(r: 'leaf' | 'intermediate' | 'root'): string {
  return r === 'leaf' ? t('leaf') : r === 'root' ? t('root') : t('intermediate');
}

/** The report for people: aligned columns, colours only on a terminal. */
export function reportToText(report: CertReport, displayFile: string, colour: boolean): string {
  const c = (code: string, s: string) => (colour ? `${code}${s}${RESET}` : s);
  const lines: string[] = [];
  const rows: [string, string][] = [[t('File'), displayFile]];
  const cert = report.certificate;
  if (cert) {
    rows.push(
      [t('Subject'), cert.subject],
      [t('Issuer'), cert.issuer],
      [t('Thumbprint'), cert.thumbprint],
      [t('Valid from'), cert.notBefore],
      [t('Valid until'), cert.notAfter],
      [t('Key'), `${cert.keyType.toUpperCase()} ${cert.keyBits}`],
      [t('DNS names'), cert.dnsNames.length ? cert.dnsNames.join(', ') : '—'],
    );
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) lines.push(`${c(BOLD, k.padEnd(w))}  ${v}`);
  if (report.chain.length) {
    lines.push('', c(BOLD, t('Chain')));
    const labels = report.chain.map((e, i) => `${' '.repeat(i * 2)}${chainRoleLabel(e.role)}`);
    const rw = Math.max(...labels.map((l) => l.length));
    report.chain.forEach((e, i) => lines.push(`  ${labels[i].padEnd(rw)}  ${e.subject}  ${e.thumbprint}`));
  }
  lines.push('', c(BOLD, t('Findings')));
  if (report.findings.length === 0) lines.push(`  ${t('No problems found.')}`);
  else {
    const sw = Math.max(...report.findings.map((f) => severityLabel(f.severity).length));
    const iw = Math.max(...report.findings.map((f) => f.rule.length));
    for (const f of report.findings) {
      lines.push(`  ${c(COLOURS[f.severity], severityLabel(f.severity).padEnd(sw))}  ${f.rule.padEnd(iw)}  ${f.message}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The JSON contract: exactly `{file, certificate?, chain, findings: [{rule, severity, message}]}`. */
export function reportToJson(report: CertReport): unknown {
  return {
    file: report.file,
    ...(report.certificate
      ? {
          certificate: {
            subject: report.certificate.subject,
            issuer: report.certificate.issuer,
            thumbprint: report.certificate.thumbprint,
            notBefore: report.certificate.notBefore,
            notAfter: report.certificate.notAfter,
            keyType: report.certificate.keyType,
            keyBits: report.certificate.keyBits,
            dnsNames: [...report.certificate.dnsNames],
          },
        }
      : {}),
    chain: report.chain.map((e) => ({ subject: e.subject, thumbprint: e.thumbprint, role: e.role })),
    findings: report.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
  };
}

export async function certCheckCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseCertCheckArgs(args, io);
  const report = await checkCertificate({ file: parsed.file, ...parsed.options });
  const display = parsed.given;
  if (parsed.format === 'json') io.stdout(`${JSON.stringify(reportToJson({ ...report, file: display }), null, 2)}\n`);
  else io.stdout(reportToText(report, display, io.isTTY));
  return hasErrors(report.findings) ? EXIT_FINDINGS : EXIT_OK;
}
