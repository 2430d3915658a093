/**
 * Wires the wizard into VS Code: the `cmg.createGateway` / `cmg.modifyGateway` commands, the
 * "Properties…" CodeLens above each gateway of a `*.cmg.json`, and the `WebviewPanelSerializer`
 * that restores an open wizard after a reload (`onWebviewPanel:cmg.wizard`).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { isCmgNodeRef, type CmgNodeRef } from '../nodeRef';
import { createLog } from '../log';
import { createPasswordStore } from '../secrets/passwords';
import type { Services } from '../services';
import { WIZARD_VIEW_TYPE, WizardPanel, type WizardDeps } from './panel';

const CONFIG_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.cmg.json' }];

export interface GatewayLocation {
  readonly name: string;
  readonly index: number;
  /** Offset of the gateway object in the text. */
  readonly offset: number;
}

/** The gateways of a configuration text that have a string `name` (pure, for the CodeLens). */
export function gatewaysIn(text: string): GatewayLocation[] {
  const root = parseTree(text);
  const arr = root ? findNodeAtLocation(root, ['gateways']) : undefined;
  if (arr?.type !== 'array') return [];
  const out: GatewayLocation[] = [];
  (arr.children ?? []).forEach((node, index) => {
    const n = node.type === 'object' ? findNodeAtLocation(node, ['name']) : undefined;
    if (n?.type === 'string' && typeof n.value === 'string') out.push({ name: n.value, index, offset: node.offset });
  });
  return out;
}

class GatewayLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return gatewaysIn(document.getText()).map((g) => {
      const pos = document.positionAt(g.offset);
      const ref: CmgNodeRef = { kind: 'gateway', fileUri: document.uri, pointer: `/gateways/${g.index}`, gatewayName: g.name };
      return new vscode.CodeLens(new vscode.Range(pos, pos), {
        title: vscode.l10n.t('Properties…'),
        tooltip: vscode.l10n.t('Open gateway {0} in the wizard', g.name),
        command: 'cmg.modifyGateway',
        arguments: [ref],
      });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function configFiles(): Promise<vscode.Uri[]> {
  return vscode.workspace.findFiles('**/*.cmg.json', '{**/node_modules/**,**/.cmg/**}');
}

async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function isConfig(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.path.toLowerCase().endsWith('.cmg.json');
}

async function pickConfigFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const files = await configFiles();
  if (isConfig(active)) return active;
  if (files.length === 0) {
    const create = vscode.l10n.t('Create a CMG configuration');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('There is no *.cmg.json file in the workspace.'), create);
    if (choice === create) await vscode.commands.executeCommand('cmg.createConfiguration');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: vscode.l10n.t('Create Cloud Management Gateway'), placeHolder: vscode.l10n.t('Choose the configuration file for the new gateway') },
  );
  return picked?.uri;
}

async function pickGateway(): Promise<{ fileUri: vscode.Uri; name: string } | undefined> {
  const items: (vscode.QuickPickItem & { fileUri: vscode.Uri; name: string })[] = [];
  for (const uri of await configFiles()) {
    try {
      for (const g of gatewaysIn(await readText(uri))) items.push({ label: g.name, description: vscode.workspace.asRelativePath(uri), fileUri: uri, name: g.name });
    } catch {
      // unreadable file: the diagnostics report it
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No gateway found in the workspace’s *.cmg.json files.'));
    return undefined;
  }
  if (items.length === 1) return items[0];
  return vscode.window.showQuickPick(items, { title: vscode.l10n.t('Gateway properties'), placeHolder: vscode.l10n.t('Choose the gateway to modify') });
}

/** `registerWizard(context)` or `registerWizard(context, services)` (shared log and password store). */
export function registerWizard(context: vscode.ExtensionContext, services?: Pick<Services, 'log' | 'passwords'>): void {
  const log = services?.log ?? createLog();
  const passwords = services?.passwords ?? createPasswordStore(context);
  const deps: WizardDeps = { extensionUri: context.extensionUri, log, passwords };
  const lenses = new GatewayLensProvider();

  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, lenses),
    vscode.window.registerWebviewPanelSerializer(WIZARD_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => WizardPanel.revive(deps, panel, state),
    }),
    vscode.commands.registerCommand('cmg.createGateway', async (arg?: unknown) => {
      const fileUri = isCmgNodeRef(arg) ? arg.fileUri : arg instanceof vscode.Uri && isConfig(arg) ? arg : await pickConfigFile();
      if (!fileUri) return undefined;
      return WizardPanel.show(deps, { mode: 'create', fileUri }).then((p) => !!p);
    }),
    vscode.commands.registerCommand('cmg.modifyGateway', async (arg?: unknown) => {
      let target: { fileUri: vscode.Uri; name: string } | undefined;
      if (isCmgNodeRef(arg)) {
        let name = arg.gatewayName;
        if (!name) {
          const m = /^\/gateways\/(\d+)/.exec(arg.pointer);
          const g = m ? gatewaysIn(await readText(arg.fileUri)).find((x) => x.index === Number(m[1])) : undefined;
          name = g?.name;
        }
        if (name) target = { fileUri: arg.fileUri, name };
      }
      target ??= await pickGateway();
      if (!target) return undefined;
      return WizardPanel.show(deps, { mode: 'modify', fileUri: target.fileUri, gatewayName: target.name }).then((p) => !!p);
    }),
  );
}
