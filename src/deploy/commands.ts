/**
 * VS Code commands of issue #6: "Show plan", "Export deployment script", "Deploy…",
 * "Redeploy…" and "Run Azure pre-flight checks". Thin layer over src/core/plan, src/core/deploy
 * and src/core/azure; the Azure SDK is loaded only when the pre-flight runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { appendJournal, pendingRemovals, planSummary, readJournal, type RunOutcome } from '../core/deploy/journal';
import type { ProgressEvent } from '../core/deploy/progress';
import { deploymentScript, EXIT_MANUAL_STEP } from '../core/deploy/script';
import { nextSnapshot, PREVIOUS_SUFFIX } from '../core/deploy/snapshot';
import { defaultSnapshotPath, type CmgConfig, type Gateway } from '../core/model';
import { actionLabel, planToMarkdown, stepLabel } from '../core/plan/format';
import { buildPlan, deploymentPrefix, planHasErrors, sequence, type Plan } from '../core/plan/plan';
import { createLog } from '../log';
import { isCmgNodeRef, type CmgNodeRef } from '../nodeRef';
import { resolvePowerShell, runScript, type RunResult } from './runner';

/** Options a caller (the integration tests, another command) may pass as the second argument. */
export interface DeployCommandOptions {
  /** Replaces the modal confirmation (tests). */
  readonly confirm?: (summary: string, detail: string) => Promise<boolean>;
  /** Replaces the password prompt (tests). Never logged. */
  readonly askPassword?: (prompt: string) => Promise<string | undefined>;
  /** Replaces the "done in the console, continue?" question after a manual step (tests). */
  readonly continueAfterManualStep?: (message: string) => Promise<boolean>;
}

/** Second argument of `cmg.preflight` (tests, other extensions): skip the sign-in. */
export interface PreflightCommandOptions {
  readonly credential?: import('@azure/core-auth').TokenCredential;
  /** ARM endpoint instead of the cloud's. */
  readonly endpointOverride?: string;
  readonly timeoutMs?: number;
}

export interface DeployRunReport {
  readonly outcome: RunOutcome | 'refused' | 'saved' | 'not-confirmed' | 'nothing-to-do';
  readonly exitCode?: number | null;
  readonly events?: readonly ProgressEvent[];
  readonly scriptPath?: string;
  /** What this run wrote to the "CMG Deploy" log. */
  readonly logLines?: readonly string[];
  /** The report of the run before it, when this one continued after a manual step. */
  readonly previous?: DeployRunReport;
}

const PLAN_SCHEME = 'cmg-plan';

interface Prepared {
  readonly uri: vscode.Uri;
  readonly plan: Plan;
  readonly desired: CmgConfig;
  readonly deployed?: CmgConfig;
}

async function pickConfigUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (isCmgNodeRef(arg)) return (arg as CmgNodeRef).fileUri;
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.endsWith('.cmg.json')) return active;
  const files = await vscode.workspace.findFiles('**/*.cmg.json', '{**/node_modules/**,**/.cmg/**}');
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No CMG configuration (*.cmg.json) in this workspace.'));
    return undefined;
  }
  if (files.length === 1) return files[0];
  const pick = await vscode.window.showQuickPick(
    files.map((f) => ({ label: path.basename(f.fsPath), description: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder: vscode.l10n.t('Choose a CMG configuration') },
  );
  return pick?.uri;
}

function usGovSuffix(): string | undefined {
  return vscode.workspace.getConfiguration('cmg.azure').get<string>('usGovVmssSuffix')?.trim() || undefined;
}

/** Plans the file: the editor's text when open (Show plan), the saved file otherwise. */
async function prepare(uri: vscode.Uri, useEditorText: boolean): Promise<Prepared | undefined> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  // Loaded on first use: the configuration checks (ajv) and certificate reader (node-forge).
  const { loadPlanInput } = await import('../core/plan/input');
  const usGovVmssSuffix = usGovSuffix();
  const input = loadPlanInput(uri.fsPath, undefined, useEditorText && doc ? doc.getText() : undefined, { usGovVmssSuffix });
  if (!input.desired) {
    void vscode.window.showErrorMessage(input.findings.map((f) => f.message).join(' '));
    return undefined;
  }
  const plan = buildPlan(input.desired, input.deployed, { certificates: input.certificates, pendingRemovals: pendingRemovals(readJournal(uri.fsPath)), usGovVmssSuffix });
  return { uri, plan, desired: input.desired, deployed: input.deployed };
}

