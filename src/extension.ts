import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Filled in by the foundation issue.
}

export function deactivate(): void {}
