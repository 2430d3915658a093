/**
 * The wizard's HTML: a strict Content Security Policy, a fresh nonce per render, resources only
 * through `asWebviewUri` URIs (passed in), and no data interpolated into the page: the initial
 * state arrives by message after the webview's `ready`. Pure (no `vscode` import) for tests.
 */
import { randomBytes } from 'node:crypto';

export interface HtmlParts {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview/wizard.js and wizard.css. */
  scriptUri: string;
  styleUri: string;
  /** UI language (`vscode.env.language`), e.g. `nl`. */
  language: string;
  /** Page title (already localized). */
  title: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ATTR_ESCAPES[c] ?? c);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function buildHtml(parts: HtmlParts): string {
  const nonce = parts.nonce ?? makeNonce();
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(parts.language) ? parts.language : 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(parts.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(parts.styleUri)}">
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
<main id="app" data-testid="wizard" aria-busy="true"></main>
<script type="module" nonce="${nonce}" src="${escapeHtml(parts.scriptUri)}"></script>
</body>
</html>`;
}
