import * as assert from 'node:assert/strict';
import type { ChainEntry } from '../../../src/core/certs/types';
import type { ServiceName, Thumbprint } from '../../../src/core/scripts/sanitize';
import { SCRIPT_LANGUAGES, buildSubCaScript, generateSubCaScript } from '../../../src/core/scripts/subca';
import { SCRIPT_TEXT } from '../../../src/core/scripts/subcaText';
import { HOSTILE_FQDNS, HOSTILE_THUMBPRINTS, VALID_FQDN, VALID_TP } from './hostile';

const OTHER_TP = 'FFEEDDCCBBAA99887766554433221100FFEEDDCC';
const chain: ChainEntry[] = [
  { subject: 'CN=GraniteFalls.contoso.com', thumbprint: '1'.repeat(40), role: 'leaf' },
  { subject: 'CN=Contoso Issuing CA, O=Contoso', thumbprint: VALID_TP, role: 'intermediate' },
  { subject: 'CN=Contoso Policy CA\r\nWScript.Quit', thumbprint: OTHER_TP, role: 'intermediate' },
  { subject: 'CN=Contoso Root CA', thumbprint: '2'.repeat(40), role: 'root' },
];

function script(language: 'en' | 'nl' | 'fr', scriptLanguage: 'vbscript' | 'powershell'): string {
  const r = buildSubCaScript({ serviceName: VALID_FQDN, chain: { file: 'certs/granitefalls.pfx', entries: chain }, scriptLanguage, language });
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  return r.script.text;
}

/** Code lines (comments removed) of a generated script. */
function codeLines(text: string, scriptLanguage: 'vbscript' | 'powershell'): string[] {
  const comment = scriptLanguage === 'vbscript' ? /^\s*'/ : /^\s*#/;
  return text.split('\r\n').filter((l) => !comment.test(l));
}