function summary(p: Prepared): { message: string; detail: string } {
  const lines = p.plan.gateways.map((g) => `${g.name}: ${actionLabel(g.action)}`);
  const steps = sequence(p.plan);
  const detail = [
    ...lines,
    '',
    ...steps.map((s) => `${s.index}. ${stepLabel(s.step)}`),
    ...(p.plan.findings.length ? ['', ...p.plan.findings.map((f) => `${f.rule}: ${f.message}`)] : []),
  ].join('\n');
  return { message: vscode.l10n.t('Deploy {0}? {1} step(s) will run in Configuration Manager.', path.basename(p.uri.fsPath), String(steps.filter((s) => s.step.kind !== 'wait' && s.stage === 1).length)), detail };
}

class PlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly content = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  set(uri: vscode.Uri, text: string): void {
    this.content.set(uri.toString(), text);
    this.emitter.fire(uri);
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.content.get(uri.toString()) ?? '';
  }
}

function scriptText(p: Prepared): string {
  const modulePath = vscode.workspace.getConfiguration('cmg.deploy').get<string>('consoleModulePath', '');
  return deploymentScript(p.plan, p.desired, p.deployed, { configDirectory: path.dirname(p.uri.fsPath), fileName: path.basename(p.uri.fsPath), modulePath });
}

