/**
 * The deployment script: Windows PowerShell 5.1 from a plan, with the ConfigMgr module's
 * cmdlets (../shared/domain/cmg-rules.md §6). Pure: returns text.
 *
 * - Imports `ConfigurationManager.psd1` from `$env:SMS_ADMIN_UI_PATH\..` (or `-ModulePath`),
 *   connects to the site drive, supports `-WhatIf` / `-Confirm` (`SupportsShouldProcess`).
 * - Secrets (PFX passwords) are asked at run time with `Read-Host -AsSecureString`; never embedded.
 *   Before asking, it prints `##cmg-input {json}` so a host (the extension) can answer on stdin.
 * - One progress line per step and status: `##cmg-progress {"step","total","kind","status","message"}`
 *   with status `start` | `done` | `failed`.
 * - A `wait` step does not sleep: stage 1 ends there (exit 0, the line carries `notBefore`);
 *   stage 2 is the same script run with `-Stage 2` after the wait.
 * - Convert has no documented cmdlet: the step stops (exit 3) with the console's instructions;
 *   once converted in the console, run again with `-ConvertedInConsole`.
 * - Every value is a single-quoted literal, escaped, from a validated configuration; values are
 *   checked again here against an allow-list per kind (a value that fails throws).
 */
import { t } from '../l10n';
import type { CmgConfig, Gateway } from '../model';
import type { Plan, PlanStep, SequencedStep } from '../plan/plan';
import { sequence } from '../plan/plan';
import { stepLabel } from '../plan/format';

export const PROGRESS_PREFIX = '##cmg-progress ';
export const INPUT_PREFIX = '##cmg-input ';
/** Exit code of the script when a step needs the console (Convert). */
export const EXIT_MANUAL_STEP = 3;

export interface ScriptOptions {
  /** The configuration file's folder (certificate paths are relative to it). */
  readonly configDirectory: string;
  /** The configuration file's name, for the header. */
  readonly fileName: string;
  /** Setting `cmg.deploy.consoleModulePath`; empty: from SMS_ADMIN_UI_PATH. */
  readonly modulePath?: string;
  /** Time written in the header (tests pass a fixed one). */
  readonly generatedAt?: Date;
}

export class ScriptValueError extends Error {}

/** Single-quoted PowerShell literal; quotes (including typographic ones PowerShell accepts) doubled. */
export function psQuote(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ScriptValueError(t('The value {0} contains a control character and cannot be written into a script.', JSON.stringify(value)));
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

const patterns = {
  fqdn: /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
  siteCode: /^[A-Za-z0-9]{3}$/,
  guid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  region: /^[A-Za-z0-9]{2,40}$/,
  resourceGroup: /^[-\w._()]{1,90}$/,
  environment: /^(AzurePublicCloud|AzureUSGovernmentCloud)$/,
};

function checked(kind: keyof typeof patterns, value: string): string {
  if (!patterns[kind].test(value)) throw new ScriptValueError(t('The value {0} is not a valid {1}; fix the configuration file.', JSON.stringify(value), kind));
  return psQuote(value);
}

function int(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000) throw new ScriptValueError(t('The value {0} is not a valid number.', String(value)));
  return String(value);
}

function bool(value: boolean): string {
  return value ? '$true' : '$false';
}

/** A relative certificate path, joined to `$ConfigDirectory` at run time. */
function certPath(rel: string): string {
  return `(Join-Path $ConfigDirectory ${psQuote(rel.replace(/\//g, '\\'))})`;
}

/** Line of the one-line `Set-CMCloudManagementGateway`/`New-` splat entry for a field. */
const alertParams: Record<string, [string, (g: Gateway) => string]> = {
  '/alerts/dataTransfer/enabled': ['EnableTrafficOut', (g) => bool(g.alerts.dataTransfer.enabled)],
  '/alerts/dataTransfer/thresholdGB': ['TrafficOutGB', (g) => int(g.alerts.dataTransfer.thresholdGB)],
  '/alerts/dataTransfer/warningPercent': ['TrafficWarningPct', (g) => int(g.alerts.dataTransfer.warningPercent)],
  '/alerts/dataTransfer/criticalPercent': ['TrafficCriticalPct', (g) => int(g.alerts.dataTransfer.criticalPercent)],
  '/alerts/dataTransfer/stopServiceWhenCritical': ['TrafficOutStopService', (g) => bool(g.alerts.dataTransfer.stopServiceWhenCritical)],
  '/alerts/storage/enabled': ['EnableStorageQuota', (g) => bool(g.alerts.storage.enabled)],
  '/alerts/storage/thresholdGB': ['StorageQuotaGB', (g) => int(g.alerts.storage.thresholdGB)],
  '/alerts/storage/warningPercent': ['StorageWarningPct', (g) => int(g.alerts.storage.warningPercent)],
  '/alerts/storage/criticalPercent': ['StorageCriticalPct', (g) => int(g.alerts.storage.criticalPercent)],
};

