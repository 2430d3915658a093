/**
 * Generator of the sub-CA thumbprint script (issue #4): writes the thumbprints of the sub-CA
 * certificates into `SMS_AzureService.SubCACertThumbprint` of the CMG whose `ServiceCName` is the
 * service name (cmg-rules 3.9). Two scripts with the same behaviour:
 * - VBScript `UpdateSubCAThumbprints.vbs`: the documented script's steps and messages, with the
 *   values embedded instead of taken as arguments, plus clear failures (non-zero exit);
 * - Windows PowerShell 5.1 `UpdateSubCAThumbprints.ps1`: CIM cmdlets, `-WhatIf`, reads the value
 *   back after saving and prints the old and new values.
 * Inputs are validated by `sanitize.ts`; every embedded value is checked again against a strict
 * allow-list right before it is written. Person-readable lines are in the admin's language.
 * Text inside script string literals is pure ASCII (other characters are written as `ChrW(n)` /
 * `[char]0xNNNN`), so the scripts behave the same whatever encoding the file is saved in.
 */
import * as path from 'node:path';
import type { ChainEntry } from '../certs/types';
import type { Language } from '../l10n';
import { t } from '../l10n';
import {
  type ServiceName,
  type SubCa,
  assertEmbeddable,
  commentSafe,
  subCasFromChain,
  validateServiceName,
  validateThumbprints,
} from './sanitize';
import { SCRIPT_TEXT, type ScriptText } from './subcaText';

export type ScriptLanguage = 'vbscript' | 'powershell';
export const SCRIPT_LANGUAGES: readonly ScriptLanguage[] = ['vbscript', 'powershell'];

export interface GeneratedScript {
  readonly scriptLanguage: ScriptLanguage;
  /** Suggested file name: `UpdateSubCAThumbprints.vbs` / `.ps1`. */
  readonly fileName: string;
  readonly text: string;
}

export interface SubCaScriptInput {
  readonly serviceName: ServiceName;
  /** In order from the issuing CA upward. At least one. */
  readonly subCas: readonly SubCa[];
  readonly scriptLanguage: ScriptLanguage;
  /** Language of comments and messages. */
  readonly language: Language;
  /** The certificate file the chain came from (shown by base name in a comment). */
  readonly certificateFile?: string;
  /** Line ending; Windows scripts, so CRLF by default. */
  readonly eol?: '\r\n' | '\n';
}

/** What a caller gives: a service name and either typed thumbprints or a chain. */
export interface SubCaScriptRequest {
  readonly serviceName: string;
  readonly thumbprints?: readonly string[];
  readonly chain?: { readonly file: string; readonly entries: readonly ChainEntry[] };
  readonly scriptLanguage: ScriptLanguage;
  readonly language: Language;
  readonly eol?: '\r\n' | '\n';
}

export type SubCaScriptResult = { readonly ok: true; readonly script: GeneratedScript } | { readonly ok: false; readonly errors: readonly string[] };

/** Validates a request and generates the script; refusals name the bad input. */
export function buildSubCaScript(request: SubCaScriptRequest): SubCaScriptResult {
  const errors: string[] = [];
  const name = validateServiceName(request.serviceName);
  if (!name.ok) errors.push(name.message);
  let subCas: readonly SubCa[] = [];
  if (request.chain && request.thumbprints) {
    errors.push(t('Give either a certificate chain or thumbprints, not both.'));
  } else if (request.chain) {
    const fromChain = subCasFromChain(request.chain.entries, request.chain.file);
    if (fromChain.ok) subCas = fromChain.value;
    else errors.push(fromChain.message);
  } else {
    const typed = validateThumbprints(request.thumbprints ?? []);
    errors.push(...typed.errors);
    subCas = typed.subCas;
  }
  if (!name.ok || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    script: generateSubCaScript({
      serviceName: name.value,
      subCas,
      scriptLanguage: request.scriptLanguage,
      language: request.language,
      certificateFile: request.chain?.file,
      eol: request.eol,
    }),
  };
}

/** Generates the script from validated values. */
export function generateSubCaScript(input: SubCaScriptInput): GeneratedScript {
  if (input.subCas.length === 0) throw new Error('generateSubCaScript: no sub-CA');
  const text = SCRIPT_TEXT[input.language];
  const lines = input.scriptLanguage === 'vbscript' ? vbscript(input, text) : powershell(input, text);
  const eol = input.eol ?? '\r\n';
  return {
    scriptLanguage: input.scriptLanguage,
    fileName: input.scriptLanguage === 'vbscript' ? 'UpdateSubCAThumbprints.vbs' : 'UpdateSubCAThumbprints.ps1',
    text: lines.join(eol) + eol,
  };
}

