/**
 * The one way commands are registered: every callback runs inside a wrapper that logs the
 * invocation, catches any error, writes it to the log and shows the user a short localized
 * message (never a stack trace), with a button to open the log.
 */
import * as vscode from 'vscode';
import type { Log } from '../log';

/** An error whose message is written for the user (already localized); shown as is. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** Thrown (or returned) when the user cancelled: not an error, nothing is shown. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export type CommandHandler = (...args: unknown[]) => unknown;

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Runs a callback the way commands run: errors logged and shown, never thrown to VS Code. */
export async function runWithErrorHandling<T>(log: Log, id: string, fn: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CancelledError || (e instanceof vscode.CancellationError)) {
      log.debug(`${id}: cancelled`);
      return undefined;
    }
    log.error(`Command ${id} failed`, e);
    const showLog = vscode.l10n.t('Show log');
    const text = e instanceof UserError ? e.message : vscode.l10n.t('CMG Tools could not complete the command: {0}', firstLine(messageOf(e)));
    void vscode.window.showErrorMessage(text, showLog).then((c) => {
      if (c === showLog) log.show();
    });
    return undefined;
  }
}

function firstLine(s: string): string {
  const line = s.split(/\r?\n/)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}

export function registerCommand(context: Pick<vscode.ExtensionContext, 'subscriptions'>, log: Log, id: string, handler: CommandHandler): vscode.Disposable {
  const d = vscode.commands.registerCommand(id, (...args: unknown[]) => {
    log.trace(`Command ${id}`);
    return runWithErrorHandling(log, id, () => handler(...args));
  });
  context.subscriptions.push(d);
  return d;
}
