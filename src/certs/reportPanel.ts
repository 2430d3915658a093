/**
 * The certificate report webview panel: one panel per certificate file, re-used when the same
 * file is checked again. The HTML comes from the pure renderer; messages from the webview are
 * validated here before anything runs.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { CertReport } from '../core/certs/types';
import { buildReportModel, commonNameOf, type ReportContext, type ReportModel } from './report/model';
import { renderReportHtml } from './report/render';
import { parseReportMessage } from './report/messages';
import type { PasswordStore } from '../secrets/passwords';

export interface ShownReport {
  readonly certificateUri: vscode.Uri;
  readonly report: CertReport;
  readonly context: ReportContext;
  readonly model: ReportModel;
  readonly html: string;
}

interface PanelEntry {
  readonly panel: vscode.WebviewPanel;
  current: ShownReport;
  /**
   * The password that opened the shown PFX, held in this process's memory only while the panel
   * is open so "Generate sub-CA thumbprint script" does not ask again. Never sent to the webview,
   * never in `ShownReport`, dropped when the panel closes or shows another result.
   */
  password?: string;
}

export class CertReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PanelEntry>();
  private last: ShownReport | undefined;
  private readonly shown = new vscode.EventEmitter<ShownReport>();
  readonly onDidShow = this.shown.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log?: { warn(message: string): void; info(message: string): void },
    private readonly passwords?: Pick<PasswordStore, 'sessionPassword' | 'setSessionPassword'>,
  ) {}

  get lastShown(): ShownReport | undefined {
    return this.last;
  }

  private get mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media', 'cert-report');
  }

  show(certificateUri: vscode.Uri, report: CertReport, context: ReportContext, password?: string): ShownReport {
    const key = certificateUri.toString();
    let entry = this.panels.get(key);
    const title = vscode.l10n.t('Certificate: {0}', certificateUri.path.split('/').pop() ?? context.fileLabel);
    if (!entry) {
      const panel = vscode.window.createWebviewPanel('cmg.certificateReport', title, vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [this.mediaRoot],
        retainContextWhenHidden: false,
      });
      panel.iconPath = { light: vscode.Uri.joinPath(this.mediaRoot, 'icon-light.svg'), dark: vscode.Uri.joinPath(this.mediaRoot, 'icon-dark.svg') };
      const created: PanelEntry = { panel, current: undefined as unknown as ShownReport };
      entry = created;
      this.panels.set(key, created);
      panel.onDidDispose(() => {
        created.password = undefined;
        this.panels.delete(key);
      });
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.handleMessage(created, raw));
    } else {
      entry.panel.title = title;
      entry.panel.reveal(undefined, false);
    }
    const model = buildReportModel(report, context);
    const webview = entry.panel.webview;
    const html = renderReportHtml(model, {
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64url'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'report.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'report.js')).toString(),
      language: vscode.env.language,
    });
    webview.html = html;
    const shown: ShownReport = { certificateUri, report, context, model, html };
    entry.current = shown;
    entry.password = password;
    this.last = shown;
    this.shown.fire(shown);
    return shown;
  }

  /** Handles one message from a report webview (also called by the test hook). */
  async handleMessage(entry: { current: ShownReport; password?: string }, raw: unknown): Promise<boolean> {
    const message = parseReportMessage(raw);
    if (!message) {
      this.log?.warn('Certificate report: ignored an unexpected message from the webview.');
      return false;
    }
    const shown = entry.current;
    if (message.type === 'copyJson') {
      await vscode.env.clipboard.writeText(JSON.stringify(shown.report, null, 2));
      vscode.window.setStatusBarMessage(vscode.l10n.t('Certificate report copied as JSON.'), 3000);
      return true;
    }
    if (!shown.model.offerSubCaScript) return false;
    const cn = shown.report.certificate ? commonNameOf(shown.report.certificate.subject) : undefined;
    const fqdn = shown.context.fqdn ?? (cn && !cn.includes('*') ? cn : undefined);
    // Lend the password that opened the file to the script command for this one run (memory only).
    const lend = entry.password !== undefined && this.passwords !== undefined && this.passwords.sessionPassword(shown.certificateUri) === undefined;
    if (lend) this.passwords!.setSessionPassword(shown.certificateUri, entry.password);
    try {
      await vscode.commands.executeCommand('cmg.generateSubCaScript', fqdn ? { certificateUri: shown.certificateUri, fqdn } : { certificateUri: shown.certificateUri });
    } finally {
      if (lend) this.passwords!.setSessionPassword(shown.certificateUri, undefined);
    }
    return true;
  }

  /** For tests: delivers a message as if the last shown report's webview had sent it. */
  async simulateMessage(raw: unknown): Promise<boolean> {
    const last = this.last;
    if (!last) return false;
    const entry = this.panels.get(last.certificateUri.toString()) ?? { current: last };
    return this.handleMessage(entry, raw);
  }

  dispose(): void {
    for (const e of this.panels.values()) e.panel.dispose();
    this.panels.clear();
    this.shown.dispose();
  }
}
