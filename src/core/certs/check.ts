/**
 * The certificate checker: `cmg cert check`, the VS Code report, the diagnostics on `*.cmg.json`
 * and the wizard all call `checkCertificate`. Rules (IDs are a contract): see `CERT_RULES` in
 * `rules.ts`. Never throws for bad input: unreadable files become findings.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Finding } from '../findings';
import { normalizeRegion } from '../config/regions';
import { t } from '../l10n';
import { siteVersionNumber } from '../model';
import { matchHostname } from './names';
import { PathProblem, PathResult, buildPath } from './path';
import { ParsedCertificate, readCertificates } from './read';
import { summarize } from './summary';
import type { CertCheckOptions, CertReport, CertRole, ChainEntry } from './types';

export { CERT_RULES } from './rules';

const DAY = 86_400_000;
const DEFAULT_US_GOV_VMSS_SUFFIX = 'cloudapp.usgovcloudapi.net';
/** Up to this site version the trusted list holds at most 2 roots and 4 intermediates ([certs] 2.2, 8.4). */
const TRUSTED_LIMIT_LAST_VERSION = 1902;

async function loadBytes(file: string): Promise<{ bytes?: Uint8Array; error?: string }> {
  try {
    return { bytes: await readFile(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    return { error: code === 'ENOENT' ? t('the file does not exist') : code === 'EISDIR' ? t('it is a folder') : t('the file cannot be opened ({0})', code ?? String(err)) };
  }
}

/** Loads extra certificates (trusted or untrusted): paths or DER. */
async function loadExtra(items: readonly (string | Uint8Array)[] | undefined, what: 'trusted' | 'untrusted', findings: Finding[]): Promise<ParsedCertificate[]> {
  const out: ParsedCertificate[] = [];
  for (const item of items ?? []) {
    let bytes: Uint8Array | undefined;
    let name = what === 'trusted' ? t('a trusted certificate') : t('an intermediate certificate');
    if (typeof item === 'string') {
      name = path.basename(item);
      const r = await loadBytes(item);
      if (!r.bytes) {
        findings.push({ rule: 'CERT-PARSE', severity: 'error', message: t('{0} cannot be read: {1}.', name, r.error ?? '') });
        continue;
      }
      bytes = r.bytes;
    } else bytes = item;
    const r = readCertificates(bytes, typeof item === 'string' ? item : 'certificate.cer');
    if (r.findings.length) {
      findings.push(...r.findings);
      continue;
    }
    out.push(...r.certificates);
  }
  return out;
}

function isWildcard(name: string | undefined): boolean {
  return Boolean(name && name.startsWith('*.'));
}

/** The CN with a wildcard resolved against the FQDN (or the CN as it is). */
function serviceName(cn: string | undefined, fqdn: string | undefined): string | undefined {
  if (fqdn) return fqdn;
  if (cn && !isWildcard(cn)) return cn;
  return undefined;
}

function nameChecks(leaf: ParsedCertificate, opts: CertCheckOptions, findings: Finding[]): void {
  const cn = leaf.cn;
  const fqdn = opts.fqdn?.trim() || undefined;
  const current = opts.currentFqdn?.trim() || undefined;
  if (!cn) {
    findings.push({
      rule: 'CERT-NO-CN',
      severity: 'error',
      message: t('The certificate has no common name (CN) in its subject. Ask the PKI team for a certificate whose subject is CN=<service name>, for example CN=cmg.contoso.com.'),
    });
  } else {
    if (isWildcard(cn)) {
      if (!fqdn) {
        findings.push({
          rule: 'CERT-WILDCARD',
          severity: 'warning',
          message: t('The certificate is a wildcard certificate ({0}). Give the service FQDN (the * replaced by the service name prefix); it must fall under the wildcard.', cn),
        });
      } else if (matchHostname([cn], undefined, fqdn, false).ok) {
        findings.push({ rule: 'CERT-WILDCARD', severity: 'info', message: t('Wildcard certificate {0}: the service FQDN {1} falls under it.', cn, fqdn) });
      }
    }
    if (fqdn) {
      const under = isWildcard(cn) ? matchHostname([cn], undefined, fqdn, false).ok : cn.toLowerCase() === fqdn.toLowerCase();
      if (!under) {
        findings.push({
          rule: 'CERT-CN-MISMATCH',
          severity: 'error',
          message: t('The certificate CN {0} does not match the service FQDN {1}. Ask the PKI team for a certificate with CN={1}, or correct the service FQDN.', cn, fqdn),
        });
      } else if (!isWildcard(cn) && cn !== fqdn) {
        findings.push({
          rule: 'CERT-CN-CASE',
          severity: 'error',
          message: t('The certificate CN {0} differs from the service FQDN {1} only in upper/lower case; the console rejects it. Ask the PKI team for a certificate with CN={1} exactly.', cn, fqdn),
        });
      }
    }
    if (current && !isWildcard(cn) && cn !== current && cn.toLowerCase() === current.toLowerCase()) {
      findings.push({
        rule: 'CERT-CN-CASE',
        severity: 'error',
        message: t('The certificate CN {0} differs from the CN of the certificate in use ({1}) only in upper/lower case; the console refuses such a renewal. Ask the PKI team for a certificate with CN={1} exactly.', cn, current),
      });
    }
  }

  // What a TLS client connecting to the service name sees (RFC 6125).
  const host = serviceName(cn, fqdn);
  if (host) {
    const m = matchHostname(leaf.dnsNames, cn, host, true);
    if (!m.ok) {
      findings.push({
        rule: 'CERT-HOSTNAME',
        severity: 'error',
        message: leaf.dnsNames.length
          ? t('Clients connecting to {0} will reject the certificate: its subject alternative names ({1}) do not include that name, and clients ignore the CN when there are subject alternative names. Ask the PKI team to add DNS={0} to the subject alternative name.', host, leaf.dnsNames.join(', '))
          : t('Clients connecting to {0} will reject the certificate: it names neither {0} in a subject alternative name nor in its CN. Ask the PKI team for a certificate with CN={0} and DNS={0} in the subject alternative name.', host),
      });
    }
  }

  // Environment / deployment method and the service name prefix.
  const name = host ?? (cn && isWildcard(cn) ? cn : undefined);
  if (name) suffixChecks(name, opts, findings);
  if (host) {
    const prefix = host.split('.')[0];
    if (!/^[a-z][a-z0-9]{2,23}$/i.test(prefix)) {
      findings.push({
        rule: 'CERT-SERVICE-NAME',
        severity: 'error',
        message: t('The service name prefix {0} is not valid: it must be 3 to 24 letters and digits, starting with a letter (no hyphens), because it also names the storage account and key vault. Ask the PKI team for a certificate with such a first label.', prefix),
      });
    }
  }
}

function suffixChecks(name: string, opts: CertCheckOptions, findings: Finding[]): void {
  const n = name.toLowerCase();
  const env = opts.environment ?? 'public';
  const dep = opts.deployment;
  const govSuffix = (opts.usGovVmssSuffix?.trim() || DEFAULT_US_GOV_VMSS_SUFFIX).toLowerCase().replace(/^\./, '');
  const ends = (s: string) => n === s || n.endsWith('.' + s);
  const labels = n.split('.');
  const err = (message: string) => findings.push({ rule: 'CERT-SUFFIX', severity: 'error', message });
  const publicAzure = ends('cloudapp.net') || ends('cloudapp.azure.com');
  const govAzure = ends('usgovcloudapp.net') || ends('usgovcloudapi.net') || ends(govSuffix);
  if (env === 'public' && govAzure) {
    err(t('{0} is an Azure US Government name, but the gateway is in the Azure public cloud. Ask the PKI team for a certificate with a name in your own domain or under cloudapp.azure.com.', name));
    return;
  }
  if (env === 'usgov' && publicAzure) {
    err(t('{0} is an Azure public cloud name, but the gateway is in Azure US Government. Ask the PKI team for a certificate with a name in your own domain or under the US Government suffix.', name));
    return;
  }
  if (ends('cloudapp.net') || ends('usgovcloudapp.net')) {
    if (dep === 'vmss') {
      err(t('{0} is a cloud service (classic) name: a virtual machine scale set cannot use a cloudapp.net name. Ask the PKI team for a certificate with a name in your own domain (recommended) or <prefix>.<region>.cloudapp.azure.com.', name));
    } else if (labels.length !== 3) {
      err(t('{0} does not have the form <prefix>.cloudapp.net. Ask the PKI team for a certificate with such a name or one in your own domain.', name));
    }
    return;
  }
  if (ends('cloudapp.azure.com') || (env === 'usgov' && ends(govSuffix))) {
    const suffixLabels = ends('cloudapp.azure.com') ? 3 : govSuffix.split('.').length;
    if (dep === 'classic') {
      err(t('{0} is a virtual machine scale set name, but the gateway uses the cloud service (classic) method. Ask the PKI team for a certificate named <prefix>.cloudapp.net or in your own domain.', name));
    } else if (labels.length !== suffixLabels + 2) {
      err(t('{0} lacks the region label: a virtual machine scale set name has the form <prefix>.<region>.{1}. Ask the PKI team for a certificate with that name or one in your own domain.', name, ends('cloudapp.azure.com') ? 'cloudapp.azure.com' : govSuffix));
    }
    return;
  }
  if (isWildcard(name)) return;
  const prefix = labels[0];
  // The region label as Azure spells it ('West Europe' → westeurope); a placeholder when unknown.
  const region = opts.region ? normalizeRegion(opts.region) : '';
  const regionLabel = /^[a-z][a-z0-9]*$/.test(region) ? region : '<region>';
  const deployment =
    dep === 'classic'
      ? `${prefix}.${env === 'usgov' ? 'usgovcloudapp.net' : 'cloudapp.net'}`
      : `${prefix}.${regionLabel}.${env === 'usgov' ? govSuffix : 'cloudapp.azure.com'}`;
  findings.push({
    rule: 'CERT-SUFFIX',
    severity: 'info',
    message: t('{0} is a custom domain name: create a DNS CNAME record from {0} to the deployment name {1}.', name, deployment),
  });
}

function validityChecks(leaf: ParsedCertificate, at: Date, warnDays: number, findings: Finding[]): void {
  const now = at.getTime();
  const nb = leaf.notBefore.getTime();
  const na = leaf.notAfter.getTime();
  if (now > na) {
    findings.push({ rule: 'CERT-EXPIRED', severity: 'error', message: t('The certificate expired on {0}. Ask the PKI team to renew it (same CN, same case).', leaf.notAfter.toISOString()) });
  } else if (now < nb) {
    findings.push({ rule: 'CERT-NOT-YET-VALID', severity: 'error', message: t('The certificate is not valid before {0}. Wait until then, or ask the PKI team for a certificate valid now.', leaf.notBefore.toISOString()) });
  } else if (na - now <= warnDays * DAY) {
    const days = Math.floor((na - now) / DAY);
    findings.push({
      rule: 'CERT-EXPIRING',
      severity: 'warning',
      message: t('The certificate expires in {0} days ({1}). Ask the PKI team for a renewal with the same CN, in the same case.', String(days), leaf.notAfter.toISOString()),
      data: { daysLeft: days },
    });
  }
}

function keyAndUsageChecks(leaf: ParsedCertificate, role: CertRole, findings: Finding[]): void {
  if (role === 'trusted') return;
  if (leaf.keyType !== 'rsa' || (leaf.keyBits !== 2048 && leaf.keyBits !== 4096)) {
    findings.push({
      rule: 'CERT-KEY',
      severity: 'error',
      message: t('The certificate has a {0} key of {1} bits; the cloud management gateway needs an RSA key of 2048 or 4096 bits. Ask the PKI team for a certificate with a 2048-bit RSA key (template: Web Server).', leaf.keyType.toUpperCase(), String(leaf.keyBits)),
    });
  }
  const eku = leaf.details?.extKeyUsage;
  if (eku) {
    const wanted = role === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2';
    if (!eku.includes(wanted) && !eku.includes('2.5.29.37.0')) {
      findings.push({
        rule: 'CERT-EKU',
        severity: 'error',
        message:
          role === 'server'
            ? t('The certificate’s enhanced key usage lacks Server Authentication (1.3.6.1.5.5.7.3.1). Ask the PKI team for a certificate from the Web Server template.')
            : t('The certificate’s enhanced key usage lacks Client Authentication (1.3.6.1.5.5.7.3.2). Ask the PKI team for a certificate from a client authentication (workstation) template.'),
      });
    }
  }
}

/** CHAIN-SUBCA, worded by whether the sub-CAs are already in the trusted list (`listed`: thumbprints). */
function subCaFinding(subCas: readonly ParsedCertificate[], listed: ReadonlySet<string>): Finding {
  const label = (c: ParsedCertificate) => `${c.cn ?? c.subject} (${c.thumbprint})`;
  const all = subCas.map(label).join(', ');
  const inList = subCas.filter((c) => listed.has(c.thumbprint));
  const notInList = subCas.filter((c) => !listed.has(c.thumbprint));
  let message: string;
  if (inList.length === 0) {
    message = t('The chain holds {0} subordinate CA certificate(s): {1}. If clients use certificates from them, add them to the gateway’s trusted certificates, or run the sub-CA script (cmg script subca) with these thumbprints.', String(subCas.length), all);
  } else if (notInList.length === 0) {
    // The path ends at the first trusted certificate it meets, so this is the one sub-CA that is its anchor.
    message = t('The chain holds the subordinate CA {0}, which is already among the gateway’s trusted certificates: nothing to add for it.', all);
  } else {
    message = t('The chain holds {0} subordinate CA certificates: {1}. Already among the gateway’s trusted certificates: {2}. Not among them: {3}; if clients use certificates from those, add them to the trusted certificates as well, or run the sub-CA script (cmg script subca) with their thumbprints.', String(subCas.length), all, inList.map(label).join(', '), notInList.map(label).join(', '));
  }
  return { rule: 'CHAIN-SUBCA', severity: 'info', message, data: { thumbprints: subCas.map((c) => c.thumbprint) } };
}

function chainFindings(role: CertRole, leaf: ParsedCertificate, result: PathResult, autoRoot: ParsedCertificate | undefined, trusted: readonly ParsedCertificate[], findings: Finding[]): void {
  const hasAnchors = trusted.length > 0;
  // Leaf-only problems are reported by the CERT-* rules already.
  const leafOnly = (p: PathProblem) => p.cert === leaf && (p.kind === 'expired' || p.kind === 'not-yet-valid' || p.kind === 'eku');
  const problems = result.problems.filter((p) => !leafOnly(p));
  if (problems.length === 0 && result.reachedAnchor) {
    if (autoRoot && result.path.includes(autoRoot) && role !== 'trusted') {
      findings.push({
        rule: 'CHAIN-ROOT',
        severity: 'info',
        message: t('The chain ends at the root CA {0} (thumbprint {1}), taken from the file itself: clients must trust this root.', autoRoot.subject, autoRoot.thumbprint),
      });
    }
    const subCas = result.path.filter((c, i) => i > 0 && !c.selfSigned);
    if (subCas.length > 0) findings.push(subCaFinding(subCas, new Set(trusted.map((c) => c.thumbprint))));
    return;
  }
  if (problems.length === 0) return;
  const seen = new Set<string>();
  for (const p of problems) {
    const who = p.cert.cn ?? p.cert.subject;
    const key = p.kind + p.cert.thumbprint;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (p.kind) {
      case 'signature':
        findings.push({ rule: 'CHAIN-SIGNATURE', severity: 'error', message: t('The signature on {0} does not verify with its issuer’s key: the chain is broken or a certificate was altered. Ask the PKI team for the complete, current chain.', who) });
        break;
      case 'not-ca':
        findings.push({ rule: 'CHAIN-ISSUER-NOT-CA', severity: 'error', message: t('{0} signs certificates but is not a CA ({1}). Ask the PKI team for the chain from its actual issuing CA.', who, p.detail) });
        break;
      case 'expired':
      case 'not-yet-valid':
        findings.push({ rule: 'CHAIN-EXPIRED', severity: 'error', message: t('The chain certificate {0} is outside its validity at the check time ({1}). Ask the PKI team for the renewed CA certificate.', who, p.detail) });
        break;
      case 'eku':
        findings.push({
          rule: 'CHAIN-INCOMPLETE',
          severity: 'error',
          message: t('The CA {0} limits its enhanced key usage and does not allow {1}: Windows rejects the certificates it issues for that purpose. Ask the PKI team to issue the certificate from a CA allowed for {1}.', who, role === 'server' ? t('Server Authentication') : t('Client Authentication')),
        });
        break;
      case 'ca-as-leaf':
        findings.push({ rule: 'CHAIN-INCOMPLETE', severity: 'error', message: t('{0} is a CA certificate and cannot be used as the {1} certificate. Ask the PKI team for a certificate issued to the service.', who, roleLabel(role)) });
        break;
      case 'no-issuer':
        if (p.cert.selfSigned && !p.cert.isCA) {
          findings.push({
            rule: 'CHAIN-INCOMPLETE',
            severity: 'error',
            message: t('{0} is self-signed: no CA issued it, so clients cannot build a chain to a root they trust. Ask the PKI team for a certificate issued by your CA.', who),
          });
          break;
        }
        if (role === 'trusted') {
          // One CA certificate checked alone: its issuer belongs in the trusted list too.
          findings.push({
            rule: 'CHAIN-INCOMPLETE',
            severity: 'warning',
            message: t('The issuer of {0} ({1}) is not among the certificates given: add that CA certificate (.cer) to the trusted certificates as well, up to the root.', who, p.cert.issuer),
          });
          break;
        }
        findings.push({
          rule: 'CHAIN-INCOMPLETE',
          severity: 'error',
          message: hasAnchors
            ? t('No valid path from {0} to a trusted root: the issuer {1} was not found among the certificates given. Ask the PKI team for the intermediate and root CA certificates (.cer) and add them.', leaf.cn ?? leaf.subject, p.cert.issuer)
            : t('No path from {0} to a root CA: the issuer {1} was not found in the file. Export the PFX with all certificates in the path, or give the missing CA certificates (--untrusted / --trusted).', leaf.cn ?? leaf.subject, p.cert.issuer),
        });
        break;
      default:
        findings.push({ rule: 'CHAIN-INCOMPLETE', severity: 'error', message: t('No valid path from {0} to a trusted root: {1} is not acceptable ({2}). Ask the PKI team for a chain that meets RFC 5280.', leaf.cn ?? leaf.subject, who, p.detail) });
    }
  }
}

function chainEntries(pathCerts: readonly ParsedCertificate[]): ChainEntry[] {
  return pathCerts.map((c, i) => ({
    subject: c.subject,
    thumbprint: c.thumbprint,
    role: i === pathCerts.length - 1 && c.selfSigned && (i > 0 || c.isCA) ? 'root' : i === 0 ? 'leaf' : 'intermediate',
  }));
}

/** Checks one certificate file in a role. Never throws for bad input. */
export async function checkCertificate(opts: CertCheckOptions): Promise<CertReport> {
  try {
    return await checkUnsafe(opts);
  } catch (err) {
    // A defect, not the user's input: still no stack trace, and the file is named.
    return {
      file: opts.file,
      chain: [],
      findings: [{ rule: 'CERT-PARSE', severity: 'error', message: t('{0} cannot be read: {1}.', path.basename(opts.file), err instanceof Error ? err.message : String(err)) }],
    };
  }
}

async function checkUnsafe(opts: CertCheckOptions): Promise<CertReport> {
  const role: CertRole = opts.role ?? 'server';
  const file = opts.file;
  const name = path.basename(file);
  const findings: Finding[] = [];
  let bytes = opts.bytes;
  if (!bytes) {
    const r = await loadBytes(file);
    if (!r.bytes) {
      return { file, chain: [], findings: [{ rule: 'CERT-PARSE', severity: 'error', message: t('{0} cannot be read: {1}.', name, r.error ?? '') }] };
    }
    bytes = r.bytes;
  }
  const read = readCertificates(bytes, file, opts.password);
  if (read.findings.length || read.certificates.length === 0) {
    return { file, chain: [], findings: read.findings };
  }
  const leaf = read.certificates[read.leafIndex];
  const at = opts.at && !Number.isNaN(opts.at.getTime()) ? opts.at : new Date();
  const warnDays = opts.expiryWarningDays ?? 30;

  if (role === 'server') {
    if (!read.privateKey) {
      findings.push({
        rule: 'CERT-NO-KEY',
        severity: 'error',
        message: read.format === 'pkcs12'
          ? t('{0} holds no private key. Ask the PKI team to export the certificate as a .pfx with its private key (the key must be exportable).', name)
          : t('{0} is a certificate without its private key; the server certificate must be a .pfx with the private key. Ask the PKI team for a .pfx export (the key must be exportable).', name),
      });
    } else if (!read.keyMatches) {
      findings.push({
        rule: 'CERT-NO-KEY',
        severity: 'error',
        message: t('The private key in {0} does not belong to the certificate {1}. Export the certificate again together with its own private key.', name, leaf.cn ?? leaf.subject),
      });
    }
    nameChecks(leaf, opts, findings);
  }
  if (role === 'trusted') {
    if (!leaf.isCA) {
      findings.push({
        rule: 'TRUSTED-NOT-CA',
        severity: 'error',
        message: t('{0} is not a CA certificate; the trusted list takes only root and intermediate CA certificates. Ask the PKI team for the root and intermediate CA certificates (.cer) of the client certificates.', leaf.cn ?? leaf.subject),
      });
    } else if (!leaf.selfSigned) {
      // [certs] 2.2, 8.4: at most 4 intermediates up to 1902; no limit is documented after that,
      // so on a newer site there is nothing to say about an intermediate in the list.
      const version = opts.siteVersion !== undefined ? siteVersionNumber(opts.siteVersion.trim()) : Number.NaN;
      const who = leaf.cn ?? leaf.subject;
      if (Number.isNaN(version)) {
        findings.push({ rule: 'TRUSTED-INTERMEDIATE', severity: 'info', message: t('{0} is an intermediate CA; up to version 1902 the gateway accepts at most 4 intermediate certificates.', who) });
      } else if (version <= TRUSTED_LIMIT_LAST_VERSION) {
        findings.push({
          rule: 'TRUSTED-INTERMEDIATE',
          severity: 'info',
          message: t('{0} is an intermediate CA: at site version {1} the gateway accepts at most 4 intermediate (and 2 root) certificates in its trusted list.', who, String(version)),
        });
      }
    }
  }
  keyAndUsageChecks(leaf, role, findings);
  if (role !== 'trusted' || leaf.isCA) validityChecks(leaf, at, warnDays, findings);

  // Chain.
  const trusted = await loadExtra(opts.trusted, 'trusted', findings);
  const untrusted = await loadExtra(opts.untrusted, 'untrusted', findings);
  const others = read.certificates.filter((c) => c !== leaf);
  let anchors = trusted;
  let autoRoot: ParsedCertificate | undefined;
  if (anchors.length === 0) {
    anchors = [...read.certificates, ...untrusted].filter((c) => c.selfSigned && c.isCA);
  }
  const pool = [...others, ...untrusted, ...trusted];
  let result: PathResult;
  if (role === 'trusted' && leaf.selfSigned && leaf.isCA) {
    // A root checks against itself.
    result = buildPath(leaf, [], [leaf], { at, role: 'trusted' });
  } else {
    result = buildPath(leaf, pool, anchors, { at, role });
  }
  if (trusted.length === 0 && result.reachedAnchor) {
    const last = result.path[result.path.length - 1];
    if (last !== leaf) autoRoot = last;
  }
  // A non-CA in the trusted role is TRUSTED-NOT-CA already; its chain is beside the point.
  if (!(role === 'trusted' && !leaf.isCA)) chainFindings(role, leaf, result, autoRoot, trusted, findings);

  // Weak signatures on the certificate or its chain (a root's self-signature does not count).
  const weak = result.path.filter((c) => c.details?.weakSignature && !(c.selfSigned && c !== leaf));
  if (leaf.details?.weakSignature && !weak.includes(leaf)) weak.unshift(leaf);
  for (const c of weak) {
    findings.push({
      rule: 'CERT-WEAK-SIGNATURE',
      severity: 'warning',
      message: t('{0} is signed with {1}, a weak algorithm. Ask the PKI team to reissue it with SHA-256.', c.cn ?? c.subject, c.details?.signatureName ?? ''),
    });
  }

  return {
    file,
    certificate: (({ cn: _cn, ...rest }) => rest)(summarize(leaf)),
    chain: chainEntries(result.path),
    findings,
  };
}

export function roleLabel(role: CertRole): string {
  return role === 'server' ? t('server') : role === 'trusted' ? t('trusted') : t('client');
}
