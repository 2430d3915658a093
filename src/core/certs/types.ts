/**
 * Contract of the certificate checker (issue #3). The `cmg cert check --format json` output is
 * exactly `CertReport`; the sub-CA script generator (issue #4), the wizard (issue #5), the tree and
 * the diagnostics consume the same object. Implemented in `src/core/certs/check.ts`.
 */
import type { Finding } from '../findings';

export type CertRole = 'server' | 'trusted' | 'client';
export type EnvironmentOption = 'public' | 'usgov';

export interface CertCheckOptions {
  /** Path of the file to check (used in messages and the report's `file`). */
  readonly file: string;
  /** File contents; when absent the checker reads `file`. */
  readonly bytes?: Uint8Array;
  readonly role?: CertRole; // default 'server'
  /** PFX password; undefined = none given (an empty-password PFX still opens). Never logged. */
  readonly password?: string;
  /** Expected service FQDN (the gateway's `serviceFqdn`). */
  readonly fqdn?: string;
  /** CN of the certificate in use (renewal: must match in case). */
  readonly currentFqdn?: string;
  readonly environment?: EnvironmentOption;
  readonly deployment?: 'vmss' | 'classic';
  /** Trust anchors: paths or loaded certificates (DER). */
  readonly trusted?: readonly (string | Uint8Array)[];
  /** Extra intermediates: paths or DER. */
  readonly untrusted?: readonly (string | Uint8Array)[];
  /** Check time; default now. */
  readonly at?: Date;
  readonly expiryWarningDays?: number; // default 30
  /** Azure US Government VMSS DNS suffix (setting `cmg.azure.usGovVmssSuffix`). */
  readonly usGovVmssSuffix?: string;
  /** The gateway's Azure region (`westeurope`): named in the suggested VMSS deployment name when known. */
  readonly region?: string;
  /** ConfigMgr site version "yymm" (`site.version`): the trusted-list limits apply up to 1902 only. Unknown when absent. */
  readonly siteVersion?: string;
}

export interface CertSummary {
  readonly subject: string;
  readonly issuer: string;
  /** SHA-1, upper-case hex, no separators. */
  readonly thumbprint: string;
  /** ISO-8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyType: string; // 'rsa' | 'ec' | …
  readonly keyBits: number;
  readonly dnsNames: readonly string[];
}

export interface ChainEntry {
  readonly subject: string;
  readonly thumbprint: string;
  readonly role: 'leaf' | 'intermediate' | 'root';
}

export interface CertReport {
  readonly file: string;
  /** Absent when the file could not be read (CERT-PARSE / CERT-PASSWORD). */
  readonly certificate?: CertSummary;
  /** Leaf first, then issuers upward; the root last when one was found. */
  readonly chain: readonly ChainEntry[];
  readonly findings: readonly Finding[];
}
