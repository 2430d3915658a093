/**
 * "Generate sub-CA thumbprint script" in a real VS Code (code-server): the command runs on the
 * example's `granitefalls` gateway node taken from the Gateways tree (PFX password `contoso`,
 * answered through the feature's test hook), and opens an untitled VBScript / PowerShell editor
 * named UpdateSubCAThumbprints.vbs / .ps1 holding the gateway's service FQDN and the thumbprint
 * of the example's issuing CA (computed here independently, from the .cer file, with node:crypto).
 * Also: the Explorer form (certificate Uri + typed FQDN), the certificate report's link form, and
 * a chain without sub-CA refused without opening an editor.
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as vscode from 'vscode';
import type { CmgExtensionApi } from '../../src/extension';
import type { GatewayChoice, SubCaTestApi, SubCaUi } from '../../src/subca/command';
import type { TreeNode } from '../../src/tree/nodes';

const EXTENSION_ID = 'cmg-tools.cmg-tools';
const EXAMPLE_PASSWORD = 'contoso';

async function setup(): Promise<{ ext: CmgExtensionApi; hook: SubCaTestApi }> {
  const extension = vscode.extensions.getExtension<CmgExtensionApi>(EXTENSION_ID);
  assert.ok(extension, 'extension not loaded');
  const ext = await extension.activate();
  await ext.whenIdle();
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for('cmg-tools.subca.test')] as SubCaTestApi | undefined;
  assert.ok(hook, 'the sub-CA feature did not expose its test hook (is registerSubCaCommands called in activate?)');
  return { ext, hook };
}

function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

async function granitefallsNode(ext: CmgExtensionApi): Promise<TreeNode> {
  const uri = workspaceUri('contoso.cmg.json');
  const roots = (await ext.trees.gateways.getChildren()) ?? [];
  const fileNode = roots.find((n) => n.kind === 'file' && n.fileUri.toString() === uri.toString());
  const nodes = fileNode ? ((await ext.trees.gateways.getChildren(fileNode)) ?? []) : roots;
  const node = nodes.find((n) => n.kind === 'gateway' && n.gatewayName === 'granitefalls');
  assert.ok(node, 'granitefalls gateway node not found in the Gateways tree');
  return node;
}

/** The example issuing CA's SHA-1 thumbprint, computed independently of the extension. */
async function issuingThumbprint(): Promise<string> {
  const der = await vscode.workspace.fs.readFile(workspaceUri('certs', 'contoso-issuing.cer'));
  return new X509Certificate(Buffer.from(der)).fingerprint.replaceAll(':', '').toUpperCase();
}

/** Scripted answers; records the questions. Every unexpected question fails the test. */
function scripted(answers: { language?: 'vbscript' | 'powershell'; fqdn?: string; password?: string; gateway?: string }) {
  const asked: string[] = [];
  const ui: Partial<SubCaUi> = {
    async pickStart(gateways: readonly GatewayChoice[]) {
      asked.push(`start:${gateways.map((g) => g.name).join(',')}`);
      const gateway = gateways.find((g) => g.name === answers.gateway);
      return gateway ? { kind: 'gateway', gateway } : undefined;
    },
    async pickCertificateFile() {
      asked.push('file');
      return undefined;
    },
    async askFqdn(label, suggestion) {
      asked.push(`fqdn:${label}:${suggestion ?? ''}`);
      return answers.fqdn;
    },
    async pickScriptLanguage() {
      asked.push('language');
      return answers.language;
    },
    async withPassword(_uri, label, attempt) {
      asked.push(`password:${label}`);
      const wrong = await attempt('not-the-password');
      assert.equal(wrong.passwordRejected, true, 'a wrong password must be rejected');
      const right = await attempt(answers.password);
      assert.equal(right.passwordRejected, false);
      return { status: 'opened', result: right.result };
    },
  };
  return { ui, asked };
}