describe('sub-CA script generator', () => {
  it('embeds the service name and the ;-joined sub-CA thumbprints from the chain (VBScript)', () => {
    const vbs = script('en', 'vbscript');
    assert.ok(vbs.includes(`serviceCName = "${VALID_FQDN}"\r\n`));
    assert.ok(vbs.includes(`subCAThumbprints = "${VALID_TP};${OTHER_TP}"\r\n`));
    assert.ok(!vbs.includes('1'.repeat(40)) && !vbs.includes('2'.repeat(40)), 'leaf and root are not embedded');
    assert.ok(!vbs.includes('WScript.Arguments'), 'runs without arguments');
  });

  it('keeps the documented steps in order (VBScript)', () => {
    const vbs = script('en', 'vbscript');
    const steps = [
      'GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\sms")',
      'ExecQuery("SELECT * From SMS_ProviderLocation WHERE ProviderForLocalSite = true")',
      'siteCode = var.SiteCode',
      'GetObject("winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\sms\\site_" & siteCode)',
      `query = "SELECT * From SMS_AzureService WHERE ServiceType = 'CloudProxyService' AND ServiceCName = '" & serviceCName & "'"`,
      'objWMIService.ExecQuery(query)',
      'azService.Properties_.Item("SubCACertThumbprint") = subCAThumbprints',
      'azService.Put_',
    ];
    let at = -1;
    for (const step of steps) {
      const i = vbs.indexOf(step, at + 1);
      assert.ok(i > at, `step ${step} missing or out of order`);
      at = i;
    }
  });

  it('prints the documented messages (English VBScript)', () => {
    const vbs = script('en', 'vbscript');
    for (const line of [
      'WScript.StdOut.WriteLine "Searching for SMS Provider for local site..."',
      'WScript.StdErr.WriteLine "Failed to locate SMS provider."',
      'WScript.StdOut.WriteLine "SiteCode = " & siteCode',
      'WScript.StdOut.WriteLine "Run WQL query: " & query',
      'WScript.StdErr.WriteLine "Failed to get Azure_Service instance."',
      'WScript.StdOut.WriteLine "Update [SubCACertThumbprint] to " & subCAThumbprints',
      'WScript.StdOut.WriteLine "[SubCACertThumbprint] is updated successfully."',
    ]) {
      assert.ok(vbs.includes(line), line);
    }
  });

  it('stops with exit code 1 when there is no provider, no site or no matching gateway', () => {
    const vbs = script('en', 'vbscript');
    const ps = script('en', 'powershell');
    // Each failure message is followed (within its block) by a non-zero exit.
    for (const [text, quit, msgs] of [
      [vbs, 'WScript.Quit 1', ['Failed to locate SMS provider.', 'Failed to connect to namespace ', 'No cloud management gateway with service name ']],
      [ps, 'exit 1', ['Failed to locate SMS provider.', 'Failed to connect to namespace ', 'No cloud management gateway with service name ']],
    ] as const) {
      for (const msg of msgs) {
        const i = text.indexOf(msg);
        assert.ok(i >= 0, msg);
        const next = text.slice(i, i + 600);
        assert.ok(next.includes(quit), `${msg} is followed by ${quit}`);
      }
    }
  });

  it('PowerShell: CIM cmdlets, -WhatIf support, reads the value back and prints old and new values', () => {
    const ps = script('en', 'powershell');
    assert.ok(ps.includes('[CmdletBinding(SupportsShouldProcess = $true)]\r\nparam()'));
    assert.ok(ps.includes('$PSCmdlet.ShouldProcess('));
    assert.ok(ps.includes("Get-CimInstance -Namespace 'root\\sms' -ClassName 'SMS_ProviderLocation' -Filter 'ProviderForLocalSite = true'"));
    assert.ok(ps.includes('Set-CimInstance -InputObject $azService -Property @{ SubCACertThumbprint = $subCAThumbprints }'));
    const set = ps.indexOf('Set-CimInstance');
    const readBack = ps.indexOf('Get-CimInstance -InputObject $azService', set);
    assert.ok(readBack > set, 'reads back after saving');
    assert.ok(ps.indexOf("Write-Host ('Old value: ' + $oldValue)", readBack) > 0);
    assert.ok(ps.indexOf("Write-Host ('New value: ' + $newValue)", readBack) > 0);
    assert.ok(!/Get-WmiObject|Invoke-Expression|iex |Add-Type/.test(ps));
    assert.ok(ps.includes(`$serviceCName = '${VALID_FQDN}'\r\n`));
    assert.ok(ps.includes(`    '${VALID_TP}'  # CN=Contoso Issuing CA, O=Contoso\r\n    '${OTHER_TP}'  # CN=Contoso Policy CA??WScript.Quit\r\n) -join ';'`));
  });

  for (const scriptLanguage of SCRIPT_LANGUAGES) {
    it(`${scriptLanguage}: a hostile certificate subject stays on its comment line`, () => {
      const text = script('en', scriptLanguage);
      assert.ok(!/^WScript\.Quit$/m.test(text));
      assert.ok(text.includes('CN=Contoso Policy CA??WScript.Quit'));
    });

    for (const language of ['en', 'nl', 'fr'] as const) {
      it(`${scriptLanguage}/${language}: code is pure ASCII, lines end in CRLF, quotes are balanced`, () => {
        const text = script(language, scriptLanguage);
        assert.ok(text.endsWith('\r\n'));
        assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
        for (const line of codeLines(text, scriptLanguage)) {
          assert.match(line, /^[\x20-\x7e]*$/, `non-ASCII code line: ${line}`);
          if (scriptLanguage === 'vbscript') {
            const code = line.replace(/"(?:[^"]|"")*"/g, 'S');
            assert.ok(!code.includes('"'), `unbalanced quotes: ${line}`);
          }
        }
      });
    }
  }

  for (const language of ['nl', 'fr'] as const) {
    for (const scriptLanguage of SCRIPT_LANGUAGES) {
      it(`${scriptLanguage}: comments and messages are in ${language}`, () => {
        const text = script(language, scriptLanguage);
        const en = SCRIPT_TEXT.en;
        const tr = SCRIPT_TEXT[language];
        const mark = scriptLanguage === 'vbscript' ? "' " : '# ';
        assert.ok(text.includes(`${mark}${tr.findProvider}\r\n`));
        assert.ok(text.includes(`${mark}${tr.uploadFirst}\r\n`));
        assert.ok(!text.includes(en.uploadFirst) && !text.includes(en.findProvider));
        assert.ok(!text.includes(en.msgSearching), 'English message left');
        assert.ok(!text.includes('Failed to locate SMS provider.'));
        const expected = { nl: 'Zoeken naar de SMS-provider voor de lokale site...', fr: 'Recherche du fournisseur SMS du site local...' }[language];
        assert.ok(text.includes(expected));
      });
    }
  }

  it('writes non-ASCII message characters as ChrW / [char] so any file encoding works', () => {
    const vbs = script('fr', 'vbscript');
    assert.ok(vbs.includes('"[SubCACertThumbprint] a " & ChrW(233) & "t" & ChrW(233) & " mis " & ChrW(224) & " jour."'));
    const ps = script('fr', 'powershell');
    assert.ok(ps.includes("Write-Host ('[SubCACertThumbprint] a ' + [char]0x00E9 + 't' + [char]0x00E9 + ' mis ' + [char]0x00E0 + ' jour.')"));
    // Apostrophes inside PowerShell single-quoted text are doubled.
    assert.ok(ps.includes("'Impossible d''obtenir l''instance Azure_Service.'"));
  });

  it('has every script line in every language', () => {
    for (const language of ['nl', 'fr'] as const) {
      for (const [key, value] of Object.entries(SCRIPT_TEXT.en)) {
        const translated = SCRIPT_TEXT[language][key as keyof typeof SCRIPT_TEXT.en];
        assert.ok(translated.length > 0, `${language}.${key}`);
        assert.deepEqual(translated.match(/\{\d\}/g) ?? [], value.match(/\{\d\}/g) ?? [], `${language}.${key} placeholders`);
      }
    }
  });

  it('is deterministic and suggests the file name', () => {
    const a = buildSubCaScript({ serviceName: VALID_FQDN, thumbprints: [VALID_TP], scriptLanguage: 'powershell', language: 'en' });
    const b = buildSubCaScript({ serviceName: VALID_FQDN, thumbprints: [VALID_TP.toLowerCase()], scriptLanguage: 'powershell', language: 'en' });
    assert.ok(a.ok && b.ok);
    assert.equal(a.script.text, b.script.text);
    assert.equal(a.script.fileName, 'UpdateSubCAThumbprints.ps1');
    const v = buildSubCaScript({ serviceName: VALID_FQDN, thumbprints: [VALID_TP], scriptLanguage: 'vbscript', language: 'en', eol: '\n' });
    assert.ok(v.ok);
    assert.equal(v.script.fileName, 'UpdateSubCAThumbprints.vbs');
    assert.ok(!v.script.text.includes('\r'));
  });
});

