/**
 * Activation: creates the shared services, then lets each feature register itself.
 * Kept short and cheap: the configuration checks (ajv), certificates (node-forge) and Azure SDK
 * are loaded by the features on first use, never here.
 */
import * as vscode from 'vscode';
import { registerFoundationCommands } from './commands/register';
import { ConfigStore } from './configStore';
import { configureL10n } from './core/l10n';
import { ConfigDiagnostics } from './diagnostics/diagnostics';
import { registerDiagnostics } from './diagnostics/register';
import { createLog } from './log';
import { createPasswordStore } from './secrets/passwords';
import type { Services } from './services';
import { registerTrees, type CmgTrees } from './tree/register';
import { registerWizard } from './wizard/register';
import { registerCertificateCommands } from './certs/commands';
import { registerSubCaCommands } from './subca/command';
import { registerDeployCommands } from './deploy/commands';

/** What `activate` returns: used by the integration tests and by other extensions. */
export interface CmgExtensionApi {
  readonly services: Services;
  readonly trees: CmgTrees;
  /** Resolves once the workspace was scanned and every file checked (contributors included). */
  whenIdle(): Promise<void>;
  /** How long `activate` took, and the first scan (discovery + checks) once done; for benchmarks. */
  timings(): { activateMs: number; firstScanMs: number | undefined };
}

/**
 * The core's `t()` uses the same bundle VS Code loaded for `vscode.l10n.t`: `vscode.l10n.bundle`
 * holds the parsed contents of the `vscode.l10n.uri` file; when only the URI is known, the file is
 * read (the first checks then wait for it).
 */
async function configureCoreL10n(log: { error(m: string, e?: unknown): void }): Promise<void> {
  const bundle = vscode.l10n.bundle;
  if (bundle) {
    configureL10n(vscode.env.language, { ...bundle });
    return;
  }
  const uri = vscode.l10n.uri;
  if (!uri) {
    configureL10n(vscode.env.language, undefined);
    return;
  }
  try {
    const contents = JSON.parse(new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri))) as Record<string, string>;
    configureL10n(vscode.env.language, contents);
  } catch (e) {
    log.error(`Reading the translations ${uri.toString(true)} failed`, e);
    configureL10n('en', undefined);
  }
}

export function activate(context: vscode.ExtensionContext): CmgExtensionApi {
  const started = Date.now();
  const log = createLog();
  context.subscriptions.push(log.channel);
  const l10nReady = configureCoreL10n(log);
  const configs = new ConfigStore(log, l10nReady);
  const diagnostics = new ConfigDiagnostics(configs, log);
  context.subscriptions.push(configs, diagnostics);
  const services: Services = { context, log, configs, diagnostics, passwords: createPasswordStore(context) };

  registerDiagnostics(context, services);
  const trees = registerTrees(context, services);
  registerFoundationCommands(context, services, trees);
  registerWizard(context, services);
  registerCertificateCommands(context, services);
  registerSubCaCommands(context, services);
  registerDeployCommands(context);

  void configs.start().then(
    () => log.info(`Workspace scanned: ${configs.all().length} configuration file(s) in ${Date.now() - started} ms after activation.`),
    (e: unknown) => log.error('Scanning the workspace failed', e),
  );
  const activateMs = Date.now() - started;
  log.info(`CMG Tools activated in ${activateMs} ms (${vscode.env.language}).`);
  return {
    timings: () => ({ activateMs, firstScanMs: configs.firstScanMs }),
    services,
    trees,
    async whenIdle() {
      await configs.whenIdle();
      await diagnostics.whenIdle();
    },
  };
}

export function deactivate(): void {}