async function closeUntitled(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled')) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('sub-CA thumbprint script command', function () {
  this.timeout(60_000);
  let restore: (() => void) | undefined;
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await closeUntitled();
  });

  it('from the granitefalls gateway node: opens UpdateSubCAThumbprints.vbs (VBScript) with the FQDN and the issuing CA thumbprint', async () => {
    const { ext, hook } = await setup();
    const node = await granitefallsNode(ext);
    const { ui, asked } = scripted({ language: 'vbscript', password: EXAMPLE_PASSWORD });
    restore = hook.setUi(ui);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('cmg.generateSubCaScript', node);
    assert.ok(doc, 'no document returned');
    assert.deepEqual(asked, ['password:certs/granitefalls.pfx', 'language']);
    assert.equal(doc.uri.scheme, 'untitled');
    assert.ok(doc.uri.path.endsWith('/UpdateSubCAThumbprints.vbs'), doc.uri.toString());
    assert.ok(['vb', 'vbscript'].includes(doc.languageId), doc.languageId);
    assert.equal(doc.eol, vscode.EndOfLine.CRLF, 'a Windows script is saved with CRLF line endings');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    const text = doc.getText();
    const tp = await issuingThumbprint();
    assert.ok(text.includes('serviceCName = "granitefalls.contoso.com"'), 'service FQDN not embedded');
    assert.ok(text.includes(`subCAThumbprints = "${tp}"`), `issuing CA thumbprint ${tp} not embedded`);
    assert.ok(text.includes('WScript.StdOut.WriteLine "[SubCACertThumbprint] is updated successfully."'));
    // The example password is also a DNS label of the FQDN: look for it as a word of its own.
    assert.ok(!new RegExp(`(?<![\\w.])${EXAMPLE_PASSWORD}(?![\\w.])`).test(text), 'the password leaked into the script');
    assert.equal(hook.lastScript()?.script.text.replace(/\r\n/g, '\n'), text.replace(/\r\n/g, '\n'));
  });

  it('from the Explorer (certificate Uri): asks the FQDN, suggests the certificate name, opens PowerShell', async () => {
    const { hook } = await setup();
    const { ui, asked } = scripted({ language: 'powershell', fqdn: 'granitefalls.contoso.com', password: EXAMPLE_PASSWORD });
    restore = hook.setUi(ui);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('cmg.generateSubCaScript', workspaceUri('certs', 'granitefalls.pfx'));
    assert.ok(doc);
    assert.deepEqual(asked, ['password:certs/granitefalls.pfx', 'fqdn:certs/granitefalls.pfx:granitefalls.contoso.com', 'language']);
    assert.equal(doc.languageId, 'powershell');
    assert.ok(doc.uri.path.endsWith('/UpdateSubCAThumbprints.ps1'), doc.uri.toString());
    const text = doc.getText();
    assert.ok(text.includes("$serviceCName = 'granitefalls.contoso.com'"));
    assert.ok(text.includes(`    '${await issuingThumbprint()}'  # CN=Contoso Issuing CA 01, O=Contoso`));
    assert.ok(text.includes('[CmdletBinding(SupportsShouldProcess = $true)]'));
  });

  it("from the certificate report's link ({ certificateUri, fqdn }): no FQDN question", async () => {
    const { hook } = await setup();
    const { ui, asked } = scripted({ language: 'vbscript', password: EXAMPLE_PASSWORD });
    restore = hook.setUi(ui);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('cmg.generateSubCaScript', {
      certificateUri: workspaceUri('certs', 'granitefalls.pfx'),
      fqdn: 'granitefalls.contoso.com',
    });
    assert.ok(doc);
    assert.deepEqual(asked, ['password:certs/granitefalls.pfx', 'language']);
  });

  it('from the palette (no argument): offers the workspace gateways; choosing granitefalls uses its FQDN and certificate', async () => {
    const { hook } = await setup();
    const { ui, asked } = scripted({ language: 'vbscript', password: EXAMPLE_PASSWORD, gateway: 'granitefalls' });
    restore = hook.setUi(ui);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('cmg.generateSubCaScript');
    assert.ok(doc);
    assert.deepEqual(asked, ['start:granitefalls,contosolegacy', 'password:certs/granitefalls.pfx', 'language']);
    assert.ok(doc.getText().includes(`subCAThumbprints = "${await issuingThumbprint()}"`));
  });

  it('a certificate without sub-CA (the root) is refused: no question about the language, no editor', async () => {
    const { hook } = await setup();
    const { ui, asked } = scripted({ language: 'vbscript', fqdn: 'granitefalls.contoso.com' });
    restore = hook.setUi(ui);
    const before = hook.lastScript();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('cmg.generateSubCaScript', workspaceUri('certs', 'contoso-root.cer'));
    assert.equal(doc, undefined);
    assert.ok(!asked.includes('language'), asked.join(' | '));
    assert.equal(hook.lastScript(), before);
  });
});
