/**
 * `cmg check FILE... [--deployed SNAPSHOT] [--format text|json]`
 * Runs the configuration rules (and, when available, the certificate checks) on each file.
 * JSON: `[{file, findings: [{rule, severity, message, path, line, column}]}]`, line/column 1-based.
 * Exit: 0 no error finding, 1 error findings, 2 usage (unknown option, no FILE, unreadable FILE).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkConfig, withRanges, type ConfigCheckResult } from '../core/config/check';
import { valueAt } from '../core/config/schemaCheck';
import { type Finding, type Severity, compareFindings, hasErrors } from '../core/findings';
import { t } from '../core/l10n';
import { checkGatewayCertificates } from '../core/certs/configCheck';
import { defaultSnapshotPath } from '../core/model';
import { CliIO, EXIT_FINDINGS, EXIT_OK, UsageError } from './io';

export interface CheckedFinding {
  rule: string;
  severity: Severity;
  message: string;
  path: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface CheckedFile {
  file: string;
  findings: CheckedFinding[];
}

export function checkHelp(): string {
  return [
    t('Usage:') + ' cmg check FILE... [--deployed SNAPSHOT] [--format text|json]',
    '',
    t('Checks CMG configuration files (*.cmg.json) against the CMG rules.'),
    '  --deployed SNAPSHOT  ' + t('deployed snapshot to compare with (default: .cmg/<file name>.deployed.json beside the file, when it exists; one FILE only)'),
    '  --format text|json   ' + t('output format (default: text)'),
    '',
    t('JSON output: [{file, findings: [{rule, severity, message, path, line, column}]}]; path is a JSON pointer, line and column are 1-based.'),
    t('Certificate checks read PFX files with the password in the environment variable CMG_PFX_PASSWORD, when set.'),
    t('The US Government VMSS deployment-name suffix comes from the environment variable CMG_USGOV_VMSS_SUFFIX (default: cloudapp.usgovcloudapi.net), like the setting cmg.azure.usGovVmssSuffix.'),
    t('Exit codes: 0 no errors, 1 errors found, 2 usage error (unknown option, no FILE, FILE missing or unreadable).'),
    '',
  ].join('\n');
}

interface Args {
  files: string[];
  deployed?: string;
  format: 'text' | 'json';
  help: boolean;
}

function parseArgs(args: string[]): Args {
  const out: Args = { files: [], format: 'text', help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(t('Option {0} needs a value.', flag));
      return v;
    };
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--deployed') out.deployed = value();
    else if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(t('Unknown format {0}: use text or json.', f));
      out.format = f;
    } else if (a === '--') out.files.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith('-') && a !== '-') throw new UsageError(t('Unknown option {0}.', a));
    else out.files.push(a);
  }
  return out;
}

function readText(file: string, shown: string, what: 'file' | 'snapshot'): string {
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(what === 'file' ? t('Cannot read configuration file {0}.', shown) : t('Cannot read deployed snapshot {0}.', shown));
  }
}

function fileExists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export async function checkOneFile(
  file: string,
  text: string,
  deployedText: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ConfigCheckResult> {
  const usGovVmssSuffix = env.CMG_USGOV_VMSS_SUFFIX?.trim() || undefined;
  const result = checkConfig({ text, filePath: file, deployedText, options: { fileExists, usGovVmssSuffix } });
  const config = result.parsed.config;
  if (result.parsed.parseFindings.length > 0 || !config || !Array.isArray(config.gateways)) return result;
  const password = env.CMG_PFX_PASSWORD;
  try {
    const certFindings = await checkGatewayCertificates({
      config,
      filePath: file,
      deployed: result.deployed?.parseFindings.length === 0 ? result.deployed.config : undefined,
      passwordFor: password !== undefined && password !== '' ? async () => password : undefined,
      usGovVmssSuffix,
    });
    // A missing file is already CFG-CERT-MISSING at the same pointer: don't report it twice.
    const missing = new Set(result.findings.filter((f) => f.rule === 'CFG-CERT-MISSING').map((f) => f.path));
    const extra = certFindings
      .filter((f) => !(f.rule === 'CERT-PARSE' && missing.has(f.path)))
      .map((f) => {
        // The certificate checks' hint speaks of the editor command; on the command line, the way is the variable.
        if (f.rule !== 'CERT-PASSWORD' || f.severity !== 'info' || password) return f;
        const rel = f.path !== undefined ? valueAt(config, f.path) : undefined;
        return typeof rel === 'string' ? { ...f, message: t('{0} is protected by a password: set the environment variable CMG_PFX_PASSWORD to check it.', rel) } : f;
      });
    const all = [...result.findings, ...withRanges(result.parsed, extra)];
    all.sort(compareFindings);
    return { ...result, findings: all };
  } catch (err) {
    // A certificate problem must not hide the configuration findings.
    const message = t('The certificate checks failed: {0}', err instanceof Error ? err.message : String(err));
    return { ...result, findings: [...result.findings, { rule: 'CERT-PARSE', severity: 'warning', message, path: '' }] };
  }
}

function toChecked(findings: readonly Finding[]): CheckedFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    path: f.path ?? '',
    line: (f.range?.start.line ?? 0) + 1,
    column: (f.range?.start.column ?? 0) + 1,
  }));
}

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

function severityWord(s: Severity): string {
  return s === 'error' ? t('error') : s === 'warning' ? t('warning') : t('info');
}

function formatText(files: CheckedFile[], colour: boolean): string {
  const rows: { loc: string; sev: Severity; rule: string; message: string }[] = [];
  for (const f of files) for (const x of f.findings) rows.push({ loc: `${f.file}:${x.line}:${x.column}`, sev: x.severity, rule: x.rule, message: x.message });
  const locW = Math.max(0, ...rows.map((r) => r.loc.length));
  const sevW = Math.max(0, ...rows.map((r) => severityWord(r.sev).length));
  const ruleW = Math.max(0, ...rows.map((r) => r.rule.length));
  const lines = rows.map((r) => {
    const word = severityWord(r.sev).padEnd(sevW);
    const sev = colour ? `${COLOURS[r.sev]}${word}\x1b[0m` : word;
    const rule = colour ? `\x1b[2m${r.rule.padEnd(ruleW)}\x1b[0m` : r.rule.padEnd(ruleW);
    return `${r.loc.padEnd(locW)}  ${sev}  ${rule}  ${r.message}`;
  });
  const count = (s: Severity): number => rows.filter((r) => r.sev === s).length;
  lines.push(t('{0} file(s) checked: {1} error(s), {2} warning(s), {3} info.', files.length, count('error'), count('warning'), count('info')));
  return lines.join('\n') + '\n';
}

export async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args);
  if (a.help) {
    io.stdout(checkHelp());
    return EXIT_OK;
  }
  if (a.files.length === 0) throw new UsageError(t('No FILE given.'));
  if (a.deployed !== undefined && a.files.length > 1) throw new UsageError(t('--deployed can be used with one FILE only.'));
  // Read everything first: a missing file is a usage error before any output.
  const inputs = a.files.map((f) => {
    const abs = path.resolve(io.cwd, f);
    const text = readText(abs, f, 'file');
    let deployedPath: string | undefined;
    if (a.deployed !== undefined) deployedPath = path.resolve(io.cwd, a.deployed);
    else if (existsSync(defaultSnapshotPath(abs))) deployedPath = defaultSnapshotPath(abs);
    const deployedText = deployedPath !== undefined ? readText(deployedPath, a.deployed ?? deployedPath, 'snapshot') : undefined;
    return { display: f, abs, text, deployedPath, deployedText };
  });
  const results: CheckedFile[] = [];
  let errors = false;
  for (const input of inputs) {
    const r = await checkOneFile(input.abs, input.text, input.deployedText, io.env);
    results.push({ file: input.display, findings: toChecked(r.findings) });
    errors ||= hasErrors(r.findings);
    if (r.deployed && r.deployed.parseFindings.length > 0 && input.deployedPath) {
      // A broken snapshot is reported on the snapshot itself (the rules then treat every gateway as new).
      results.push({ file: path.relative(io.cwd, input.deployedPath) || input.deployedPath, findings: toChecked(r.deployed.parseFindings) });
      errors = true;
    }
  }
  io.stdout(a.format === 'json' ? JSON.stringify(results, null, 2) + '\n' : formatText(results, io.isTTY));
  return errors ? EXIT_FINDINGS : EXIT_OK;
}
