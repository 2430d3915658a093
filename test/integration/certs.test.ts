/**
 * Certificates in a real VS Code (code-server): the Explorer command on the example PFX produces
 * the report; passwords are asked, asked again when wrong, and stored only with consent; the
 * report's webview messages are validated; the example configuration's certificate reference
 * gets diagnostics, with the "Enter password…" code action when no password is remembered.
 * Prompts are answered through the feature's test hook (never a real input box).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseJsonc } from 'jsonc-parser';
import type { CertsTestApi } from '../../src/certs/commands';
import type { ShownReport } from '../../src/certs/reportPanel';
import type { PasswordPromptOptions, PasswordPrompts } from '../../src/secrets/passwords';

const EXTENSION_ID = 'cmg-tools.cmg-tools';
const EXAMPLE_PASSWORD = 'contoso';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'certs');

interface ExtensionApi {
  whenIdle(): Promise<void>;
}

async function activate(): Promise<{ api: CertsTestApi; ext: ExtensionApi }> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  const exports = await ext.activate();
  const api = (globalThis as Record<symbol, unknown>)[Symbol.for('cmg-tools.certs.test')] as CertsTestApi | undefined;
  assert.ok(api, 'the certificate feature did not expose its test hook (is registerCertificateCommands called in activate?)');
  return { api, ext: exports };
}

function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Scripted prompts: answers in order; records what was asked (never the answers). */
function scripted(passwords: (string | undefined)[], remember: boolean[]): PasswordPrompts & { asked: PasswordPromptOptions[]; rememberAsked: string[] } {
  const asked: PasswordPromptOptions[] = [];
  const rememberAsked: string[] = [];
  return {
    asked,
    rememberAsked,
    async askPassword(options) {
      asked.push(options);
      assert.ok(passwords.length > 0, `unexpected password prompt (${options.reason}) for ${options.fileLabel}`);
      return passwords.shift();
    },
    async askRemember(label) {
      rememberAsked.push(label);
      assert.ok(remember.length > 0, `unexpected "remember?" question for ${label}`);
      return remember.shift() as boolean;
    },
  };
}

