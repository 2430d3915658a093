/**
 * Runs preflight.loopback.js in a child mocha process with NODE_EXTRA_CA_CERTS pointing at a CA
 * made here with openssl (Node reads that variable only at start-up; TLS checks stay on).
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { makeTlsFiles } from './loopback';

describe('Azure pre-flight (child process with the test CA trusted)', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cmg-tls-'));
    makeTlsFiles(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the loopback suite passes through the real SDK clients and ClientSecretCredential', async () => {
    const mocha = require.resolve('mocha/bin/mocha.js');
    const suite = path.join(__dirname, 'preflight.loopback.js');
    const child = spawn(process.execPath, [mocha, '--timeout', '60000', '--reporter', 'spec', suite], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem'), CMG_LOOPBACK_TLS_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    const passing = /(\d+) passing/.exec(out);
    assert.ok(passing && Number(passing[1]) >= 14, `the child ran the suite:\n${out}`);
  });
});
