/**
 * PFX passwords, per certificate file, in VS Code's SecretStorage only and only when the user
 * agrees. Nothing here logs, formats or returns a password anywhere except to the caller that
 * opens the certificate. Keys are typed: `cmg.pfx:<file URI>`.
 *
 * SecretStorage (VS Code 1.90) cannot list its keys, so the store keeps the list of URIs that
 * have a remembered password under one more secret key (`cmg.pfx.index`): URIs only, never a
 * password, so `forgetAll` can remove every entry.
 */
import * as vscode from 'vscode';

export type PfxSecretKey = `cmg.pfx:${string}`;
const INDEX_KEY = 'cmg.pfx.index';

export function secretKeyFor(uri: vscode.Uri): PfxSecretKey {
  return `cmg.pfx:${uri.toString()}`;
}

/** Why the password is asked; changes the prompt's wording. */
export type PasswordReason = 'required' | 'wrong' | 'changed';

export interface PasswordPromptOptions {
  readonly reason: PasswordReason;
  /** File name as shown to the user (relative path or base name). */
  readonly fileLabel: string;
}

/** The two questions the store asks. Replaced in tests. */
export interface PasswordPrompts {
  /** Resolves to the typed password, or undefined when the user cancelled. */
  askPassword(options: PasswordPromptOptions): Promise<string | undefined>;
  /** Resolves to true only when the user chose to remember the password. */
  askRemember(fileLabel: string): Promise<boolean>;
}

export const vscodePasswordPrompts: PasswordPrompts = {
  async askPassword({ reason, fileLabel }) {
    const prompt =
      reason === 'wrong'
        ? vscode.l10n.t('The password for {0} is wrong. Type the PFX password again.', fileLabel)
        : reason === 'changed'
          ? vscode.l10n.t('The remembered password for {0} no longer opens it. Type the PFX password.', fileLabel)
          : vscode.l10n.t('Type the password of the PFX file {0}.', fileLabel);
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Certificate password: {0}', fileLabel),
      prompt,
      password: true,
      ignoreFocusOut: true,
      placeHolder: vscode.l10n.t('PFX password'),
    });
  },
  async askRemember(fileLabel) {
    const remember = vscode.l10n.t('Remember');
    const notNow = vscode.l10n.t('Not now');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t("Remember the password for {0} in VS Code's secret storage?", fileLabel),
      remember,
      notNow,
    );
    return choice === remember;
  },
};

/** The outcome of one attempt to open a certificate with a password. */
export interface OpenAttempt<T> {
  readonly result: T;
  /** True when the password was wrong or missing (finding CERT-PASSWORD). */
  readonly passwordRejected: boolean;
}

export type WithPasswordResult<T> =
  | { readonly status: 'opened'; readonly result: T }
  | { readonly status: 'cancelled'; readonly result: T | undefined };

export interface PasswordStore {
  /** The remembered password for this file, or undefined. */
  get(uri: vscode.Uri): Promise<string | undefined>;
  /** Whether a password is remembered for this file (never reveals it). */
  has(uri: vscode.Uri): Promise<boolean>;
  /** Asks for the password with an input box; undefined when cancelled. Stores nothing. */
  ask(uri: vscode.Uri, options: PasswordPromptOptions): Promise<string | undefined>;
  /** Asks "Remember …?" and stores the password only on consent. Returns whether it was stored. */
  offerToRemember(uri: vscode.Uri, password: string, fileLabel: string): Promise<boolean>;
  forget(uri: vscode.Uri): Promise<void>;
  forgetAll(): Promise<number>;
  /**
   * Opens a certificate, asking for its password as needed:
   * 1. with the remembered password (if any); if rejected, forgets it and asks again;
   * 2. otherwise first without a password (an empty-password PFX opens), then asks;
   * a wrong typed password asks again (nothing stored); after a typed password opens the file,
   * offers to remember it.
   */
  withPassword<T>(uri: vscode.Uri, fileLabel: string, attempt: (password: string | undefined) => Promise<OpenAttempt<T>>): Promise<WithPasswordResult<T>>;
  /**
   * Memory-only password for this window, set only by the diagnostics' "Enter password…" code
   * action when the user did not want it remembered (so the reference's diagnostics can use it
   * until the window closes). Cleared by `forget`/`forgetAll`.
   */
  sessionPassword(uri: vscode.Uri): string | undefined;
  setSessionPassword(uri: vscode.Uri, password: string | undefined): void;
  /** Replaces the prompts (tests). Returns a function restoring the previous ones. */
  setPrompts(prompts: PasswordPrompts): () => void;
  readonly onDidChange: vscode.Event<vscode.Uri | undefined>;
}

