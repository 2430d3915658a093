import * as assert from 'node:assert/strict';
import type { CmgConfig } from '../../../src/core/model';
import { buildPlan, sequence } from '../../../src/core/plan/plan';
import { deploymentScript, psQuote, ScriptValueError } from '../../../src/core/deploy/script';
import { config, gateway, legacy } from '../plan/fixtures';

// tree-sitter-powershell is ESM-only (top-level await): load it with a real dynamic import.
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<any>;

interface SyntaxNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  parent: SyntaxNode | null;
  namedChildren: SyntaxNode[];
  hasError: boolean;
}

let parse: (src: string) => SyntaxNode;

before(async () => {
  const Parser = (await importEsm('tree-sitter')).default;
  const grammar = (await importEsm('tree-sitter-powershell')).default;
  const parser = new Parser();
  parser.setLanguage(grammar);
  parse = (src) => parser.parse(src).rootNode as SyntaxNode;
});

function nodes(root: SyntaxNode, type: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode) => {
    if (n.type === type) out.push(n);
    for (const c of n.namedChildren) walk(c);
  };
  walk(root);
  return out;
}

function commands(root: SyntaxNode): string[] {
  return nodes(root, 'command_name').map((n) => n.text);
}

/** Every occurrence of `value` in the script lies inside a single-quoted literal or a comment. */
function onlyInVerbatimStrings(src: string, root: SyntaxNode, value: string): void {
  const safe = [...nodes(root, 'verbatim_string_characters'), ...nodes(root, 'comment')];
  const quoted = psQuote(value).slice(1, -1);
  let i = src.indexOf(quoted);
  assert.ok(i >= 0, `${value} is in the script`);
  while (i >= 0) {
    assert.ok(safe.some((n) => n.startIndex <= i && i + quoted.length <= n.endIndex), `${value} at ${i} is not inside a single-quoted literal`);
    i = src.indexOf(quoted, i + 1);
  }
  for (const n of nodes(root, 'expandable_string_literal')) assert.ok(!n.text.includes(value), `${value} is inside a double-quoted string`);
}

const opts = { configDirectory: 'C:\\CMG\\contoso', fileName: 'contoso.cmg.json', generatedAt: new Date('2026-11-23T10:00:00Z') };

function scriptFor(desired: CmgConfig, deployed?: CmgConfig) {
  const plan = buildPlan(desired, deployed);
  const src = deploymentScript(plan, desired, deployed, opts);
  const root = parse(src);
  return { plan, src, root };
}

