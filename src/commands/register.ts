/**
 * The foundation's commands: create a starter configuration, refresh, show a tree node in its file.
 */
import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { loadCheckModule } from '../configStore';
import { isCmgNodeRef, type CmgNodeRef } from '../nodeRef';
import type { Services } from '../services';
import type { CmgTrees } from '../tree/register';
import { registerCommand, UserError } from './registerCommand';
import { starterConfiguration } from './starter';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Strips a typed `.cmg.json` / `.json` suffix and surrounding spaces. */
export function normalizeConfigName(input: string): string {
  return input.trim().replace(/\.cmg\.json$/i, '').replace(/\.json$/i, '').replace(/\.cmg$/i, '');
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function freeName(folder: vscode.Uri, base: string): Promise<string> {
  for (let i = 1; i < 1000; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (!(await exists(vscode.Uri.joinPath(folder, `${candidate}.cmg.json`)))) return candidate;
  }
  return `${base}-${Date.now()}`;
}

function defaultBase(folder: vscode.WorkspaceFolder): string {
  const slug = folder.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 40);
  return slug && NAME_PATTERN.test(slug) ? slug : 'cmg';
}

export interface CreateConfigurationOptions {
  /** Name without `.cmg.json` (skips the input box; tests and other commands). */
  readonly name?: string;
  readonly folder?: vscode.Uri;
}

/** Writes `<name>.cmg.json` without ever replacing an existing file. Returns its URI. */
export async function createConfiguration(options: CreateConfigurationOptions = {}): Promise<vscode.Uri | undefined> {
  const wsFolder = options.folder ? vscode.workspace.getWorkspaceFolder(options.folder) : vscode.workspace.workspaceFolders?.[0];
  const folderUri = options.folder ?? wsFolder?.uri;
  if (!folderUri) throw new UserError(vscode.l10n.t('Open a folder first: the configuration file is created in the workspace.'));

  let name = options.name !== undefined ? normalizeConfigName(options.name) : undefined;
  if (name === undefined) {
    const suggestion = await freeName(folderUri, wsFolder ? defaultBase(wsFolder) : 'cmg');
    name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Create a CMG configuration'),
      prompt: vscode.l10n.t('Name of the configuration file (saved as <name>.cmg.json in {0})', wsFolder?.name ?? folderUri.path),
      value: suggestion,
      ignoreFocusOut: true,
      validateInput: async (value) => {
        const n = normalizeConfigName(value);
        if (!NAME_PATTERN.test(n)) return vscode.l10n.t('Use letters, digits, hyphens and underscores (up to 64), starting with a letter or digit.');
        if (await exists(vscode.Uri.joinPath(folderUri, `${n}.cmg.json`))) {
          return vscode.l10n.t('{0}.cmg.json already exists. Try {1}.', n, await freeName(folderUri, n));
        }
        return undefined;
      },
    });
    if (name === undefined) return undefined;
    name = normalizeConfigName(name);
  }
  if (!NAME_PATTERN.test(name)) throw new UserError(vscode.l10n.t('"{0}" is not a valid configuration name. Use letters, digits, hyphens and underscores.', name));

  const target = vscode.Uri.joinPath(folderUri, `${name}.cmg.json`);
  const content = starterConfiguration(name);
  try {
    if (target.scheme === 'file') {
      // 'wx': fails instead of replacing a file created meanwhile.
      await writeFile(target.fsPath, content, { encoding: 'utf8', flag: 'wx' });
    } else {
      if (await exists(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') {
      throw new UserError(vscode.l10n.t('{0}.cmg.json already exists. Try {1}.', name, await freeName(folderUri, name)));
    }
    throw e;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc, { preview: false });
  return target;
}

/** Opens the node's file and selects the JSON of the node. Returns the selected range. */
export async function revealInFile(node: CmgNodeRef): Promise<vscode.Range> {
  const doc = await vscode.workspace.openTextDocument(node.fileUri);
  const mod = await loadCheckModule();
  const parsed = mod.parseConfigText(doc.getText());
  const found = mod.locate(parsed, node.pointer);
  const range = found ? new vscode.Range(found.start.line, found.start.column, found.end.line, found.end.column) : new vscode.Range(0, 0, 0, 0);
  const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return range;
}

export function registerFoundationCommands(context: vscode.ExtensionContext, services: Services, trees: CmgTrees): void {
  registerCommand(context, services.log, 'cmg.createConfiguration', (arg?: unknown) => {
    const options = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !isCmgNodeRef(arg) ? (arg as CreateConfigurationOptions) : {};
    return createConfiguration(options);
  });
  registerCommand(context, services.log, 'cmg.refresh', async () => {
    trees.certificates.clear();
    await services.configs.refresh();
    services.diagnostics.refresh();
  });
  registerCommand(context, services.log, 'cmg.revealInFile', async (arg?: unknown) => {
    const node = isCmgNodeRef(arg) ? arg : trees.gatewaysView.selection[0] ?? trees.siteRolesView.selection[0];
    if (!node) throw new UserError(vscode.l10n.t('Choose an item in the Gateways or Site roles view first.'));
    return revealInFile(node);
  });
}
