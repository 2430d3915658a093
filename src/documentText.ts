import * as vscode from 'vscode';

/** A file's text as the user sees it: the open editor's (unsaved edits included), else the file's; undefined when unreadable. */
export async function readDocumentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