// ---------------------------------------------------------------------------------------------
// Literals and messages

/** A message template: text with {0}, {1} … replaced by script expressions. */
function splitTemplate(template: string, args: readonly string[]): ({ text: string } | { expr: string })[] {
  const parts: ({ text: string } | { expr: string })[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\d)\}/g)) {
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    const expr = args[Number(m[1])];
    if (expr === undefined) throw new Error(`Missing argument {${m[1]}} for ${template}`);
    parts.push({ expr });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** Splits text into runs of printable ASCII and single other characters. */
function asciiRuns(text: string): ({ ascii: string } | { code: number })[] {
  const runs: ({ ascii: string } | { code: number })[] = [];
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) {
      const prev = runs[runs.length - 1];
      if (prev && 'ascii' in prev) prev.ascii += c;
      else runs.push({ ascii: c });
    } else {
      if (code > 0xffff) throw new Error('Characters outside the BMP are not supported in script messages.');
      runs.push({ code });
    }
  }
  return runs;
}

/** VBScript string expression for constant text: "…" with "" doubled, other characters as ChrW(n). */
function vbText(text: string): string[] {
  return asciiRuns(text).map((r) => ('ascii' in r ? `"${r.ascii.replaceAll('"', '""')}"` : `ChrW(${r.code})`));
}

function vbMessage(template: string, ...args: string[]): string {
  const pieces = splitTemplate(template, args).flatMap((p) => ('text' in p ? vbText(p.text) : [p.expr]));
  return pieces.length === 0 ? '""' : pieces.join(' & ');
}