describe('certificates: validate command, report, passwords', function () {
  let api: CertsTestApi;
  const restore: (() => void)[] = [];
  const pfx = () => workspaceUri('certs', 'granitefalls.pfx');

  before(async () => {
    ({ api } = await activate());
  });

  afterEach(async () => {
    while (restore.length) restore.pop()!();
    await vscode.commands.executeCommand('cmg.forgetCertificatePasswords');
  });

  it('Explorer on certs/granitefalls.pfx: asks the password, shows the report, stores nothing without consent', async () => {
    const prompts = scripted([EXAMPLE_PASSWORD], [false]);
    restore.push(api.passwords.setPrompts(prompts));
    restore.push(api.setUi({ askFqdn: async () => ({ cancelled: false, fqdn: 'granitefalls.contoso.com' }), pickGateway: async (uses) => uses[0] }));

    const shown = (await vscode.commands.executeCommand('cmg.validateServerCertificate', pfx())) as ShownReport | undefined;
    assert.ok(shown, 'no report was shown');
    assert.equal(api.lastReport(), shown);
    assert.deepEqual(
      prompts.asked.map((a) => a.reason),
      ['required'],
    );
    assert.match(prompts.asked[0].fileLabel, /granitefalls\.pfx$/);
    assert.equal(prompts.rememberAsked.length, 1, 'the "remember?" question was not asked after a successful open');
    assert.equal(await api.passwords.has(pfx()), false, 'a password was stored without consent');

    const { model, html, report } = shown;
    assert.ok(report.certificate, 'the certificate was not read');
    assert.ok(!report.findings.some((f) => f.rule === 'CERT-PASSWORD'));
    const cn = model.certificate.find((f) => f.label === 'Common name (CN)');
    assert.equal(cn?.value.toLowerCase(), 'granitefalls.contoso.com');
    assert.ok(model.certificate.some((f) => f.label === 'Deployment name' && /^granitefalls\./i.test(f.value)));
    assert.ok(model.certificate.some((f) => f.label === 'Valid' && /expires in \d+ days/.test(f.value)));
    // Chain as a tree: the top is the trust anchor (the gateway's trusted list holds the root and
    // the issuing CA, so the path may end at either), the PFX's own certificate last.
    const names = model.chain.map((c) => c.commonName);
    assert.equal(names[names.length - 1], 'granitefalls.contoso.com');
    assert.ok(names.includes('Contoso Issuing CA 01'), names.join(' > '));
    assert.ok(['Contoso Root CA', 'Contoso Issuing CA 01'].includes(names[0]), names.join(' > '));
    assert.equal(shown.context.gatewayName, 'granitefalls', 'the Explorer command did not use the referencing gateway');
    assert.ok(model.findings.some((f) => f.rule === 'CHAIN-SUBCA'), 'the issuing CA was not reported as a sub-CA');
    assert.equal(model.offerSubCaScript, true);
    assert.match(html, /data-testid="cert-report"/);
    assert.match(html, /data-action="generateSubCaScript"/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('a wrong password asks again (and stores nothing); the report never holds the password', async () => {
    const unusual = 'pässwörd€';
    const file = vscode.Uri.file(path.join(FIXTURES, 'server-nonascii.pfx'));
    const prompts = scripted(['not-the-password', unusual], [false]);
    restore.push(api.passwords.setPrompts(prompts));
    restore.push(api.setUi({ askFqdn: async () => ({ cancelled: false }) }));
    const shown = (await vscode.commands.executeCommand('cmg.validateServerCertificate', file)) as ShownReport | undefined;
    assert.ok(shown);
    assert.deepEqual(
      prompts.asked.map((a) => a.reason),
      ['required', 'wrong'],
    );
    assert.equal(prompts.rememberAsked.length, 1);
    assert.equal(await api.passwords.has(file), false);
    assert.ok(shown.report.certificate, 'the non-ASCII password did not open the PFX');
    assert.ok(!shown.html.includes(unusual) && !JSON.stringify(shown.report).includes(unusual) && !JSON.stringify(shown.model).includes(unusual));
  });

  it('cancelling the password prompt shows no report and stores nothing', async () => {
    const previous = api.lastReport();
    const prompts = scripted([undefined], []);
    restore.push(api.passwords.setPrompts(prompts));
    restore.push(api.setUi({ askFqdn: async () => ({ cancelled: false }), pickGateway: async (uses) => uses[0] }));
    const shown = await vscode.commands.executeCommand('cmg.validateServerCertificate', pfx());
    assert.equal(shown, undefined);
    assert.equal(api.lastReport(), previous);
    assert.equal(await api.passwords.has(pfx()), false);
  });

  it('with consent the password is remembered and used next time; a stale one is forgotten and asked again', async () => {
    const first = scripted([EXAMPLE_PASSWORD], [true]);
    restore.push(api.passwords.setPrompts(first));
    restore.push(api.setUi({ askFqdn: async () => ({ cancelled: false }), pickGateway: async (uses) => uses[0] }));
    assert.ok(await vscode.commands.executeCommand('cmg.validateServerCertificate', pfx()));
    assert.equal(await api.passwords.has(pfx()), true);

    const second = scripted([], []);
    restore.push(api.passwords.setPrompts(second));
    assert.ok(await vscode.commands.executeCommand('cmg.validateServerCertificate', pfx()));
    assert.equal(second.asked.length, 0, 'asked for a remembered password');

    // A stale remembered password (the PKI team re-exported the PFX with a new one).
    const stale = scripted([], [true]);
    restore.push(api.passwords.setPrompts(stale));
    await api.passwords.offerToRemember(pfx(), 'stale-password', 'granitefalls.pfx');
    const third = scripted([EXAMPLE_PASSWORD], [false]);
    restore.push(api.passwords.setPrompts(third));
    assert.ok(await vscode.commands.executeCommand('cmg.validateServerCertificate', pfx()));
    assert.deepEqual(
      third.asked.map((a) => a.reason),
      ['changed'],
    );
    assert.equal(await api.passwords.has(pfx()), false, 'the stale password was kept or the new one stored without consent');
  });

  it('"Forget stored certificate passwords" removes every remembered password', async () => {
    restore.push(api.passwords.setPrompts(scripted([], [true, true])));
    const other = vscode.Uri.file(path.join(FIXTURES, 'server-aes.pfx'));
    await api.passwords.offerToRemember(pfx(), EXAMPLE_PASSWORD, 'granitefalls.pfx');
    await api.passwords.offerToRemember(other, 'Fixture-Pass-1', 'server-aes.pfx');
    assert.equal(await api.passwords.has(pfx()), true);
    assert.equal(await api.passwords.has(other), true);
    await vscode.commands.executeCommand('cmg.forgetCertificatePasswords');
    assert.equal(await api.passwords.has(pfx()), false);
    assert.equal(await api.passwords.has(other), false);
  });

  it('a tree node (gateway) validates with that gateway\'s settings', async () => {
    const configs = await vscode.workspace.findFiles('**/*.cmg.json', '**/.cmg/**');
    assert.ok(configs.length > 0, 'the example workspace has no *.cmg.json');
    const doc = await vscode.workspace.openTextDocument(configs[0]);
    const config = parseJsonc(doc.getText()) as { gateways: { name: string; serviceFqdn: string; serverCertificate: string }[] };
    const index = config.gateways.findIndex((g) => /\.pfx$/i.test(g.serverCertificate));
    assert.ok(index >= 0, 'no gateway with a PFX server certificate in the example');
    const gateway = config.gateways[index];
    restore.push(api.passwords.setPrompts(scripted([EXAMPLE_PASSWORD], [false])));
    restore.push(api.setUi({ askFqdn: async () => assert.fail('asked for an FQDN although the gateway gives it') }));
    const ref = { kind: 'gateway', fileUri: configs[0], pointer: `/gateways/${index}`, gatewayName: gateway.name };
    const shown = (await vscode.commands.executeCommand('cmg.validateServerCertificate', ref)) as ShownReport | undefined;
    assert.ok(shown);
    assert.equal(shown.context.gatewayName, gateway.name);
    assert.equal(shown.context.fqdn, gateway.serviceFqdn);
    assert.match(shown.model.contextLine ?? '', new RegExp(gateway.name));
  });

  it('command palette: picks a certificate file, then validates it', async () => {
    let picked = 0;
    restore.push(api.passwords.setPrompts(scripted([EXAMPLE_PASSWORD], [false])));
    restore.push(
      api.setUi({
        pickCertificateFile: async () => {
          picked++;
          return pfx();
        },
      }),
    );
    const shown = (await vscode.commands.executeCommand('cmg.validateServerCertificate')) as ShownReport | undefined;
    assert.equal(picked, 1);
    assert.ok(shown);
    assert.equal(shown.certificateUri.toString(), pfx().toString());
  });

  it('a trusted root used by several gateways: asks which gateway, checks it as a trusted root', async () => {
    const root = workspaceUri('certs', 'contoso-root.cer');
    let offered: string[] = [];
    restore.push(api.passwords.setPrompts(scripted([], [])));
    restore.push(
      api.setUi({
        pickGateway: async (uses) => {
          offered = uses.map((u) => u.gateway.name);
          return uses[uses.length - 1];
        },
        askFqdn: async () => assert.fail('a trusted root needs no service FQDN'),
      }),
    );
    const shown = (await vscode.commands.executeCommand('cmg.validateTrustedCertificate', root)) as ShownReport | undefined;
    assert.ok(shown);
    assert.ok(offered.length >= 2, `expected a choice of gateways, got ${offered.join(', ')}`);
    assert.equal(shown.context.role, 'trusted');
    assert.equal(shown.context.gatewayName, offered[offered.length - 1]);
    assert.equal(shown.model.heading, 'Can be used as a trusted root or intermediate');
  });

  it('a missing file gives a message naming it, not a report or an exception', async () => {
    restore.push(api.setUi({ askFqdn: async () => ({ cancelled: false }) }));
    const shown = await vscode.commands.executeCommand('cmg.validateServerCertificate', workspaceUri('certs', 'does-not-exist.pfx'));
    assert.equal(shown, undefined);
  });

  it('accepts only the two known messages from the report webview; Copy JSON copies the report', async () => {
    restore.push(api.passwords.setPrompts(scripted([EXAMPLE_PASSWORD], [false])));
    restore.push(api.setUi({ askFqdn: async () => ({ cancelled: false }), pickGateway: async (uses) => uses[0] }));
    const shown = (await vscode.commands.executeCommand('cmg.validateServerCertificate', pfx())) as ShownReport;
    assert.ok(shown);
    for (const bad of [{ type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'copyJson', extra: 1 }, 'copyJson', null]) {
      assert.equal(await api.simulateMessage(bad), false, JSON.stringify(bad));
    }
    await vscode.env.clipboard.writeText('');
    assert.equal(await api.simulateMessage({ type: 'copyJson' }), true);
    // The browser's clipboard settles asynchronously: read until the report arrives (or 5 s).
    let text = '';
    for (let i = 0; i < 50 && !text; i++) {
      text = await vscode.env.clipboard.readText();
      if (!text) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(text, 'the clipboard stayed empty after Copy JSON');
    const copied = JSON.parse(text) as { file: string; certificate: { thumbprint: string }; findings: unknown[] };
    assert.equal(copied.certificate.thumbprint, shown.report.certificate?.thumbprint);
    assert.ok(!(await vscode.env.clipboard.readText()).includes(`"${EXAMPLE_PASSWORD}"`));
  });
});

describe('certificates: diagnostics on certificate references', function () {
  let api: CertsTestApi;
  let ext: ExtensionApi;
  const restore: (() => void)[] = [];

  before(async () => {
    ({ api, ext } = await activate());
  });
  afterEach(async () => {
    while (restore.length) restore.pop()!();
    await vscode.commands.executeCommand('cmg.forgetCertificatePasswords');
  });

  async function exampleConfig(): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; pointer: string; certificate: vscode.Uri }> {
    const configs = await vscode.workspace.findFiles('**/*.cmg.json', '**/.cmg/**');
    for (const uri of configs) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const config = parseJsonc(doc.getText()) as { gateways: { serverCertificate: string }[] };
      const i = config.gateways.findIndex((g) => /granitefalls\.pfx$/i.test(g.serverCertificate));
      if (i >= 0) return { uri, doc, pointer: `/gateways/${i}/serverCertificate`, certificate: vscode.Uri.joinPath(uri, '..', config.gateways[i].serverCertificate) };
    }
    assert.fail('no example *.cmg.json refers to certs/granitefalls.pfx');
  }

  it('without a remembered password: the reference says a password is needed, and the code action asks for it', async () => {
    const { uri, doc, pointer, certificate } = await exampleConfig();
    const initial = await api.diagnosticsFor(uri);
    const needs = initial.find((f) => f.rule === 'CERT-PASSWORD' && f.path === pointer);
    assert.ok(needs, `no CERT-PASSWORD finding on ${pointer}: ${JSON.stringify(initial.map((f) => [f.rule, f.path]))}`);

    await ext.whenIdle();
    const diag = vscode.languages
      .getDiagnostics(uri)
      .find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'CERT-PASSWORD' && /granitefalls\.pfx/.test(doc.lineAt(d.range.start.line).text));
    assert.ok(diag, `no CERT-PASSWORD diagnostic on the granitefalls.pfx reference: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.code, d.range.start.line]))}`);

    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range)) as vscode.CodeAction[];
    const enter = actions.find((a) => a.command?.command === 'cmg.enterCertificatePassword');
    assert.ok(enter, `no "Enter password" code action: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(enter.title, /granitefalls\.pfx/);

    restore.push(api.passwords.setPrompts(scripted([EXAMPLE_PASSWORD], [false])));
    assert.equal(await vscode.commands.executeCommand(enter.command!.command, ...(enter.command!.arguments ?? [])), true);
    assert.equal(await api.passwords.has(certificate), false, 'stored without consent');
    const after = await api.diagnosticsFor(uri);
    assert.ok(!after.some((f) => f.rule === 'CERT-PASSWORD' && f.path === pointer), 'still asks for a password after it was entered');
    assert.ok(after.some((f) => f.path?.startsWith(pointer.replace(/\/serverCertificate$/, ''))), 'no certificate finding on the gateway after opening the PFX');
  });

  it('with a remembered password the checks run with the gateway\'s settings, and results are cached', async () => {
    const { uri, certificate } = await exampleConfig();
    restore.push(api.passwords.setPrompts(scripted([], [true])));
    await api.passwords.offerToRemember(certificate, EXAMPLE_PASSWORD, 'granitefalls.pfx');
    const t0 = Date.now();
    const first = await api.diagnosticsFor(uri);
    const t1 = Date.now();
    assert.ok(!first.some((f) => f.rule === 'CERT-PASSWORD' && /granitefalls/i.test(JSON.stringify(f))));
    const second = await api.diagnosticsFor(uri);
    console.log(`      certificate diagnostics of ${path.basename(uri.fsPath)}: ${t1 - t0} ms checked, ${Date.now() - t1} ms from the cache`);
    assert.equal(second, first, 'the second run with the same text and files did not come from the cache');
  });
});
