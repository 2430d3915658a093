/**
 * A generic tree data provider over `TreeNode`s: the nodes render themselves; the provider
 * keeps the roots of the current build, turns any failure into an error node, and finds nodes
 * again by file and JSON pointer (for `reveal`).
 */
import * as vscode from 'vscode';
import type { Log } from '../log';
import { ErrorNode, type TreeNode } from './nodes';

export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: TreeNode[] | undefined;

  constructor(
    private readonly viewId: string,
    private readonly buildRoots: () => TreeNode[],
    private readonly log: Log,
    /** Resolves when the data is ready (the first scan): until then the view shows progress. */
    private readonly ready: () => Promise<unknown> = () => Promise.resolve(),
  ) {}

  /** Rebuilds the tree from the current files. */
  refresh(): void {
    this.roots = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    try {
      const item = node.getTreeItem();
      return item instanceof Promise ? item.catch((e: unknown) => this.failedItem(node, e)) : item;
    } catch (e) {
      return this.failedItem(node, e);
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.ready().catch(() => undefined);
      return this.rootNodes();
    }
    try {
      return await node.getChildren();
    } catch (e) {
      this.log.error(`${this.viewId}: listing children of ${node.id} failed`, e);
      return [new ErrorNode(`${node.id}/error`, node, node.fileUri, vscode.l10n.t('Could not show this item: {0}', e instanceof Error ? e.message : String(e)))];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  rootNodes(): TreeNode[] {
    if (!this.roots) {
      try {
        this.roots = this.buildRoots();
      } catch (e) {
        this.log.error(`${this.viewId}: building the tree failed`, e);
        this.roots = [new ErrorNode(`${this.viewId}/error`, undefined, vscode.Uri.parse('untitled:cmg'), vscode.l10n.t('Could not show this item: {0}', e instanceof Error ? e.message : String(e)))];
      }
    }
    return this.roots;
  }

  /** Every node of the current build, depth first (children are built as needed). */
  async allNodes(): Promise<TreeNode[]> {
    const out: TreeNode[] = [];
    const visit = async (nodes: TreeNode[]): Promise<void> => {
      for (const n of nodes) {
        out.push(n);
        await visit(await this.getChildren(n));
      }
    };
    await visit(this.rootNodes());
    return out;
  }

  /** The node for a file and JSON pointer in the current build. */
  async find(fileUri: vscode.Uri, pointer: string): Promise<TreeNode | undefined> {
    const key = fileUri.toString();
    return (await this.allNodes()).find((n) => n.fileUri.toString() === key && n.pointer === pointer);
  }

  private failedItem(node: TreeNode, e: unknown): vscode.TreeItem {
    this.log.error(`${this.viewId}: rendering ${node.id} failed`, e);
    return new ErrorNode(node.id, node.parent, node.fileUri, vscode.l10n.t('Could not show this item: {0}', e instanceof Error ? e.message : String(e)), node.pointer).getTreeItem();
  }
}
