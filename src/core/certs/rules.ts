/**
 * The catalogue of certificate rules (CERT-*, CHAIN-*, TRUSTED-*): stable IDs (a contract for the
 * CLI, diagnostics and other tools), default severity, English title (localized by hosts), the
 * source in ../shared/domain/cmg-rules.md terms and the Microsoft Learn page.
 */
import type { RuleInfo } from '../findings';

const CMG = 'https://learn.microsoft.com/mem/configmgr/core/clients/manage/cmg/';
const SRV = `${CMG}server-auth-cert`;
const CERTS = `${CMG}certificates-for-cloud-management-gateway`;
const MODIFY = `${CMG}modify-cloud-management-gateway`;
const PKI = 'https://learn.microsoft.com/mem/configmgr/core/plan-design/network/pki-certificate-requirements';
const RFC5280 = 'https://www.rfc-editor.org/rfc/rfc5280#section-6';
const RFC6125 = 'https://www.rfc-editor.org/rfc/rfc6125#section-6.4';

export const CERT_RULES: readonly RuleInfo[] = [
  { id: 'CERT-PARSE', defaultSeverity: 'error', title: 'The file cannot be read as a certificate', source: '[srv] 3.1', docUrl: SRV },
  { id: 'CERT-PASSWORD', defaultSeverity: 'error', title: 'The PFX password is wrong or missing', source: '[srv] 3.1', docUrl: SRV },
  { id: 'CERT-NO-KEY', defaultSeverity: 'error', title: 'The server certificate has no private key, or the key does not match it', source: '[srv] [pki] 3.1', docUrl: SRV },
  { id: 'CERT-NO-CN', defaultSeverity: 'error', title: 'The certificate subject has no common name', source: '[srv] 3.1, 1.7', docUrl: SRV },
  { id: 'CERT-CN-MISMATCH', defaultSeverity: 'error', title: 'The certificate CN does not match the service FQDN', source: '[srv] 1.7, 3.3', docUrl: SRV },
  { id: 'CERT-CN-CASE', defaultSeverity: 'error', title: 'The certificate CN differs from the expected name only in case', source: '[modify] 1.8, 3.5', docUrl: MODIFY },
  { id: 'CERT-WILDCARD', defaultSeverity: 'warning', title: 'Wildcard certificate: the service FQDN must be given and fall under it', source: '[certs] 3.4', docUrl: CERTS },
  { id: 'CERT-HOSTNAME', defaultSeverity: 'error', title: 'TLS clients would reject the certificate’s names for the service FQDN', source: 'RFC 6125 6.4', docUrl: RFC6125 },
  { id: 'CERT-SUFFIX', defaultSeverity: 'error', title: 'The certificate name does not fit the Azure environment and deployment method', source: '[srv] [modify] 1.7, 1.10, 3.2, 8.1', docUrl: SRV },
  { id: 'CERT-SERVICE-NAME', defaultSeverity: 'error', title: 'The service name prefix must be a letter followed by 2–23 letters or digits', source: '[srv] [supp] 2.5, 8.3', docUrl: SRV },
  { id: 'CERT-KEY', defaultSeverity: 'error', title: 'The key must be RSA with 2048 or 4096 bits', source: '[pki] [srv] 3.1, 3.6', docUrl: PKI },
  { id: 'CERT-EKU', defaultSeverity: 'error', title: 'The enhanced key usage lacks the purpose of the role', source: '[pki] 3.1, 3.6', docUrl: PKI },
  { id: 'CERT-EXPIRED', defaultSeverity: 'error', title: 'The certificate has expired', source: '[srv] 3.5', docUrl: SRV },
  { id: 'CERT-NOT-YET-VALID', defaultSeverity: 'error', title: 'The certificate is not valid yet', source: '[srv]', docUrl: SRV },
  { id: 'CERT-EXPIRING', defaultSeverity: 'warning', title: 'The certificate expires soon', source: '[modify] 3.5', docUrl: MODIFY },
  { id: 'CERT-WEAK-SIGNATURE', defaultSeverity: 'warning', title: 'SHA-1 or MD5 signature on the certificate or its chain', source: '[pki] 3.1', docUrl: PKI },
  { id: 'CHAIN-INCOMPLETE', defaultSeverity: 'error', title: 'No valid path to a trust anchor', source: 'RFC 5280 6; [srv] 3.2', docUrl: RFC5280 },
  { id: 'CHAIN-SIGNATURE', defaultSeverity: 'error', title: 'A signature in the chain does not verify', source: 'RFC 5280 6.1.3', docUrl: RFC5280 },
  { id: 'CHAIN-ISSUER-NOT-CA', defaultSeverity: 'error', title: 'An issuer lacks basicConstraints CA or keyCertSign', source: 'RFC 5280 6.1.4', docUrl: RFC5280 },
  { id: 'CHAIN-EXPIRED', defaultSeverity: 'error', title: 'A chain certificate is outside its validity', source: 'RFC 5280 6.1.3', docUrl: RFC5280 },
  { id: 'CHAIN-ROOT', defaultSeverity: 'info', title: 'The chain ends at a root taken from the file: clients must trust it', source: '[srv] 3.2', docUrl: SRV },
  { id: 'CHAIN-SUBCA', defaultSeverity: 'info', title: 'The chain holds subordinate CAs', source: '[L-subca] 3.9', docUrl: CERTS },
  { id: 'TRUSTED-NOT-CA', defaultSeverity: 'error', title: 'A trusted certificate is not a CA certificate', source: '[certs] 2.2, 3.6', docUrl: CERTS },
  { id: 'TRUSTED-INTERMEDIATE', defaultSeverity: 'info', title: 'An intermediate CA in the trusted list (counts toward the limit of older versions)', source: '[certs] 2.2, 8.4', docUrl: CERTS },
];
