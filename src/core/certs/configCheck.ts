/**
 * Certificate findings for a `*.cmg.json` (issue #3 item 4): each gateway's server certificate is
 * checked with that gateway's service FQDN, environment, deployment method and trusted list (as
 * trust anchors), and the CN of the certificate currently deployed (renewal case); each trusted
 * certificate is checked in the `trusted` role. Findings carry JSON pointers
 * (`/gateways/0/serverCertificate`, `/gateways/0/trustedCertificates/1`). Never throws.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Finding } from '../findings';
import { t } from '../l10n';
import type { CmgConfig, DeepPartial } from '../model';
import { checkCertificate } from './check';
import { readCertificates } from './read';
import type { CertCheckOptions } from './types';

type Gw = NonNullable<DeepPartial<CmgConfig>['gateways']>[number];

export interface GatewayCertificateInput {
  config: DeepPartial<CmgConfig> | undefined;
  filePath: string;
  deployed?: DeepPartial<CmgConfig>;
  /** May answer synchronously or asynchronously. */
  passwordFor?: (absPath: string) => Promise<string | undefined> | string | undefined;
  at?: Date;
  expiryWarningDays?: number;
  usGovVmssSuffix?: string;
  readFile?: (absPath: string) => Promise<Uint8Array>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function isPfx(p: string): boolean {
  return /\.(pfx|p12)$/i.test(p);
}

export async function checkGatewayCertificates(input: GatewayCertificateInput): Promise<Finding[]> {
  const out: Finding[] = [];
  const gateways = Array.isArray(input.config?.gateways) ? input.config!.gateways : [];
  const dir = path.dirname(input.filePath);
  const read = input.readFile ?? (async (p: string) => new Uint8Array(await fsReadFile(p)));
  const resolve = (rel: string) => path.resolve(dir, rel);
  const load = async (abs: string): Promise<Uint8Array | string> => {
    try {
      return await read(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      return code === 'ENOENT' ? t('the file does not exist') : t('the file cannot be opened ({0})', code ?? String(err));
    }
  };

  for (let i = 0; i < gateways.length; i++) {
    try {
      await checkGateway(gateways[i], i);
    } catch (err) {
      // Defensive: a bug must not take down the diagnostics of the whole file.
      out.push({ rule: 'CERT-PARSE', severity: 'error', message: t('The certificates of gateway {0} could not be checked: {1}', String(i), err instanceof Error ? err.message : String(err)), path: `/gateways/${i}` });
    }
  }
  return out;

  async function checkGateway(gw: Gw | undefined, i: number): Promise<void> {
    if (!gw || typeof gw !== 'object') return;
    const trustedRel = Array.isArray(gw.trustedCertificates) ? gw.trustedCertificates.map((x) => str(x)) : [];
    const trusted: { abs: string; bytes: Uint8Array; j: number }[] = [];
    for (let j = 0; j < trustedRel.length; j++) {
      const rel = trustedRel[j];
      if (!rel) continue;
      const abs = resolve(rel);
      const b = await load(abs);
      const pointer = `/gateways/${i}/trustedCertificates/${j}`;
      if (typeof b === 'string') {
        out.push({ rule: 'CERT-PARSE', severity: 'error', message: t('{0} cannot be read: {1}.', rel, b), path: pointer });
        continue;
      }
      trusted.push({ abs, bytes: b, j });
    }
    const environment = gw.environment === 'AzureUSGovernmentCloud' ? 'usgov' : 'public';
    const deployment = gw.deploymentMethod === 'vmss' || gw.deploymentMethod === 'classic' ? gw.deploymentMethod : undefined;
    const common: Partial<CertCheckOptions> = {
      at: input.at,
      expiryWarningDays: input.expiryWarningDays,
      usGovVmssSuffix: input.usGovVmssSuffix,
      environment,
      deployment,
      region: str(gw.region),
      siteVersion: str(input.config?.site?.version),
    };

    // Trusted certificates: each in the trusted role, the others as the rest of the chain.
    for (const tc of trusted) {
      const othersBytes = trusted.filter((x) => x !== tc).map((x) => x.bytes);
      const report = await checkCertificate({ ...common, file: tc.abs, bytes: tc.bytes, role: 'trusted', untrusted: othersBytes });
      for (const f of report.findings) out.push({ ...f, path: `/gateways/${i}/trustedCertificates/${tc.j}` });
    }

    const certRel = str(gw.serverCertificate);
    if (!certRel) return;
    const abs = resolve(certRel);
    const pointer = `/gateways/${i}/serverCertificate`;
    const bytes = await load(abs);
    if (typeof bytes === 'string') {
      out.push({ rule: 'CERT-PARSE', severity: 'error', message: t('{0} cannot be read: {1}.', certRel, bytes), path: pointer });
      return;
    }
    const currentFqdn = await deployedCn(gw);
    let password: string | undefined;
    if (isPfx(abs) && input.passwordFor) {
      try {
        password = await input.passwordFor(abs);
      } catch {
        password = undefined;
      }
    }
    const serverOptions: CertCheckOptions = { ...common, file: abs, bytes, role: 'server', password, fqdn: str(gw.serviceFqdn), currentFqdn };
    let report = await checkCertificate({ ...serverOptions, trusted: trusted.map((x) => x.bytes) });
    // The trusted list is for client authentication: a server certificate from another PKI (a public
    // CA, say) need not chain to it. When it does not, but does chain to a root inside its own PFX,
    // that is not an error: the CHAIN-ROOT information then says which root clients must trust.
    if (trusted.length > 0 && report.findings.some((f) => f.rule === 'CHAIN-INCOMPLETE')) {
      const own = await checkCertificate(serverOptions);
      if (!own.findings.some((f) => f.rule.startsWith('CHAIN-') && f.severity === 'error')) report = own;
    }
    for (const f of report.findings) {
      if (f.rule === 'CERT-PASSWORD' && password === undefined) {
        // No stored password: a hint, not an error, in the editor.
        out.push({ rule: 'CERT-PASSWORD', severity: 'info', message: t('{0} is protected by a password: validate it once (Validate as CMG server certificate) to check it here.', certRel), path: pointer });
      } else out.push({ ...f, path: pointer });
    }
  }

  /** The CN of the certificate in use for a gateway of the deployed snapshot, else its serviceFqdn. */
  async function deployedCn(gw: Gw): Promise<string | undefined> {
    const name = str(gw.name);
    const dgws = Array.isArray(input.deployed?.gateways) ? input.deployed!.gateways : [];
    const d = dgws.find((x) => x && str(x.name) === name);
    if (!d) return undefined;
    const rel = str(d.serverCertificate);
    if (rel) {
      const b = await load(resolve(rel));
      if (typeof b !== 'string') {
        let r = readCertificates(b, rel, undefined, { certificatesOnly: true });
        if (r.certificates.length === 0 && isPfx(rel) && input.passwordFor) {
          const pw = await Promise.resolve(input.passwordFor(resolve(rel))).catch(() => undefined);
          if (pw !== undefined) r = readCertificates(b, rel, pw);
        }
        const cn = r.certificates[r.leafIndex]?.cn;
        if (cn) return cn;
      }
    }
    return str(d.serviceFqdn);
  }
}

/** The rule catalogue, also from here (the diagnostics host registers it when it loads this module). */
export { CERT_RULES } from './rules';