const settingParams: Record<string, [string, (g: Gateway) => string]> = {
  '/vmInstances': ['VMInstanceCount', (g) => int(g.vmInstances)],
  '/verifyClientCertificateRevocation': ['CheckClientCertRevocation', (g) => bool(g.verifyClientCertificateRevocation)],
  '/enforceTls12': ['EnforceProtocol', (g) => bool(g.enforceTls12)],
  '/allowContent': ['EnableCloudDPFunction', (g) => bool(g.allowContent)],
  ...alertParams,
};

function indent(lines: string[], n = 4): string[] {
  return lines.map((l) => (l ? ' '.repeat(n) + l : l));
}

function passwordLines(variable: string, rel: string): string[] {
  const prompt = t('Password of the server certificate {0}', rel);
  return [
    `Write-CmgInput -Kind 'password' -Message ${psQuote(prompt)}`,
    `${variable} = Read-Host -AsSecureString -Prompt ${psQuote(prompt)}`,
  ];
}

function caRootLines(files: readonly string[]): string[] {
  if (!files.length) return [];
  return [
    '$caCerts = @{}',
    `foreach ($relative in @(${files.map((f) => psQuote(f.replace(/\//g, '\\'))).join(', ')})) {`,
    '    $full = Join-Path $ConfigDirectory $relative',
    '    $cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $full',
    '    $store = if ($cert.Subject -eq $cert.Issuer) { [Microsoft.ConfigurationManagement.AdminConsole.AzureServices.CertificateStore]::RootCA } else { [Microsoft.ConfigurationManagement.AdminConsole.AzureServices.CertificateStore]::IntermediateCA }',
    '    $caCerts[$full] = $store',
    '}',
  ];
}

function createLines(g: Gateway): string[] {
  const lines: string[] = [];
  lines.push(
    `# ${t('New-CMCloudManagementGateway has no documented parameter for the VM size ({0}) or the deployment method ({1}): check them in the console after creation.', g.vmSize, g.deploymentMethod)}`,
  );
  lines.push(...passwordLines('$certPassword', g.serverCertificate));
  lines.push(...caRootLines(g.trustedCertificates));
  lines.push('$params = @{');
  const entries: Array<[string, string]> = [
    ['ServiceCertPath', certPath(g.serverCertificate)],
    ['ServiceCertPassword', '$certPassword'],
    ['ServiceName', checked('fqdn', g.serviceFqdn)],
    ['SubscriptionId', checked('guid', g.subscriptionId)],
    ['EnvironmentSetting', checked('environment', g.environment)],
    ['Region', checked('region', g.region)],
    ['GroupName', checked('resourceGroup', g.resourceGroup.name)],
    ['IsUsingExistingGroup', bool(!g.resourceGroup.create)],
    ['VMInstanceCount', int(g.vmInstances)],
    ['CheckClientCertRevocation', bool(g.verifyClientCertificateRevocation)],
    ['EnforceProtocol', bool(g.enforceTls12)],
    ['EnableCloudDPFunction', bool(g.allowContent)],
  ];
  if (g.description) entries.push(['Description', psQuote(g.description)]);
  for (const [, [name, value]] of Object.entries(alertParams)) entries.push([name, value(g)]);
  for (const [k, v] of entries) lines.push(`    ${k} = ${v}`);
  lines.push('}');
  if (g.trustedCertificates.length) lines.push('$params.CARootCert = $caCerts');
  lines.push('New-CMCloudManagementGateway @params | Out-Null');
  return lines;
}

