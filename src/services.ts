/**
 * The services shared by every part of the VS Code layer, created once in `activate` and handed
 * to each `register<Feature>(context, services)` function.
 */
import type * as vscode from 'vscode';
import type { ConfigStore } from './configStore';
import type { ConfigDiagnostics } from './diagnostics/diagnostics';
import type { Log } from './log';
import type { PasswordStore } from './secrets/passwords';

export interface Services {
  readonly context: vscode.ExtensionContext;
  /** The "CMG Tools" log (secrets redacted). */
  readonly log: Log;
  /** Every `*.cmg.json` of the workspace, parsed and checked, kept current. */
  readonly configs: ConfigStore;
  /** The 'cmg' diagnostics; `addContributor` adds findings (e.g. certificate checks) to a file's. */
  readonly diagnostics: ConfigDiagnostics;
  /** PFX passwords in SecretStorage (only with the user's consent). */
  readonly passwords: PasswordStore;
}
