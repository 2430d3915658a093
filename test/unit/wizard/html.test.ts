import * as assert from 'node:assert/strict';
import { buildHtml, contentSecurityPolicy, makeNonce } from '../../../src/wizard/html';

describe('wizard HTML', () => {
  const parts = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/wizard.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/wizard.css',
    language: 'nl',
    title: 'Cloudbeheergateway maken',
  };

  it('has a strict CSP: nothing by default, scripts by nonce only, no inline or eval', () => {
    const csp = contentSecurityPolicy(parts.cspSource, 'abc');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.match(csp, new RegExp(`style-src ${parts.cspSource.replace(/[.+]/g, '\\$&')}(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads the bundle with the nonce and the stylesheet from the webview URI, nothing inline', () => {
    const html = buildHtml({ ...parts, nonce: 'N0nce' });
    assert.ok(html.includes('<script type="module" nonce="N0nce" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/wizard.js"></script>'));
    assert.ok(html.includes('<link rel="stylesheet" href="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/wizard.css">'));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script only');
    assert.doesNotMatch(html, /<style|style="/, 'no inline styles');
    assert.match(html, /<html lang="nl">/);
  });

  it('escapes what it interpolates and rejects a bogus language tag', () => {
    const html = buildHtml({ ...parts, title: '</title><script>alert(1)</script>', language: 'nl"><script>' });
    assert.ok(html.includes('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(html, /<html lang="en">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9]{20,}$/);
  });
});