/** PowerShell string expression for constant text: '…' with '' doubled, other characters as [char]0xNNNN. */
function psText(text: string): string[] {
  return asciiRuns(text).map((r) =>
    'ascii' in r ? `'${r.ascii.replaceAll("'", "''")}'` : `[char]0x${r.code.toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** A PowerShell expression; always starts with a string so `+` concatenates (never adds numbers or chars). */
function psMessage(template: string, ...args: string[]): string {
  const pieces = splitTemplate(template, args).flatMap((p) => ('text' in p ? psText(p.text) : [p.expr]));
  if (pieces.length === 1 && pieces[0]!.startsWith("'")) return pieces[0]!;
  if (!pieces[0]?.startsWith("'")) pieces.unshift("''");
  return `(${pieces.join(' + ')})`;
}

/** A message as the only argument of a method call: no extra parentheses. */
function psArgument(template: string, ...args: string[]): string {
  const expr = psMessage(template, ...args);
  return expr.startsWith('(') ? expr.slice(1, -1) : expr;
}

function fill(template: string, ...values: string[]): string {
  return template.replace(/\{(\d)\}/g, (_m, i: string) => values[Number(i)] ?? '');
}

function subCaCommentLines(input: SubCaScriptInput, text: ScriptText): string[] {
  const header = input.certificateFile
    ? fill(text.subCasFromChain, assertEmbeddable('comment', commentSafe(path.basename(input.certificateFile))))
    : text.subCasTyped;
  return [header];
}

function subjectOf(subCa: SubCa): string {
  return subCa.subject === undefined ? '' : assertEmbeddable('comment', commentSafe(subCa.subject));
}

// ---------------------------------------------------------------------------------------------
// VBScript

function vbscript(input: SubCaScriptInput, text: ScriptText): string[] {
  const name = assertEmbeddable('serviceName', input.serviceName);
  const thumbprints = input.subCas.map((s) => assertEmbeddable('thumbprint', s.thumbprint));
  const c = (line: string): string => `' ${line}`;
  const out = (template: string, ...args: string[]): string => `WScript.StdOut.WriteLine ${vbMessage(template, ...args)}`;
  const err = (template: string, ...args: string[]): string => `WScript.StdErr.WriteLine ${vbMessage(template, ...args)}`;
  const errorDetail = `    ${err(text.msgError, '"0x" & Hex(errNumber) & " " & errDescription')}`;
  const captureError = ['errNumber = Err.Number', 'errDescription = Err.Description', 'ON ERROR GOTO 0'];
  return [
    c('UpdateSubCAThumbprints.vbs'),
    c(fill(text.purpose, name)),
    c(text.purpose2),
    c(text.generated),
    c(text.uploadFirst),
    c(text.runAs),
    c('    CScript //NoLogo UpdateSubCAThumbprints.vbs'),
    '',
    'Option Explicit',
    '',
    'DIM serviceCName',
    'DIM subCAThumbprints',
    'DIM objSMSNamespace, results, providerCount, var, siteCode, objWMIService, query, objInstances, instanceCount, azService',
    'DIM errNumber, errDescription',
    '',
    c(text.values),
    `serviceCName = "${name}"`,
    ...subCaCommentLines(input, text).map(c),
    ...input.subCas.map((s, i) => c(`  ${i + 1}. ${thumbprints[i]}  ${subjectOf(s)}`.trimEnd())),
    `subCAThumbprints = "${thumbprints.join(';')}"`,
    '',
    c(text.cscriptOnly),
    'IF InStr(1, WScript.FullName, "cscript", vbTextCompare) = 0 THEN',
    `    WScript.Echo ${vbMessage(text.msgRunWithCscript)}`,
    '    WScript.Quit 1',
    'END IF',
    '',
    c(text.findProvider),
    out(text.msgSearching),
    'siteCode = ""',
    'ON ERROR RESUME NEXT',
    'SET objSMSNamespace = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\sms")',
    'IF Err.Number = 0 THEN SET results = objSMSNamespace.ExecQuery("SELECT * From SMS_ProviderLocation WHERE ProviderForLocalSite = true")',
    'IF Err.Number = 0 THEN providerCount = results.Count',
    ...captureError,
    'IF errNumber <> 0 THEN',
    `    ${err(text.msgFailedProvider)}`,
    errorDetail,
    `    ${err(text.msgRunOnSiteServer)}`,
    '    WScript.Quit 1',
    'END IF',
    '',
    c(text.processResults),
    'FOR EACH var IN results',
    '    siteCode = var.SiteCode',
    'NEXT',
    '',
    'IF Len(siteCode & "") = 0 THEN',
    `    ${err(text.msgFailedProvider)}`,
    `    ${err(text.msgRunOnSiteServer)}`,
    '    WScript.Quit 1',
    'END IF',
    '',
    out(text.msgSiteCode, 'siteCode'),
    '',
    c(text.connect),
    'ON ERROR RESUME NEXT',
    'SET objWMIService = GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\sms\\site_" & siteCode)',
    ...captureError,
    'IF errNumber <> 0 THEN',
    `    ${err(text.msgFailedConnect, '"root\\sms\\site_" & siteCode')}`,
    errorDetail,
    '    WScript.Quit 1',
    'END IF',
    '',
    c(text.getInstance),
    `query = "SELECT * From SMS_AzureService WHERE ServiceType = 'CloudProxyService' AND ServiceCName = '" & serviceCName & "'"`,
    out(text.msgRunQuery, 'query'),
    'ON ERROR RESUME NEXT',
    'SET objInstances = objWMIService.ExecQuery(query)',
    'IF Err.Number = 0 THEN instanceCount = objInstances.Count',
    ...captureError,
    'IF errNumber <> 0 THEN',
    `    ${err(text.msgFailedInstance)}`,
    errorDetail,
    '    WScript.Quit 1',
    'END IF',
    'IF instanceCount = 0 THEN',
    `    ${err(text.msgFailedInstance)}`,
    `    ${err(text.msgNoCmg, 'serviceCName', 'siteCode')}`,
    '    WScript.Quit 1',
    'END IF',
    'IF instanceCount > 1 THEN',
    `    ${err(text.msgManyCmg, 'instanceCount', 'serviceCName')}`,
    '    WScript.Quit 1',
    'END IF',
    '',
    'FOR EACH var IN objInstances',
    '    SET azService = var',
    'NEXT',
    '',
    out(text.msgUpdateTo, 'subCAThumbprints'),
    '',
    'ON ERROR RESUME NEXT',
    c(text.loadWhole),
    'SET azService = objWMIService.Get(azService.Path_.RelPath)',
    c(text.update),
    'IF Err.Number = 0 THEN azService.Properties_.Item("SubCACertThumbprint") = subCAThumbprints',
    c(text.save),
    'IF Err.Number = 0 THEN azService.Put_',
    ...captureError,
    'IF errNumber <> 0 THEN',
    `    ${err(text.msgFailedSave)}`,
    errorDetail,
    '    WScript.Quit 1',
    'END IF',
    '',
    out(text.msgUpdated),
    'WScript.Quit 0',
  ];
}

// ---------------------------------------------------------------------------------------------
// PowerShell (Windows PowerShell 5.1)

function powershell(input: SubCaScriptInput, text: ScriptText): string[] {
  const name = assertEmbeddable('serviceName', input.serviceName);
  const thumbprints = input.subCas.map((s) => assertEmbeddable('thumbprint', s.thumbprint));
  const c = (line: string): string => `# ${line}`;
  const out = (template: string, ...args: string[]): string => `Write-Host ${psMessage(template, ...args)}`;
  const err = (template: string, ...args: string[]): string => `$Host.UI.WriteErrorLine(${psArgument(template, ...args)})`;
  const errorDetail = `    ${err(text.msgError, '$_.Exception.Message')}`;
  return [
    c('UpdateSubCAThumbprints.ps1 (Windows PowerShell 5.1)'),
    c(fill(text.purpose, name)),
    c(text.purpose2),
    c(text.generated),
    c(text.uploadFirst),
    c(text.runAs),
    c('    .\\UpdateSubCAThumbprints.ps1 -WhatIf'),
    c('    .\\UpdateSubCAThumbprints.ps1'),
    c(text.whatIfFirst),
    '[CmdletBinding(SupportsShouldProcess = $true)]',
    'param()',
    '',
    'Set-StrictMode -Version 2.0',
    "$ErrorActionPreference = 'Stop'",
    '',
    c(text.values),
    `$serviceCName = '${name}'`,
    ...subCaCommentLines(input, text).map(c),
    '$subCAThumbprints = @(',
    ...input.subCas.map((s, i) => `    '${thumbprints[i]}'${s.subject === undefined ? '' : `  # ${subjectOf(s)}`}`),
    ") -join ';'",
    '',
    c(text.findProvider),
    out(text.msgSearching),
    'try {',
    "    $providers = @(Get-CimInstance -Namespace 'root\\sms' -ClassName 'SMS_ProviderLocation' -Filter 'ProviderForLocalSite = true')",
    '}',
    'catch {',
    `    ${err(text.msgFailedProvider)}`,
    errorDetail,
    `    ${err(text.msgRunOnSiteServer)}`,
    '    exit 1',
    '}',
    c(text.processResults),
    "$siteCode = ''",
    'foreach ($provider in $providers) {',
    '    $siteCode = [string]$provider.SiteCode',
    '}',
    'if ([string]::IsNullOrEmpty($siteCode)) {',
    `    ${err(text.msgFailedProvider)}`,
    `    ${err(text.msgRunOnSiteServer)}`,
    '    exit 1',
    '}',
    out(text.msgSiteCode, '$siteCode'),
    '',
    c(text.connect),
    "$siteNamespace = 'root\\sms\\site_' + $siteCode",
    c(text.getInstance),
    '$query = "SELECT * From SMS_AzureService WHERE ServiceType = \'CloudProxyService\' AND ServiceCName = \'$serviceCName\'"',
    out(text.msgRunQuery, '$query'),
    'try {',
    '    $instances = @(Get-CimInstance -Namespace $siteNamespace -Query $query)',
    '}',
    'catch {',
    `    ${err(text.msgFailedConnect, '$siteNamespace')}`,
    errorDetail,
    '    exit 1',
    '}',
    'if ($instances.Count -eq 0) {',
    `    ${err(text.msgFailedInstance)}`,
    `    ${err(text.msgNoCmg, '$serviceCName', '$siteCode')}`,
    '    exit 1',
    '}',
    'if ($instances.Count -gt 1) {',
    `    ${err(text.msgManyCmg, '$instances.Count', '$serviceCName')}`,
    '    exit 1',
    '}',
    '',
    c(text.loadWhole),
    '$azService = Get-CimInstance -InputObject $instances[0]',
    "if ($null -eq $azService.CimInstanceProperties['SubCACertThumbprint']) {",
    `    ${err(text.msgNoProperty)}`,
    '    exit 1',
    '}',
    "$oldValue = [string]$azService.CimInstanceProperties['SubCACertThumbprint'].Value",
    `if ($oldValue -eq '') { $oldValue = ${psMessage(text.msgEmpty)} }`,
    out(text.msgUpdateTo, '$subCAThumbprints'),
    '',
    `if (-not $PSCmdlet.ShouldProcess(${psMessage('SMS_AzureService {0}', '$serviceCName')}, ${psMessage(text.whatIfAction, '$subCAThumbprints')})) {`,
    `    ${out(text.msgOldValue, '$oldValue')}`,
    `    ${out(text.msgNothingChanged)}`,
    '    exit 0',
    '}',
    '',
    c(text.update),
    c(text.save),
    'try {',
    '    Set-CimInstance -InputObject $azService -Property @{ SubCACertThumbprint = $subCAThumbprints } -Confirm:$false',
    '}',
    'catch {',
    `    ${err(text.msgFailedSave)}`,
    errorDetail,
    '    exit 1',
    '}',
    '',
    c(text.readBack),
    "$newValue = [string](Get-CimInstance -InputObject $azService).CimInstanceProperties['SubCACertThumbprint'].Value",
    out(text.msgOldValue, '$oldValue'),
    out(text.msgNewValue, '$newValue'),
    'if ($newValue -cne $subCAThumbprints) {',
    `    ${err(text.msgMismatch)}`,
    '    exit 1',
    '}',
    out(text.msgUpdated),
    'exit 0',
  ];
}