function updateLines(g: Gateway, old: Gateway | undefined, fields: readonly string[]): string[] {
  const lines: string[] = [];
  const manual: string[] = [];
  const params: Array<[string, string]> = [['Name', checked('fqdn', g.serviceFqdn)]];
  for (const f of fields) {
    const p = settingParams[f];
    if (p) params.push([p[0], p[1](g)]);
    else if (f === '/serverCertificate') {
      lines.push(...passwordLines('$certPassword', g.serverCertificate));
      params.push(['ServiceCertPath', certPath(g.serverCertificate)], ['ServiceCertPassword', '$certPassword']);
    } else if (f === '/trustedCertificates') {
      const added = g.trustedCertificates.filter((x) => !old?.trustedCertificates.includes(x));
      const removed = (old?.trustedCertificates ?? []).filter((x) => !g.trustedCertificates.includes(x));
      if (added.length) {
        lines.push(...caRootLines(added));
        params.push(['CARootCert', '$caCerts']);
      }
      if (removed.length) {
        // Thumbprints as 40 upper-case hex characters (rules 3.11), read from the old files.
        lines.push(
          '$removeThumbprints = @()',
          `foreach ($relative in @(${removed.map((f2) => psQuote(f2.replace(/\//g, '\\'))).join(', ')})) {`,
          '    $full = Join-Path $ConfigDirectory $relative',
          '    if (Test-Path -LiteralPath $full) { $removeThumbprints += (New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $full).Thumbprint.ToUpperInvariant() }',
          `    else { Write-Warning (${psQuote(t('Certificate file not found, remove it in the console (Properties, Settings tab):'))} + ' ' + $full) }`,
          '}',
        );
        params.push(['RemoveCertThumbprints', '$removeThumbprints']);
      }
    } else manual.push(f);
  }
  for (const f of manual) lines.push(`Write-Warning ${psQuote(t('{0} of {1} has no documented cmdlet parameter: change it in the console (cloud management gateway Properties).', f, g.serviceFqdn))}`);
  if (params.length > 1) {
    lines.push('$params = @{');
    for (const [k, v] of params) lines.push(`    ${k} = ${v}`);
    lines.push('}', 'Set-CMCloudManagementGateway @params | Out-Null');
  }
  return lines;
}

function convertLines(g: Gateway): string[] {
  const instructions = t(
    'Convert {0} in the Configuration Manager console: Administration > Cloud Services > Cloud Management Gateway, select it, Convert (ribbon). Choose {1} with {2} VM instance(s); the CMG must be Ready, and you need Subscription Owner and Global Administrator. Then update the DNS CNAME to the new deployment name and run this script again with -ConvertedInConsole.',
    g.serviceFqdn,
    g.vmSize,
    String(g.vmInstances),
  );
  return [
    `# ${t('There is no documented cmdlet for Convert (classic to virtual machine scale set): it is done in the console.')}`,
    'if (-not $ConvertedInConsole) {',
    `    Write-Warning ${psQuote(instructions)}`,
    `    throw [System.OperationCanceledException]::new(${psQuote(t('Manual step: convert {0} in the console, then run again with -ConvertedInConsole.', g.serviceFqdn))})`,
    '}',
    `$gateway = Get-CMCloudManagementGateway -Name ${checked('fqdn', g.serviceFqdn)}`,
    `if (-not $gateway) { throw ${psQuote(t('Cloud management gateway {0} was not found.', g.serviceFqdn))} }`,
  ];
}

function stepLines(s: PlanStep, desired: CmgConfig, deployed: CmgConfig | undefined): string[] {
  const site = desired.site;
  const gw = (name: string) => desired.gateways.find((g) => g.name === name);
  const old = (fqdn: string) => deployed?.gateways.find((g) => g.serviceFqdn.toLowerCase() === fqdn.toLowerCase());
  switch (s.kind) {
    case 'create-gateway':
      return createLines(gw(s.gateway)!);
    case 'add-connection-point':
      return [`Add-CMCloudManagementGatewayConnectionPoint -CloudManagementGatewayName ${checked('fqdn', s.serviceFqdn)} -SiteSystemServerName ${checked('fqdn', s.server)} -SiteCode ${checked('siteCode', s.siteCode)} | Out-Null`];
    case 'update-gateway':
      return updateLines(gw(s.gateway)!, old(s.serviceFqdn), s.fields);
    case 'convert-gateway':
      return convertLines(gw(s.gateway)!);
    case 'set-role': {
      const cmdlet = s.role === 'managementPoint' ? 'Set-CMManagementPoint' : 'Set-CMSoftwareUpdatePoint';
      return [`${cmdlet} -SiteSystemServerName ${checked('fqdn', s.server)} -SiteCode ${checked('siteCode', site.code)} -EnableCloudGateway ${bool(s.allowCmgTraffic)} | Out-Null`];
    }
    case 'remove-connection-point':
      return [
        `$cp = Get-CMCloudManagementGatewayConnectionPoint -SiteSystemServerName ${checked('fqdn', s.server)} -SiteCode ${checked('siteCode', s.siteCode)}`,
        `if ($cp) { $cp | Remove-CMCloudManagementGatewayConnectionPoint -Force } else { Write-Warning ${psQuote(t('No connection point on {0}: nothing to remove.', s.server))} }`,
      ];
    case 'remove-gateway':
      return [`Remove-CMCloudManagementGateway -Name ${checked('fqdn', s.serviceFqdn)} -Force`];
    case 'wait':
      return [];
  }
}