describe('sub-CA script generator refuses hostile input', () => {
  for (const [label, value] of HOSTILE_FQDNS) {
    it(`service name with ${label}`, () => {
      for (const scriptLanguage of SCRIPT_LANGUAGES) {
        const r = buildSubCaScript({ serviceName: value, thumbprints: [VALID_TP], scriptLanguage, language: 'en' });
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.errors.join('\n'), /Service name ".*" is refused/);
      }
    });
  }
  for (const [label, value] of HOSTILE_THUMBPRINTS) {
    it(`thumbprint with ${label}`, () => {
      for (const scriptLanguage of SCRIPT_LANGUAGES) {
        const r = buildSubCaScript({ serviceName: VALID_FQDN, thumbprints: [value], scriptLanguage, language: 'en' });
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.errors.join('\n'), /Thumbprint ".*" is refused|No thumbprint/);
      }
    });
  }

  it('refuses a chain without sub-CA', () => {
    const r = buildSubCaScript({
      serviceName: VALID_FQDN,
      chain: { file: 'direct.pfx', entries: [chain[0]!, chain[3]!] },
      scriptLanguage: 'vbscript',
      language: 'en',
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors[0]!, /not needed/);
  });

  it('refuses both a chain and thumbprints', () => {
    const r = buildSubCaScript({ serviceName: VALID_FQDN, chain: { file: 'x.pfx', entries: chain }, thumbprints: [VALID_TP], scriptLanguage: 'vbscript', language: 'en' });
    assert.equal(r.ok, false);
  });

  it('throws rather than emit a value that bypassed validation (defence in depth)', () => {
    for (const scriptLanguage of SCRIPT_LANGUAGES) {
      assert.throws(
        () => generateSubCaScript({ serviceName: "x' OR 1=1 --" as ServiceName, subCas: [{ thumbprint: VALID_TP as Thumbprint }], scriptLanguage, language: 'en' }),
        /Refusing to embed serviceName/,
      );
      assert.throws(
        () => generateSubCaScript({ serviceName: VALID_FQDN as ServiceName, subCas: [{ thumbprint: `${VALID_TP.slice(1)}"` as Thumbprint }], scriptLanguage, language: 'en' }),
        /Refusing to embed thumbprint/,
      );
    }
  });
});
