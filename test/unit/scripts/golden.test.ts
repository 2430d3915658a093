/**
 * Golden files: the scripts generated through the CLI from the committed certificate fixtures
 * (test/fixtures/certs, made by test/fixtures/make-certs.sh): one sub-CA (server-aes.pfx) and two
 * sub-CAs (server-two-subcas.pfx), in both script languages, English plus Dutch and French for
 * the two-sub-CA chain. Compared byte for byte; regenerate with UPDATE_GOLDEN=1 (needed after the
 * fixtures are regenerated, since their keys, hence thumbprints, are random).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { checkCertificate } from '../../../src/core/certs/check';
import { configureL10n } from '../../../src/core/l10n';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const CERTS = path.join(ROOT, 'test', 'fixtures', 'certs');
const GOLDEN = path.join(ROOT, 'test', 'fixtures', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Fixture passwords come from the fixtures' own table; never printed. */
function fixturePassword(file: string): string {
  const table = readFileSync(path.join(CERTS, 'PASSWORDS.md'), 'utf8');
  const row = table.split('\n').find((l) => l.startsWith(`| ${file} |`));
  assert.ok(row, `no password listed for ${file}`);
  return row.split('|')[2]!.trim();
}

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), env, cwd: CERTS, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

const CASES = [
  { fixture: 'server-aes.pfx', name: 'one-subca', subCas: 1, languages: ['en'] },
  { fixture: 'server-two-subcas.pfx', name: 'two-subcas', subCas: 2, languages: ['en', 'nl', 'fr'] },
] as const;

describe('sub-CA script golden files (from committed certificate fixtures, through the CLI)', () => {
  afterEach(() => configureL10n('en', undefined));

  for (const c of CASES) {
    it(`${c.fixture}: the chain has ${c.subCas} sub-CA(s), issuing CA first`, async () => {
      const report = await checkCertificate({ file: path.join(CERTS, c.fixture), password: fixturePassword(c.fixture) });
      const intermediates = report.chain.filter((e) => e.role === 'intermediate');
      assert.equal(intermediates.length, c.subCas);
      assert.match(intermediates[0]!.subject, /Issuing CA/);
      for (const e of intermediates) assert.match(e.thumbprint, /^[0-9A-F]{40}$/);
    });

    for (const language of c.languages) {
      for (const [scriptLanguage, ext] of [
        ['vbscript', 'vbs'],
        ['powershell', 'ps1'],
      ] as const) {
        it(`${c.name} ${scriptLanguage} (${language}) matches ${c.name}.${language}.${ext}`, async () => {
          configureL10n(language, {});
          const password = fixturePassword(c.fixture);
          const r = await runCli(
            ['script', 'subca', '--service-fqdn', 'cmg.contoso.com', '--chain', c.fixture, '--password-env', 'FIXTURE_PFX_PASSWORD', '--language', scriptLanguage],
            { FIXTURE_PFX_PASSWORD: password },
          );
          assert.equal(r.err, '');
          assert.equal(r.code, 0);
          assert.ok(!r.out.includes(password));
          const file = path.join(GOLDEN, `subca-${c.name}.${language}.${ext}`);
          if (UPDATE) writeFileSync(file, r.out);
          assert.ok(existsSync(file), `missing golden file ${file}: run with UPDATE_GOLDEN=1`);
          assert.equal(r.out, readFileSync(file, 'utf8'), `${path.basename(file)} differs (fixtures regenerated? run with UPDATE_GOLDEN=1 and review the diff)`);
          // The embedded thumbprints are the chain's intermediates, in order.
          const report = await checkCertificate({ file: path.join(CERTS, c.fixture), password });
          const expected = report.chain.filter((e) => e.role === 'intermediate').map((e) => e.thumbprint).join(';');
          if (scriptLanguage === 'vbscript') assert.ok(r.out.includes(`subCAThumbprints = "${expected}"\r\n`));
          else {
            let at = -1;
            for (const tp of expected.split(';')) {
              const i = r.out.indexOf(`\r\n    '${tp}'  # CN=`);
              assert.ok(i > at, `${tp} missing or out of order`);
              at = i;
            }
          }
        });
      }
    }
  }
});