function header(plan: Plan, steps: readonly SequencedStep[], options: ScriptOptions): string[] {
  const lines = [
    '#Requires -Version 5.1',
    '<#',
    '.SYNOPSIS',
    `    ${t('CMG Tools deployment script for {0}.', options.fileName)}`,
    '.DESCRIPTION',
    `    ${t('Generated {0}. Review it before running; run with -WhatIf to see what it would do.', (options.generatedAt ?? new Date()).toISOString())}`,
    `    ${t('Passwords are asked for when needed; none is stored in this script.')}`,
  ];
  for (const g of plan.gateways) lines.push(`    ${g.name}: ${g.action}`);
  for (const s of steps) lines.push(`    ${s.index}. [${s.stage}] ${s.step.kind} ${'serviceFqdn' in s.step ? s.step.serviceFqdn : 'server' in s.step ? s.step.server : ''}`.trimEnd());
  lines.push(
    '.PARAMETER Stage',
    `    ${t('1: everything up to the wait; 2: the removals after the wait (run it once the wait has passed).')}`,
    '.PARAMETER ConfigDirectory',
    `    ${t('Folder of the configuration file; certificate paths are relative to it.')}`,
    '.PARAMETER ModulePath',
    `    ${t('Path of ConfigurationManager.psd1; default: found from the console install path.')}`,
    '.PARAMETER ConvertedInConsole',
    `    ${t('Say that Convert was done in the console, so the script goes on after it.')}`,
    '#>',
  );
  // Header text is localized free text inside a comment block: neutralize a stray end marker.
  // eslint-disable-next-line no-control-regex
  return lines.map((l, i) => (i === lines.length - 1 ? l : l.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/#>/g, '# >')));
}

/** The whole script for a plan (both stages; `-Stage` picks one at run time). */
export function deploymentScript(plan: Plan, desired: CmgConfig, deployed: CmgConfig | undefined, options: ScriptOptions): string {
  const steps = sequence(plan);
  const total = steps.length;
  const hasStage2 = steps.some((s) => s.stage === 2);
  const out: string[] = [...header(plan, steps, options)];
  out.push(
    '[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = \'Medium\')]',
    'param(',
    '    [ValidateSet(1, 2)]',
    '    [int] $Stage = 1,',
    `    [string] $ConfigDirectory = ${psQuote(options.configDirectory)},`,
    `    [string] $ModulePath = ${psQuote(options.modulePath ?? '')},`,
    '    [switch] $ConvertedInConsole',
    ')',
    '',
    'Set-StrictMode -Version 3.0',
    "$ErrorActionPreference = 'Stop'",
    '# Progress lines and answers in UTF-8 (the host reads them so); no console: keep the defaults.',
    'try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false; [Console]::InputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }',
    '$ScriptCmdlet = $PSCmdlet',
    `$Total = ${total}`,
    '',
    'function Write-CmgProgress([int] $Step, [string] $Kind, [string] $Status, [string] $Message, [string] $NotBefore) {',
    '    $line = [ordered]@{ step = $Step; total = $Total; kind = $Kind; status = $Status; message = $Message }',
    "    if ($NotBefore) { $line['notBefore'] = $NotBefore }",
    `    [Console]::Out.WriteLine(${psQuote(PROGRESS_PREFIX)} + ($line | ConvertTo-Json -Compress))`,
    '    [Console]::Out.Flush()',
    '}',
    '',
    'function Write-CmgInput([string] $Kind, [string] $Message) {',
    `    [Console]::Out.WriteLine(${psQuote(INPUT_PREFIX)} + ([ordered]@{ kind = $Kind; message = $Message } | ConvertTo-Json -Compress))`,
    '    [Console]::Out.Flush()',
    '}',
    '',
    'function Invoke-CmgStep([int] $Step, [string] $Kind, [string] $Message, [scriptblock] $Action) {',
    "    Write-CmgProgress $Step $Kind 'start' $Message",
    '    try {',
    '        if ($ScriptCmdlet.ShouldProcess($Message, $Kind)) { & $Action }',
    '    } catch [System.OperationCanceledException] {',
    "        Write-CmgProgress $Step $Kind 'failed' $_.Exception.Message",
    `        exit ${EXIT_MANUAL_STEP}`,
    '    } catch {',
    "        Write-CmgProgress $Step $Kind 'failed' $_.Exception.Message",
    '        throw',
    '    }',
    "    Write-CmgProgress $Step $Kind 'done' $Message",
    '}',
    '',
    '# Configuration Manager module, from the console install path.',
    'if (-not $ModulePath) {',
    `    if (-not $env:SMS_ADMIN_UI_PATH) { throw ${psQuote(t('The Configuration Manager console is not installed on this computer (SMS_ADMIN_UI_PATH is not set). Run the script where the console is installed.'))} }`,
    "    $ModulePath = Join-Path $env:SMS_ADMIN_UI_PATH '..\\ConfigurationManager.psd1'",
    '}',
    'Import-Module -Name $ModulePath -ErrorAction Stop',
    `$SiteCode = ${checked('siteCode', desired.site.code)}`,
    `$Provider = ${checked('fqdn', desired.site.provider)}`,
    'if (-not (Get-PSDrive -Name $SiteCode -PSProvider CMSite -ErrorAction SilentlyContinue)) {',
    '    New-PSDrive -Name $SiteCode -PSProvider CMSite -Root $Provider -Scope Script | Out-Null',
    '}',
    'Push-Location -Path "$($SiteCode):\\"',
    'try {',
  );
  const body: string[] = [];
  const stage1 = steps.filter((s) => s.stage === 1);
  const stage2 = steps.filter((s) => s.stage === 2);
  const emit = (s: SequencedStep) => {
    if (s.step.kind === 'wait') return;
    body.push(`Invoke-CmgStep ${s.index} ${psQuote(s.step.kind)} ${psQuote(stepLabel(s.step))} {`);
    body.push(...indent(stepLines(s.step, desired, deployed)));
    body.push('}');
  };
  body.push('if ($Stage -eq 1) {');
  const b1: string[] = [];
  const keep = body.length;
  for (const s of stage1) {
    if (s.step.kind === 'wait') {
      const msg = t('Stage 1 is complete. Wait at least {0} hours ({1}), then run stage 2.', String(s.step.hours), s.step.reason);
      body.push(
        `$notBefore = [DateTime]::UtcNow.AddHours(${int(s.step.hours)}).ToString('o')`,
        `Write-CmgProgress ${s.index} 'wait' 'start' ${psQuote(msg)} $notBefore`,
        `Write-CmgProgress ${s.index} 'wait' 'done' ${psQuote(msg)} $notBefore`,
        'return',
      );
    } else emit(s);
  }
  b1.push(...body.splice(keep));
  body.push(...indent(b1), '}');
  if (hasStage2) {
    body.push('if ($Stage -eq 2) {');
    const keep2 = body.length;
    // The new gateways must exist before the old ones go (rules 5.1).
    for (const g of plan.gateways) {
      const created = g.steps.find((x) => x.kind === 'create-gateway');
      if (created && g.steps.some((x) => x.kind === 'wait') && 'serviceFqdn' in created) {
        body.push(
          `if (-not (Get-CMCloudManagementGateway -Name ${checked('fqdn', created.serviceFqdn)})) { throw ${psQuote(t('{0} is not deployed: stage 2 would leave clients without a gateway. Run stage 1 first.', created.serviceFqdn))} }`,
        );
      }
    }
    for (const s of stage2) emit(s);
    const b2 = body.splice(keep2);
    body.push(...indent(b2), '}');
  } else {
    body.push(`if ($Stage -eq 2) { Write-Warning ${psQuote(t('This plan has no stage 2.'))} }`);
  }
  out.push(...indent(body), '} finally {', '    Pop-Location', '}', '');
  return out.join('\r\n');
}
