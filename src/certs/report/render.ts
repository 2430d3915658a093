/**
 * HTML of the certificate report webview, from the view model. Pure (no `vscode` import).
 * Strict CSP: `default-src 'none'`, the stylesheet from the webview's resource origin, one
 * script by nonce, no inline style attributes. Every text goes through `escapeHtml`.
 * Icons are codicons (CC BY 4.0, © Microsoft) as inline SVG, coloured by theme variables.
 */
import { t } from '../../core/l10n';
import type { ChainNode, FindingView, ReportModel, Verdict } from './model';

export interface RenderOptions {
  readonly cspSource: string;
  readonly nonce: string;
  readonly styleUri: string;
  readonly scriptUri: string;
  /** `<html lang>` */
  readonly language?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const ICONS = {
  error:
    'M8 1C4.14 1 1 4.14 1 8C1 11.86 4.14 15 8 15C11.86 15 15 11.86 15 8C15 4.14 11.86 1 8 1ZM8 14C4.691 14 2 11.309 2 8C2 4.691 4.691 2 8 2C11.309 2 14 4.691 14 8C14 11.309 11.309 14 8 14ZM10.854 5.854L8.708 8L10.854 10.146C11.049 10.341 11.049 10.658 10.854 10.853C10.756 10.951 10.628 10.999 10.5 10.999C10.372 10.999 10.244 10.95 10.146 10.853L8 8.707L5.854 10.853C5.756 10.951 5.628 10.999 5.5 10.999C5.372 10.999 5.244 10.95 5.146 10.853C4.951 10.658 4.951 10.341 5.146 10.146L7.292 8L5.146 5.854C4.951 5.659 4.951 5.342 5.146 5.147C5.341 4.952 5.658 4.952 5.853 5.147L7.999 7.293L10.145 5.147C10.34 4.952 10.657 4.952 10.852 5.147C11.047 5.342 11.047 5.659 10.852 5.854H10.854Z',
  warning:
    'M14.831 11.965L9.206 1.714C8.965 1.274 8.503 1 8 1C7.497 1 7.035 1.274 6.794 1.714L1.169 11.965C1.059 12.167 1 12.395 1 12.625C1 13.383 1.617 14 2.375 14H13.625C14.383 14 15 13.383 15 12.625C15 12.395 14.941 12.167 14.831 11.965ZM13.625 13H2.375C2.168 13 2 12.832 2 12.625C2 12.561 2.016 12.5 2.046 12.445L7.671 2.195C7.736 2.075 7.863 2 8 2C8.137 2 8.264 2.075 8.329 2.195L13.954 12.445C13.984 12.501 14 12.561 14 12.625C14 12.832 13.832 13 13.625 13ZM8.75 11.25C8.75 11.664 8.414 12 8 12C7.586 12 7.25 11.664 7.25 11.25C7.25 10.836 7.586 10.5 8 10.5C8.414 10.5 8.75 10.836 8.75 11.25ZM7.5 9V5.5C7.5 5.224 7.724 5 8 5C8.276 5 8.5 5.224 8.5 5.5V9C8.5 9.276 8.276 9.5 8 9.5C7.724 9.5 7.5 9.276 7.5 9Z',
  info: 'M8.49902 7.49998C8.49902 7.22384 8.27517 6.99998 7.99902 6.99998C7.72288 6.99998 7.49902 7.22384 7.49902 7.49998V10.5C7.49902 10.7761 7.72288 11 7.99902 11C8.27517 11 8.49902 10.7761 8.49902 10.5V7.49998ZM8.74807 5.50001C8.74807 5.91369 8.41271 6.24905 7.99903 6.24905C7.58535 6.24905 7.25 5.91369 7.25 5.50001C7.25 5.08633 7.58535 4.75098 7.99903 4.75098C8.41271 4.75098 8.74807 5.08633 8.74807 5.50001ZM8 1C4.13401 1 1 4.13401 1 8C1 11.866 4.13401 15 8 15C11.866 15 15 11.866 15 8C15 4.13401 11.866 1 8 1ZM2 8C2 4.68629 4.68629 2 8 2C11.3137 2 14 4.68629 14 8C14 11.3137 11.3137 14 8 14C4.68629 14 2 11.3137 2 8Z',
  pass: 'M8 1C4.14 1 1 4.14 1 8C1 11.86 4.14 15 8 15C11.86 15 15 11.86 15 8C15 4.14 11.86 1 8 1ZM11.354 6.354L7.354 10.354C7.256 10.452 7.128 10.5 7 10.5C6.872 10.5 6.744 10.451 6.646 10.354L4.646 8.354C4.451 8.159 4.451 7.842 4.646 7.647C4.841 7.452 5.158 7.452 5.353 7.647L6.999 9.293L10.645 5.647C10.84 5.452 11.157 5.452 11.352 5.647C11.547 5.842 11.547 6.159 11.352 6.354H11.354Z',
  copy: 'M3 5V12.73C2.4 12.38 2 11.74 2 11V5C2 2.79 3.79 1 6 1H9C9.74 1 10.38 1.4 10.73 2H6C4.35 2 3 3.35 3 5ZM11 15H6C4.897 15 4 14.103 4 13V5C4 3.897 4.897 3 6 3H11C12.103 3 13 3.897 13 5V13C13 14.103 12.103 15 11 15ZM12 5C12 4.448 11.552 4 11 4H6C5.448 4 5 4.448 5 5V13C5 13.552 5.448 14 6 14H11C11.552 14 12 13.552 12 13V5Z',
  script:
    'M13.56 4.35L10.65 1.44C10.368 1.16 9.987 1.002 9.59 1H6C5.47 1.002 4.962 1.213 4.588 1.588C4.213 1.962 4.002 2.47 4 3V8.83C4.281 8.903 4.537 9.052 4.74 9.26C4.847 9.36 4.935 9.479 5 9.61V3C5 2.735 5.105 2.48 5.293 2.293C5.48 2.105 5.735 2 6 2H9V4.5C9 4.898 9.158 5.279 9.439 5.561C9.721 5.842 10.102 6 10.5 6H13V13C13 13.265 12.895 13.52 12.707 13.707C12.52 13.895 12.265 14 12 14H10.48L9.47 15H12C12.53 14.998 13.038 14.787 13.412 14.412C13.787 14.038 13.998 13.53 14 13V5.41C13.998 5.013 13.84 4.632 13.56 4.35ZM10.5 5C10.367 5 10.24 4.947 10.146 4.854C10.053 4.76 10 4.633 10 4.5V2.21L12.79 5H10.5ZM3.478 14.978C3.345 14.978 3.219 14.925 3.125 14.831L1.146 12.854C1.052 12.76 0.999 12.633 0.999 12.5C0.999 12.367 1.052 12.24 1.146 12.146L3.146 10.146C3.24 10.052 3.367 9.999 3.5 9.999C3.633 9.999 3.76 10.052 3.854 10.146C3.948 10.24 4.001 10.367 4.001 10.5C4.001 10.633 3.948 10.76 3.854 10.854L2.207 12.5L3.832 14.124C3.902 14.194 3.95 14.283 3.969 14.38C3.989 14.477 3.979 14.578 3.941 14.67C3.903 14.761 3.839 14.839 3.756 14.894C3.674 14.949 3.577 14.978 3.478 14.978ZM7.522 14.978C7.423 14.978 7.326 14.949 7.244 14.894C7.161 14.839 7.097 14.761 7.059 14.67C7.021 14.578 7.011 14.477 7.031 14.38C7.05 14.283 7.098 14.194 7.168 14.124L8.793 12.5L7.146 10.854C7.052 10.76 6.999 10.633 6.999 10.5C6.999 10.367 7.052 10.24 7.146 10.146C7.24 10.052 7.367 9.999 7.5 9.999C7.633 9.999 7.76 10.052 7.854 10.146L9.854 12.146C9.9 12.192 9.937 12.248 9.963 12.308C9.988 12.369 10.001 12.434 10.001 12.5C10.001 12.566 9.988 12.631 9.963 12.692C9.937 12.752 9.9 12.808 9.854 12.854L7.875 14.831C7.781 14.925 7.654 14.978 7.522 14.978Z',
} as const;
type IconName = keyof typeof ICONS;

function icon(name: IconName, cls: string, size = 16): string {
  return `<svg class="icon ${cls}" width="${size}" height="${size}" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path fill="currentColor" d="${ICONS[name]}"/></svg>`;
}

function verdictIcon(v: Verdict): string {
  if (v === 'works') return icon('pass', 'verdict-icon ok', 32);
  if (v === 'works-with-warnings') return icon('warning', 'verdict-icon warning', 32);
  return icon('error', 'verdict-icon error', 32);
}

function renderChain(nodes: readonly ChainNode[]): string {
  // Root at the top, each issued certificate one level deeper (Windows' "Certification path").
  let html = '';
  let depth = 0;
  for (const n of nodes) {
    const cls = n.role === 'missing' ? 'chain-node missing' : n.role === 'leaf' ? 'chain-node leaf' : 'chain-node';
    const thumb = n.thumbprint ? `<span class="thumb" title="${escapeHtml(t('Thumbprint (SHA-1)'))}">${escapeHtml(n.thumbprint)}</span>` : '';
    const subject = n.subject && n.subject !== n.commonName ? `<span class="dn">${escapeHtml(n.subject.replace(/\n/g, ', '))}</span>` : '';
    const marker = n.role === 'missing' ? icon('warning', 'warning', 14) : depth === 0 ? '' : '<span class="elbow" aria-hidden="true"></span>';
    html += `<li class="${cls}" data-depth="${depth}" role="treeitem" aria-level="${depth + 1}" aria-expanded="true"><div class="chain-row">${marker}<span class="cn">${escapeHtml(n.commonName)}</span><span class="badge role-${n.role}">${escapeHtml(n.roleLabel)}</span></div>${subject}${thumb}`;
    html += '<ul role="group">';
    depth++;
  }
  html += '</ul></li>'.repeat(depth);
  return `<ul class="chain" role="tree" aria-label="${escapeHtml(t('Certification path'))}">${html}</ul>`;
}

function renderFinding(f: FindingView): string {
  const sevIcon = icon(f.severity, f.severity);
  const heading = f.title ? `<strong class="finding-title">${escapeHtml(f.title)}</strong>` : '';
  const details = f.why || f.action
    ? `<div class="finding-body">${f.why ? `<p><span class="label">${escapeHtml(t('Why it matters'))}</span> ${escapeHtml(f.why)}</p>` : ''}${
        f.action ? `<p><span class="label">${escapeHtml(t('What to do'))}</span> ${escapeHtml(f.action)}</p>` : ''
      }</div>`
    : '';
  return `<li class="finding sev-${f.severity}" data-rule="${escapeHtml(f.rule)}"><div class="finding-head">${sevIcon}<span class="visually-hidden">${escapeHtml(f.severityLabel)}</span>${heading}<code class="rule">${escapeHtml(f.rule)}</code></div><p class="message">${escapeHtml(f.message)}</p>${details}</li>`;
}

export function renderReportHtml(model: ReportModel, opts: RenderOptions): string {
  const csp = [`default-src 'none'`, `style-src ${opts.cspSource}`, `script-src 'nonce-${opts.nonce}'`, `img-src ${opts.cspSource} data:`, `font-src ${opts.cspSource}`].join('; ');
  const verdictClass = model.verdict === 'works' ? 'ok' : model.verdict === 'works-with-warnings' ? 'warning' : 'error';
  const fields = model.certificate
    .map(
      (f) =>
        `<dt>${escapeHtml(f.label)}</dt><dd class="${[f.mono ? 'mono' : '', f.tone ? `tone-${f.tone}` : ''].join(' ').trim()}">${escapeHtml(f.value)
          .split('\n')
          .join('<br>')}</dd>`,
    )
    .join('');
  const buttons = [
    model.offerSubCaScript
      ? `<button type="button" class="button primary" data-action="generateSubCaScript" data-testid="generate-subca">${icon('script', '')}<span>${escapeHtml(t('Generate sub-CA thumbprint script'))}</span></button>`
      : '',
    `<button type="button" class="button secondary" data-action="copyJson" data-testid="copy-json">${icon('copy', '')}<span>${escapeHtml(t('Copy JSON'))}</span></button>`,
  ].join('');
  const subCa = model.subCaThumbprints.length
    ? `<p class="subca">${escapeHtml(t('Sub-CA thumbprints, issuing CA first:'))} ${model.subCaThumbprints.map((x) => `<code>${escapeHtml(x)}</code>`).join(' ')}</p>`
    : '';
  const findings = model.findings.length
    ? `<ul class="findings">${model.findings.map(renderFinding).join('')}</ul>`
    : `<p class="empty">${icon('pass', 'ok')} ${escapeHtml(t('Every check passed.'))}</p>`;

  return `<!DOCTYPE html>
<html lang="${escapeHtml(opts.language ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
<title>${escapeHtml(t('Certificate report: {0}', model.fileLabel))}</title>
</head>
<body>
<main class="report" data-verdict="${model.verdict}" data-testid="cert-report">
<header class="verdict verdict-${verdictClass}" data-testid="verdict">
${verdictIcon(model.verdict)}
<div class="verdict-text">
<h1>${escapeHtml(model.heading)}</h1>
<p class="file"><span class="mono">${escapeHtml(model.fileLabel)}</span> · ${escapeHtml(model.summary)}</p>
${model.contextLine ? `<p class="context">${escapeHtml(model.contextLine)}</p>` : ''}
</div>
<div class="actions">${buttons}</div>
</header>
${model.certificate.length ? `<section aria-labelledby="h-cert"><h2 id="h-cert">${escapeHtml(t('Certificate'))}</h2><dl class="fields">${fields}</dl></section>` : ''}
${model.chain.length ? `<section aria-labelledby="h-chain"><h2 id="h-chain">${escapeHtml(t('Certification path'))}</h2>${renderChain(model.chain)}${subCa}</section>` : ''}
<section aria-labelledby="h-findings"><h2 id="h-findings">${escapeHtml(t('Checks'))} <span class="counts">${icon('error', 'error', 14)} ${model.counts.error} ${icon('warning', 'warning', 14)} ${model.counts.warning} ${icon('info', 'info', 14)} ${model.counts.info}</span></h2>${findings}</section>
</main>
<script nonce="${opts.nonce}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>`;
}
