/**
 * What the tree shows about a gateway's server certificate: read once per file version through
 * the core's `certificateSummary` (loaded on first use: node-forge is heavy), with the password
 * the user let VS Code remember (or typed for this session) when the PFX needs one.
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import type { Log } from '../log';
import type { PasswordStore } from '../secrets/passwords';

export type CertificateInfo =
  | { readonly state: 'ok'; readonly notAfter: Date; readonly subject: string; readonly thumbprint: string }
  | { readonly state: 'missing' }
  | { readonly state: 'needsPassword' }
  | { readonly state: 'unreadable'; readonly error: string };

type SummaryModule = typeof import('../core/certs/summary');

export class CertificateInfoCache implements vscode.Disposable {
  private readonly cache = new Map<string, { key: string; info: Promise<CertificateInfo> }>();
  /** The last result per file, for rendering without waiting (the tree never blocks on a PFX). */
  private readonly last = new Map<string, CertificateInfo>();
  private module: Promise<SummaryModule> | undefined;
  private readonly subscription: vscode.Disposable | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when cached results were dropped (a password was remembered or forgotten). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly passwords: PasswordStore | undefined,
    private readonly log: Log,
  ) {
    this.subscription = passwords?.onDidChange(() => {
      this.cache.clear();
      this.emitter.fire();
    });
  }

  /** Forgets every result (command "Refresh"): certificates are read again. */
  clear(): void {
    this.cache.clear();
    this.last.clear();
    this.emitter.fire();
  }

  /** The last known result for the file, without reading anything (undefined: never read). */
  peek(uri: vscode.Uri): CertificateInfo | undefined {
    return this.last.get(uri.toString());
  }

  dispose(): void {
    this.subscription?.dispose();
    this.emitter.dispose();
  }

  async get(uri: vscode.Uri): Promise<CertificateInfo> {
    let s: { mtimeMs: number; size: number };
    try {
      s = await stat(uri.fsPath);
    } catch {
      this.cache.delete(uri.toString());
      return this.remember(uri, { state: 'missing' });
    }
    const password = (await this.passwords?.get(uri)) ?? this.passwords?.sessionPassword(uri);
    // The key holds whether a password is used, never the password.
    const key = `${s.mtimeMs}:${s.size}:${password === undefined ? 0 : 1}`;
    const hit = this.cache.get(uri.toString());
    if (hit && hit.key === key) return hit.info;
    const info = this.read(uri, password).then((result) => this.remember(uri, result));
    this.cache.set(uri.toString(), { key, info });
    return info;
  }

  private remember(uri: vscode.Uri, result: CertificateInfo): CertificateInfo {
    const previous = this.last.get(uri.toString());
    this.last.set(uri.toString(), result);
    // Tell the views only when what they would show changed (no refresh loop).
    if (!previous || JSON.stringify(previous) !== JSON.stringify(result)) this.emitter.fire();
    return result;
  }

  private async read(uri: vscode.Uri, password: string | undefined): Promise<CertificateInfo> {
    try {
      this.module ??= import('../core/certs/summary');
      const mod = await this.module;
      const r = await mod.certificateSummary(uri.fsPath, password);
      if (r.summary) {
        const notAfter = new Date(r.summary.notAfter);
        if (Number.isNaN(notAfter.getTime())) return { state: 'unreadable', error: vscode.l10n.t('no valid expiry date') };
        return { state: 'ok', notAfter, subject: r.summary.subject, thumbprint: r.summary.thumbprint };
      }
      if (r.needsPassword) return { state: 'needsPassword' };
      return { state: 'unreadable', error: r.error ?? vscode.l10n.t('not a certificate') };
    } catch (e) {
      this.log.error(`Reading certificate ${uri.toString(true)} failed`, e);
      return { state: 'unreadable', error: e instanceof Error ? e.message : String(e) };
    }
  }
}
