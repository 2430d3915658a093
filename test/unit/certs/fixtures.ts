/** Certificate fixtures (made by test/fixtures/make-certs.sh) and their test-only passwords. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/certs');
export const EXAMPLE_CERTS = path.resolve(__dirname, '../../../../examples/contoso/certs');

let table: Map<string, string> | undefined;

/** The password of a fixture PFX, from PASSWORDS.md (test data; never printed). */
export function passwordOf(file: string): string {
  if (!table) {
    table = new Map();
    for (const line of readFileSync(path.join(FIXTURES, 'PASSWORDS.md'), 'utf8').split('\n')) {
      const m = /^\| ([^|]+?) \| ?([^|]*?) ?\|$/.exec(line);
      if (m && m[1] !== 'file' && !m[1].startsWith('---')) table.set(m[1], m[2]);
    }
  }
  const pw = table.get(file);
  if (pw === undefined) throw new Error(`no password listed for ${file}`);
  return pw;
}

export function fixture(file: string): string {
  return path.join(FIXTURES, file);
}

export function fixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(fixture(file)));
}