describe('deployment script (parsed with tree-sitter-powershell)', () => {
  it('new gateway: module from the console path, site drive, New-CMCloudManagementGateway, connection point, roles', () => {
    const desired = config([gateway()]);
    const { src, root } = scriptFor(desired);
    assert.equal(root.hasError, false);
    const cmds = commands(root);
    for (const c of ['Import-Module', 'New-PSDrive', 'Push-Location', 'Read-Host', 'New-CMCloudManagementGateway', 'Add-CMCloudManagementGatewayConnectionPoint', 'Set-CMManagementPoint', 'Set-CMSoftwareUpdatePoint']) {
      assert.ok(cmds.includes(c), `${c} is called`);
    }
    assert.match(src, /\$env:SMS_ADMIN_UI_PATH '\.\.\\ConfigurationManager\.psd1'/);
    assert.match(src, /\[CmdletBinding\(SupportsShouldProcess = \$true/);
    assert.match(src, /Set-CMManagementPoint -SiteSystemServerName 'mp01\.contoso\.com' -SiteCode 'PS1' -EnableCloudGateway \$true/);
    assert.match(src, /Add-CMCloudManagementGatewayConnectionPoint -CloudManagementGatewayName 'GraniteFalls\.contoso\.com' -SiteSystemServerName 'cmcp1\.contoso\.com' -SiteCode 'PS1'/);
    for (const v of ['GraniteFalls.contoso.com', '00000000-1111-2222-3333-444444444444', 'westeurope', 'cmg-rg', 'Primary CMG', 'cmcp1.contoso.com', 'certs\\granitefalls.pfx', 'certs\\root.cer']) onlyInVerbatimStrings(src, root, v);
  });

  it('asks for the PFX password at run time and embeds no secret', () => {
    const { src, root } = scriptFor(config([gateway()]));
    const assigns = nodes(root, 'assignment_expression').filter((n) => n.text.startsWith('$certPassword'));
    assert.ok(assigns.length > 0);
    for (const a of assigns) assert.match(a.text, /^\$certPassword = Read-Host -AsSecureString -Prompt '/);
    assert.ok(!commands(root).includes('ConvertTo-SecureString'), 'no plain-text password is turned into a secure string');
    assert.ok(!/-AsPlainText/i.test(src));
    assert.match(src, /ServiceCertPassword = \$certPassword/);
  });

  it('one progress call per step, numbered in execution order', () => {
    const desired = config([gateway({ serviceFqdn: 'Basalt.contoso.com' })], { connectionPoints: [{ server: 'cmcp2.contoso.com', siteCode: 'PS1', gateway: 'GraniteFalls' }] });
    const deployed = config([gateway()]);
    const { plan, src, root } = scriptFor(desired, deployed);
    assert.equal(root.hasError, false);
    const steps = sequence(plan);
    const invoked = nodes(root, 'command')
      .filter((n) => n.text.startsWith('Invoke-CmgStep '))
      .map((n) => n.text.split(' ').slice(1, 3).join(' '));
    assert.deepEqual(
      invoked,
      steps.filter((s) => s.step.kind !== 'wait').map((s) => `${s.index} '${s.step.kind}'`),
    );
    assert.match(src, /\$Total = 5/);
    // The wait ends stage 1 (no sleep), with the time stage 2 may run.
    assert.ok(!/Start-Sleep/i.test(src));
    assert.match(src, /Write-CmgProgress 3 'wait' 'done' '[^']+' \$notBefore\r\n\s+return/);
    // Stage 2 refuses to run unless the new gateway exists, then removes the old one.
    assert.match(src, /if \(\$Stage -eq 2\) \{\r\n\s+if \(-not \(Get-CMCloudManagementGateway -Name 'Basalt\.contoso\.com'\)\)/);
    assert.ok(src.indexOf("Remove-CMCloudManagementGateway -Name 'GraniteFalls.contoso.com' -Force") > src.indexOf('if ($Stage -eq 2)'));
    assert.ok(commands(root).includes('Remove-CMCloudManagementGatewayConnectionPoint'));
  });

  it('convert: no cmdlet, the step stops with the console instructions unless -ConvertedInConsole', () => {
    const deployed = config([gateway(), legacy()]);
    const desired = config([gateway(), legacy({ deploymentMethod: 'vmss' })]);
    const { src, root } = scriptFor(desired, deployed);
    assert.equal(root.hasError, false);
    assert.match(src, /There is no documented cmdlet for Convert/);
    assert.match(src, /if \(-not \$ConvertedInConsole\) \{/);
    assert.match(src, /Write-Warning 'Convert contosocmg\.contoso\.com in the Configuration Manager console/);
    assert.match(src, /exit 3/);
    assert.ok(!commands(root).some((c) => /Convert/i.test(c) && c !== 'ConvertTo-Json'));
  });

  it('in-place update maps fields to Set-CMCloudManagementGateway parameters', () => {
    const deployed = config([gateway()]);
    const desired = config([
      gateway({ vmInstances: 4, enforceTls12: false, serverCertificate: 'certs/granitefalls-2027.pfx', trustedCertificates: ['certs/issuing.cer'], alerts: { ...gateway().alerts, dataTransfer: { ...gateway().alerts.dataTransfer, thresholdGB: 500 } }, boundaryGroups: ['Internet'] }),
    ]);
    const { src, root } = scriptFor(desired, deployed);
    assert.equal(root.hasError, false);
    for (const p of ['VMInstanceCount = 4', 'EnforceProtocol = $false', 'TrafficOutGB = 500', 'CARootCert = $caCerts', 'RemoveCertThumbprints = $removeThumbprints', 'ServiceCertPassword = $certPassword']) assert.ok(src.includes(p), p);
    assert.match(src, /ToUpperInvariant\(\)/);
    assert.match(src, /Write-Warning '\/boundaryGroups of GraniteFalls\.contoso\.com has no documented cmdlet parameter/);
    assert.ok(commands(root).includes('Set-CMCloudManagementGateway'));
  });

  it('hostile text stays a literal (quotes doubled, including typographic ones)', () => {
    const evil = "x'; Remove-Item C:\\ -Recurse; '\u2019 $(Stop-Computer)";
    const { src, root } = scriptFor(config([gateway({ description: evil })]));
    assert.equal(root.hasError, false);
    const cmds = commands(root);
    assert.ok(!cmds.includes('Remove-Item') && !cmds.includes('Stop-Computer'));
    onlyInVerbatimStrings(src, root, evil);
  });

  it('refuses values that are not what they claim to be', () => {
    assert.throws(() => scriptFor(config([gateway({ serviceFqdn: "a'b.contoso.com" })])), ScriptValueError);
    assert.throws(() => psQuote('line\nbreak'), ScriptValueError);
    assert.equal(psQuote("it's"), "'it''s'");
    assert.equal(psQuote('a\u2018b'), "'a\u2018\u2018b'");
  });
});
