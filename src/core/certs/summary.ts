/**
 * A quick look at a certificate file for the tree (days to expiry) and the wizard (PFX → CN).
 * Reads the file, opens it with the password when given; never throws.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { t } from '../l10n';
import { ParsedCertificate, readCertificates } from './read';
import type { CertSummary } from './types';

export function summarize(c: ParsedCertificate): CertSummary & { cn?: string } {
  return {
    subject: c.subject,
    issuer: c.issuer,
    thumbprint: c.thumbprint,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    keyType: c.keyType,
    keyBits: c.keyBits,
    dnsNames: [...c.dnsNames],
    cn: c.cn,
  };
}

/**
 * Summary of the leaf certificate of `absPath`. A PFX whose certificate bags are not encrypted
 * (`-certpbe NONE`, as Windows can export) gives its summary without a password only when its MAC
 * also opens with the empty password; otherwise `needsPassword` is true.
 */
export async function certificateSummary(
  absPath: string,
  password?: string,
): Promise<{ summary?: CertSummary & { cn?: string }; needsPassword: boolean; error?: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    return {
      needsPassword: false,
      error: code === 'ENOENT' ? t('{0} does not exist.', path.basename(absPath)) : t('Cannot read {0}: {1}', path.basename(absPath), code ?? String(err)),
    };
  }
  const r = readCertificates(bytes, absPath, password, { certificatesOnly: password === undefined });
  const leaf = r.certificates[r.leafIndex];
  if (leaf) return { summary: summarize(leaf), needsPassword: false };
  const pw = r.findings.find((f) => f.rule === 'CERT-PASSWORD');
  if (pw) return { needsPassword: true, error: password === undefined ? undefined : pw.message };
  return { needsPassword: false, error: r.findings[0]?.message ?? t('{0} holds no certificate.', path.basename(absPath)) };
}

export { CERT_RULES } from './rules';