export function createPasswordStore(context: Pick<vscode.ExtensionContext, 'secrets' | 'subscriptions'>, prompts: PasswordPrompts = vscodePasswordPrompts): PasswordStore {
  const secrets = context.secrets;
  let currentPrompts = prompts;
  const session = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  context.subscriptions.push(changed);
  context.subscriptions.push(
    secrets.onDidChange((e) => {
      if (e.key.startsWith('cmg.pfx:')) {
        try {
          changed.fire(vscode.Uri.parse(e.key.slice('cmg.pfx:'.length)));
        } catch {
          changed.fire(undefined);
        }
      }
    }),
  );

  async function readIndex(): Promise<string[]> {
    const raw = await secrets.get(INDEX_KEY);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  }
  async function writeIndex(entries: readonly string[]): Promise<void> {
    if (entries.length === 0) await secrets.delete(INDEX_KEY);
    else await secrets.store(INDEX_KEY, JSON.stringify([...new Set(entries)]));
  }

  const store: PasswordStore = {
    async get(uri) {
      return secrets.get(secretKeyFor(uri));
    },
    async has(uri) {
      return (await secrets.get(secretKeyFor(uri))) !== undefined;
    },
    async ask(_uri, options) {
      return currentPrompts.askPassword(options);
    },
    async offerToRemember(uri, password, fileLabel) {
      if (!(await currentPrompts.askRemember(fileLabel))) return false;
      await secrets.store(secretKeyFor(uri), password);
      const index = await readIndex();
      if (!index.includes(uri.toString())) await writeIndex([...index, uri.toString()]);
      session.delete(uri.toString());
      return true;
    },
    async forget(uri) {
      session.delete(uri.toString());
      await secrets.delete(secretKeyFor(uri));
      const index = await readIndex();
      if (index.includes(uri.toString())) await writeIndex(index.filter((u) => u !== uri.toString()));
    },
    async forgetAll() {
      const index = await readIndex();
      for (const u of index) await secrets.delete(`cmg.pfx:${u}`);
      await writeIndex([]);
      const count = new Set([...index, ...session.keys()]).size;
      session.clear();
      changed.fire(undefined);
      return count;
    },
    async withPassword(uri, fileLabel, attempt) {
      const remembered = await store.get(uri);
      let reason: 'required' | 'wrong' | 'changed' = 'required';
      let last: Awaited<ReturnType<typeof attempt>> | undefined;
      if (remembered !== undefined) {
        last = await attempt(remembered);
        if (!last.passwordRejected) return { status: 'opened', result: last.result };
        await store.forget(uri);
        reason = 'changed';
      } else {
        const fromSession = session.get(uri.toString());
        last = await attempt(fromSession);
        if (!last.passwordRejected) return { status: 'opened', result: last.result };
        if (fromSession !== undefined) {
          session.delete(uri.toString());
          reason = 'changed';
        }
      }
      for (;;) {
        const typed = await currentPrompts.askPassword({ reason, fileLabel });
        if (typed === undefined) return { status: 'cancelled', result: last?.result };
        last = await attempt(typed);
        if (!last.passwordRejected) {
          await store.offerToRemember(uri, typed, fileLabel);
          return { status: 'opened', result: last.result };
        }
        reason = 'wrong';
      }
    },
    sessionPassword(uri) {
      return session.get(uri.toString());
    },
    setSessionPassword(uri, password) {
      if (password === undefined) session.delete(uri.toString());
      else session.set(uri.toString(), password);
    },
    setPrompts(p) {
      const previous = currentPrompts;
      currentPrompts = p;
      return () => {
        currentPrompts = previous;
      };
    },
    onDidChange: changed.event,
  };
  return store;
}