export function registerDeployCommands(context: vscode.ExtensionContext): void {
  const log = createLog(vscode.window.createOutputChannel('CMG Deploy', { log: true }));
  context.subscriptions.push(log.channel);
  const docs = new PlanDocuments();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, docs));

  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (e) {
        log.error('Command failed', e);
        void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'cmg.showPlan',
      guard(async (arg?: unknown) => {
        const uri = await pickConfigUri(arg);
        if (!uri) return undefined;
        const p = await prepare(uri, true);
        if (!p) return undefined;
        const planUri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${path.basename(uri.fsPath)}.plan.md` });
        docs.set(planUri, planToMarkdown(p.plan, path.basename(uri.fsPath)));
        try {
          await vscode.commands.executeCommand('markdown.showPreview', planUri);
        } catch {
          await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(planUri), { preview: true });
        }
        return p.plan;
      }),
    ),
    vscode.commands.registerCommand(
      'cmg.exportDeploymentScript',
      guard(async (arg?: unknown) => {
        const uri = await pickConfigUri(arg);
        if (!uri) return undefined;
        const p = await prepare(uri, false);
        if (!p) return undefined;
        const doc = await vscode.workspace.openTextDocument({ language: 'powershell', content: scriptText(p) });
        await vscode.window.showTextDocument(doc);
        return doc.uri;
      }),
    ),
    vscode.commands.registerCommand('cmg.deploy', guard(async (arg?: unknown, options?: DeployCommandOptions) => deploy(arg, options ?? {}, false))),
    vscode.commands.registerCommand('cmg.redeploy', guard(async (arg?: unknown, options?: DeployCommandOptions) => deploy(arg, options ?? {}, true))),
    vscode.commands.registerCommand('cmg.preflight', guard(async (arg?: unknown, options?: PreflightCommandOptions) => preflight(arg, options ?? {}))),
  );

  async function deploy(arg: unknown, options: DeployCommandOptions, redeploy: boolean): Promise<DeployRunReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Deployment scripts never run in an untrusted workspace. Trust this workspace to deploy.'));
      return { outcome: 'refused' };
    }
    const uri = await pickConfigUri(arg);
    if (!uri) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Save {0} before deploying: the deployment uses the saved file.', path.basename(uri.fsPath)));
      return { outcome: 'refused' };
    }
    const p = await prepare(uri, false);
    if (!p) return { outcome: 'refused' };
    if (planHasErrors(p.plan)) {
      const errors = p.plan.findings.filter((f) => f.severity === 'error');
      void vscode.window.showErrorMessage(vscode.l10n.t('The plan is refused: {0}', errors.map((f) => `${f.rule}: ${f.message}`).join(' ')));
      return { outcome: 'refused' };
    }
    const steps = sequence(p.plan);
    if (!steps.some((s) => s.step.kind !== 'wait')) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to deploy: {0} matches the deployed snapshot.', path.basename(uri.fsPath)));
      return { outcome: 'nothing-to-do' };
    }
    const isRedeploy = p.plan.gateways.some((g) => g.action === 'redeploy' || (g.action === 'remove' && p.deployed?.gateways.some((x) => x.name === g.name && x.name.endsWith(PREVIOUS_SUFFIX))));
    if (redeploy && !isRedeploy) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No gateway of {0} needs a redeploy; use Deploy for these changes.', path.basename(uri.fsPath)));
      return { outcome: 'nothing-to-do' };
    }
    const s = summary(p);
    const confirmed = options.confirm
      ? await options.confirm(s.message, s.detail)
      : (await vscode.window.showWarningMessage(s.message, { modal: true, detail: s.detail }, vscode.l10n.t('Deploy'))) === vscode.l10n.t('Deploy');
    if (!confirmed) return { outcome: 'not-confirmed' };

    const text = `\uFEFF${scriptText(p)}`;
    const configured = vscode.workspace.getConfiguration('cmg.deploy').get<string>('powershellPath', 'powershell.exe');
    const program = resolvePowerShell(configured);
    if (!program) {
      // No Windows PowerShell here: save the script beside the file and open it.
      const saved = path.join(path.dirname(uri.fsPath), '.cmg', `deploy-${new Date().toISOString().replace(/[:.]/g, '-')}.ps1`);
      mkdirSync(path.dirname(saved), { recursive: true });
      writeFileSync(saved, text, 'utf8');
      await vscode.window.showTextDocument(vscode.Uri.file(saved));
      void vscode.window.showInformationMessage(vscode.l10n.t('PowerShell ({0}) is not available on this computer: the deployment script was saved to {1}. Run it on a Windows computer with the Configuration Manager console.', configured, vscode.workspace.asRelativePath(saved)));
      return { outcome: 'saved', scriptPath: saved };
    }
    return execute(p, program, text, options, []);
  }

  async function execute(p: Prepared, program: string, text: string, options: DeployCommandOptions, extraArgs: string[]): Promise<DeployRunReport> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cmg-deploy-'));
    const scriptPath = path.join(dir, 'deploy.ps1');
    writeFileSync(scriptPath, text, 'utf8');
    const steps = sequence(p.plan);
    const file = path.basename(p.uri.fsPath);
    const lines: string[] = [];
    const info = (m: string) => (lines.push(m), log.info(m));
    const warn = (m: string) => (lines.push(m), log.warn(m));
    const error = (m: string) => (lines.push(m), log.error(m));
    info(vscode.l10n.t('Running the deployment of {0} with {1}', file, program));
    let result: RunResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deploying {0}', file), cancellable: true },
        (progress, token) =>
          runScript(
            program,
            scriptPath,
            extraArgs,
            {
              onProgress(e) {
                const line = `[${e.step}/${e.total}] ${e.kind} ${e.status}: ${e.message}`;
                if (e.status === 'failed') error(line);
                else info(line);
                progress.report({ message: `${e.step}/${e.total} ${e.message}`, increment: e.status === 'done' ? 100 / e.total : 0 });
              },
              onText(line, stream) {
                if (stream === 'stderr') warn(line);
                else info(line);
              },
              async onInput(request) {
                return options.askPassword
                  ? options.askPassword(request.message)
                  : vscode.window.showInputBox({ prompt: request.message, password: true, ignoreFocusOut: true });
              },
            },
            { onCancel: (l) => token.onCancellationRequested(l) },
          ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return record(p, steps, result, options, program, lines);
  }

  async function record(p: Prepared, steps: ReturnType<typeof sequence>, result: RunResult, options: DeployCommandOptions, program: string, lines: string[]): Promise<DeployRunReport> {
    const done = new Set(result.events.filter((e) => e.status === 'done').map((e) => e.step));
    const wait = result.events.find((e) => e.kind === 'wait' && e.status === 'done');
    let outcome: RunOutcome;
    if (result.cancelled) outcome = 'cancelled';
    else if (result.exitCode === 0 && wait) outcome = 'stage1-done';
    else if (result.exitCode === 0) outcome = 'succeeded';
    else if (result.exitCode === EXIT_MANUAL_STEP) outcome = 'needs-console';
    else outcome = 'failed';
    const file = path.basename(p.uri.fsPath);
    if (done.size > 0) {
      const snapshotPath = defaultSnapshotPath(p.uri.fsPath);
      mkdirSync(path.dirname(snapshotPath), { recursive: true });
      const snap = nextSnapshot(p.desired, p.deployed, steps, done);
      writeFileSync(snapshotPath, `${JSON.stringify(snap, null, 2)}\n`, 'utf8');
      const m = vscode.l10n.t('Deployed snapshot written: {0}', vscode.workspace.asRelativePath(snapshotPath));
      lines.push(m);
      log.info(m);
    }
    const pending =
      outcome === 'stage1-done'
        ? steps
            .filter((s) => s.stage === 2 && s.step.kind === 'remove-gateway')
            .map((s) => ({ serviceFqdn: 'serviceFqdn' in s.step ? s.step.serviceFqdn : '', notBefore: wait?.notBefore ?? new Date(Date.now() + 24 * 3600_000).toISOString() }))
        : undefined;
    appendJournal(p.uri.fsPath, {
      time: new Date().toISOString(),
      file,
      // The removal of a gateway kept after stage 1 (snapshot name `<name>-previous`) is stage 2.
      stage: p.plan.gateways.some((g) => g.action === 'remove' && g.name.endsWith(PREVIOUS_SUFFIX)) ? 2 : 1,
      plan: planSummary(p.plan),
      outcome,
      stepsDone: done.size,
      stepsTotal: steps.length,
      ...(pending?.length ? { pendingRemovals: pending } : {}),
    });
    if (result.spawnError) {
      void vscode.window.showErrorMessage(vscode.l10n.t('PowerShell could not be started ({0}): {1}', program, result.spawnError));
    } else if (outcome === 'succeeded') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Deployment of {0} finished.', file));
    } else if (outcome === 'stage1-done') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Stage 1 of {0} finished. Remove the old gateway with Redeploy after {1}.', file, pending?.[0]?.notBefore ?? ''));
    } else if (outcome === 'cancelled') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Deployment of {0} was cancelled; the snapshot records only the steps that finished.', file));
    } else if (outcome === 'needs-console') {
      const again = vscode.l10n.t('Converted: continue');
      const last = result.events.filter((e) => e.status === 'failed').pop();
      const message = last?.message ?? vscode.l10n.t('A step must be done in the Configuration Manager console.');
      const go = options.continueAfterManualStep ? await options.continueAfterManualStep(message) : (await vscode.window.showWarningMessage(message, again)) === again;
      const report: DeployRunReport = { outcome, exitCode: result.exitCode, events: result.events, logLines: lines };
      if (go) {
        // The snapshot now records the steps before the manual one: re-plan from it.
        const fresh = await prepare(p.uri, false);
        if (!fresh) return report;
        const next = await execute(fresh, program, `\uFEFF${scriptText(fresh)}`, options, ['-ConvertedInConsole']);
        return { ...next, previous: report };
      }
      return report;
    } else {
      log.show();
      void vscode.window.showErrorMessage(vscode.l10n.t('Deployment of {0} failed (exit code {1}). See the CMG Deploy log.', file, String(result.exitCode)));
    }
    return { outcome, exitCode: result.exitCode, events: result.events, logLines: lines };
  }

  async function preflight(arg: unknown, options: PreflightCommandOptions): Promise<unknown> {
    const uri = await pickConfigUri(arg);
    if (!uri) return undefined;
    const p = await prepare(uri, true);
    if (!p) return undefined;
    const nodeGateway = isCmgNodeRef(arg) ? (arg as CmgNodeRef).gatewayName : undefined;
    let gateway: Gateway | undefined = p.desired.gateways.find((g) => g.name === nodeGateway);
    if (!gateway) {
      const candidates = p.desired.gateways;
      if (candidates.length === 0) return undefined;
      gateway =
        candidates.length === 1
          ? candidates[0]
          : (await vscode.window.showQuickPick(candidates.map((g) => ({ label: g.name, description: g.serviceFqdn, g })), { placeHolder: vscode.l10n.t('Check which gateway?') }))?.g;
    }
    if (!gateway) return undefined;
    const g = gateway;
    const { AZURE_ENDPOINTS, runPreflight } = await import('../core/azure/preflight');
    const { tokenCredential } = await import('../core/azure/credential');
    const endpoints = AZURE_ENDPOINTS[g.environment];
    // VS Code's Microsoft account; for US Government, its sovereign-cloud provider
    // (setting microsoft-sovereign-cloud.environment = "USGovernment").
    let credential = options.credential;
    let account = '';
    if (!credential) {
      const provider = g.environment === 'AzureUSGovernmentCloud' ? 'microsoft-sovereign-cloud' : 'microsoft';
      const session = await vscode.authentication.getSession(provider, [endpoints.scope], { createIfNone: true });
      account = session.account.label;
      credential = tokenCredential(async (scopes) => {
        const s = await vscode.authentication.getSession(provider, scopes, { silent: true });
        return { token: (s ?? session).accessToken };
      });
    }
    const cred = credential;
    const old = p.deployed?.gateways.find((x) => x.name === g.name);
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Azure pre-flight checks for {0}', g.serviceFqdn), cancellable: true },
      (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let finished = 0;
        const onResult = (r: { id: string; status: string }) => progress.report({ message: `${++finished} · ${r.id}: ${r.status}` });
        return runPreflight({ credential: cred, gateway: g, abortSignal: ac.signal, onResult, usGovVmssSuffix: usGovSuffix(), endpointOverride: options.endpointOverride, timeoutMs: options.timeoutMs, maxRetries: options.endpointOverride ? 0 : undefined, nameInUseByThisGateway: Boolean(old && deploymentPrefix(old.serviceFqdn) === deploymentPrefix(g.serviceFqdn)) });
      },
    );
    log.info(vscode.l10n.t('Azure pre-flight checks for {0} ({1}):', g.name, account));
    for (const r of results) log[r.status === 'pass' ? 'info' : r.status === 'warn' ? 'warn' : 'error'](`${r.status.toUpperCase()} ${r.id}: ${r.message}${r.fix ? ` → ${r.fix}` : ''}`);
    const icon = { pass: '$(pass)', warn: '$(warning)', fail: '$(error)', error: '$(error)' } as const;
    const failed = results.filter((r) => r.status === 'fail' || r.status === 'error').length;
    void vscode.window.showQuickPick(
      results.map((r) => ({ label: `${icon[r.status]} ${r.id}`, description: r.message, detail: r.fix })),
      { title: failed ? vscode.l10n.t('{0} check(s) failed for {1}', String(failed), g.serviceFqdn) : vscode.l10n.t('All checks passed for {0}', g.serviceFqdn), matchOnDescription: true, matchOnDetail: true },
    );
    return results;
  }
}

