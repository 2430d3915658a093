/**
 * What each certificate rule means for a CMG admin and what to do about it (or what to ask the
 * PKI team for). Keyed by the stable rule IDs of issue #3. Pure (no `vscode` import): the
 * strings go through the core `t()`, which reads the same l10n bundles as `vscode.l10n.t`.
 * A function, not a constant, so the text follows the language configured at call time.
 */
import { t } from '../../core/l10n';

export interface RuleExplanation {
  /** Short title of the check. */
  readonly title: string;
  /** Why it matters for a cloud management gateway. */
  readonly why: string;
  /** What to do, or what to ask the PKI team for. */
  readonly action: string;
  /** Replaces the texts above when the finding is only information (e.g. a custom domain name). */
  readonly asInfo?: Omit<RuleExplanation, 'asInfo'>;
}

export function ruleExplanations(): Readonly<Record<string, RuleExplanation>> {
  return {
    'CERT-PARSE': {
      title: t('Certificate file cannot be read'),
      why: t('The file is not a certificate in a format the CMG wizard accepts (PFX/PKCS#12, DER or PEM), or it is damaged.'),
      action: t('Ask the PKI team to export the certificate again: for the server certificate a PFX (.pfx) with the private key, for trusted roots a DER or Base-64 .cer file.'),
    },
    'CERT-PASSWORD': {
      title: t('PFX password wrong or missing'),
      why: t('The PFX file is protected by a password and it could not be opened with the password given.'),
      action: t('Type the password again, or ask whoever exported the PFX for the password. A remembered password that no longer works is forgotten.'),
    },
    'CERT-NO-KEY': {
      title: t('No matching private key'),
      why: t('The CMG server certificate is uploaded with its private key. A .cer file, a PFX exported without the key, or a key that does not belong to the certificate cannot be used.'),
      action: t('Ask the PKI team for a PFX exported with "Yes, export the private key" from a Web Server template whose key is exportable.'),
    },
    'CERT-NO-CN': {
      title: t('No common name'),
      why: t('Configuration Manager takes the service name from the common name (CN) of the certificate subject. Without a CN the wizard cannot fill in the service name.'),
      action: t('Ask for a certificate whose subject CN is the CMG service name, for example CN=GraniteFalls.contoso.com.'),
    },
    'CERT-CN-MISMATCH': {
      title: t('Common name does not match the service name'),
      why: t('The service name of the gateway is the certificate CN. A certificate for another name creates another gateway, or is refused as a renewal.'),
      action: t('Use the certificate issued for the gateway\'s service FQDN, or ask the PKI team for one with that name as CN.'),
    },
    'CERT-CN-CASE': {
      title: t('Common name differs only in case'),
      why: t('When you renew the certificate of an existing CMG, the console accepts the new one only when its CN has exactly the same case as the deployed one.'),
      action: t('Ask the PKI team to reissue the certificate with the CN written exactly as the deployed service name, including upper and lower case.'),
    },
    'CERT-WILDCARD': {
      title: t('Wildcard certificate'),
      why: t('A wildcard certificate works, but the wizard replaces the * with the service name prefix: the service name must be given and must fall under the wildcard.'),
      action: t('Set the gateway\'s service FQDN (for example GraniteFalls.contoso.com for *.contoso.com) and make sure it is covered by the wildcard.'),
    },
    'CERT-HOSTNAME': {
      title: t('Clients would reject the name'),
      why: t('Clients connect to the service FQDN over TLS and check the certificate names: the DNS names in the Subject Alternative Name when present (then the CN is ignored), a wildcard only in the left-most label.'),
      action: t('Ask for a certificate whose Subject Alternative Name contains the service FQDN as a DNS name (and the CN the same name).'),
    },
    'CERT-SUFFIX': {
      title: t('Name does not fit the Azure environment or deployment method'),
      why: t('The deployment name is the first label of the CN plus an Azure domain that depends on the environment and the deployment method. cloudapp.net names cannot be used for a virtual machine scale set; cloudapp.azure.com names need the region label.'),
      action: t('Prefer a name in your own domain with a DNS CNAME to the deployment name. Otherwise ask for a certificate whose name matches the deployment method and the Azure environment.'),
      asInfo: {
        title: t('Custom domain name'),
        why: t('A service name in your own domain is the recommended setup: clients reach the gateway through a public DNS CNAME record from the service name to the Azure deployment name.'),
        action: t('Create the CNAME record in your public DNS zone (or check it exists) before clients use the gateway.'),
      },
    },
    'CERT-SERVICE-NAME': {
      title: t('Service name prefix not allowed'),
      why: t('The first label of the name is also the name of the cloud service, the storage account and (scale set) the key vault: 3 to 24 lowercase letters and digits, starting with a letter, no hyphen.'),
      action: t('Choose a prefix like granitefalls01 and ask for a certificate with that name.'),
    },
    'CERT-KEY': {
      title: t('Key type or size not supported'),
      why: t('The CMG needs an RSA key of 2048 or 4096 bits. Elliptic-curve keys and other sizes are refused.'),
      action: t('Ask the PKI team to reissue with an RSA 2048-bit (or 4096-bit) key.'),
    },
    'CERT-EKU': {
      title: t('Enhanced key usage missing'),
      why: t('The certificate limits what it can be used for, and the purpose the CMG needs is not among them: Server Authentication (1.3.6.1.5.5.7.3.1) for the server certificate, Client Authentication (1.3.6.1.5.5.7.3.2) for client certificates.'),
      action: t('Ask for a certificate from the Web Server template (server) or a workstation authentication template (client).'),
    },
    'CERT-EXPIRED': {
      title: t('Certificate expired'),
      why: t('An expired certificate is refused by Azure and by clients.'),
      action: t('Ask the PKI team to renew it with the same CN (same case) and replace it on the gateway.'),
    },
    'CERT-NOT-YET-VALID': {
      title: t('Certificate not yet valid'),
      why: t('The validity period has not started; clients would refuse the gateway until then.'),
      action: t('Wait until the start date, or check the clock of the issuing CA.'),
    },
    'CERT-EXPIRING': {
      title: t('Certificate expires soon'),
      why: t('When the server certificate expires, clients on the internet can no longer reach the gateway.'),
      action: t('Request the renewal now with exactly the same CN, then update the gateway in place.'),
    },
    'CERT-WEAK-SIGNATURE': {
      title: t('Weak signature algorithm'),
      why: t('SHA-1 and MD5 signatures are no longer trusted by current Windows versions and browsers.'),
      action: t('Ask the PKI team for a certificate (and CA certificates) signed with SHA-256 or stronger.'),
    },
    'CHAIN-INCOMPLETE': {
      title: t('Chain incomplete'),
      why: t('No path was found from the certificate to a trusted root with the certificates at hand. Clients that do not have the missing CA certificates will not trust the gateway.'),
      action: t('Ask the PKI team for the full chain: export the PFX with "Include all certificates in the certification path", or get the intermediate and root CA certificates as .cer files and add them to the gateway\'s trusted certificates.'),
    },
    'CHAIN-SIGNATURE': {
      title: t('Chain signature does not verify'),
      why: t('A certificate in the chain is not signed by the CA it names as issuer: the chain is broken or the wrong CA certificate was supplied.'),
      action: t('Ask the PKI team for the correct CA certificates (matching the issuer key identifier).'),
    },
    'CHAIN-ISSUER-NOT-CA': {
      title: t('Issuer is not a CA'),
      why: t('A certificate in the chain was issued by a certificate that is not allowed to act as a CA (no basic constraints CA, or no certificate signing key usage).'),
      action: t('Ask the PKI team to issue from a proper CA certificate.'),
    },
    'CHAIN-EXPIRED': {
      title: t('CA certificate expired'),
      why: t('A CA certificate in the chain is outside its validity period, so the whole chain is refused.'),
      action: t('Ask the PKI team for the renewed CA certificate and a server certificate issued under it.'),
    },
    'CHAIN-ROOT': {
      title: t('Root CA taken from the file'),
      why: t('No trusted certificates were given, so the chain ends at the self-signed root CA that came with the file. Internet clients trust the gateway only when they trust this root.'),
      action: t("Make sure clients have this root in their Trusted Root Certification Authorities store, and add it as a .cer file to the gateway's trusted certificates."),
    },
    'CHAIN-SUBCA': {
      title: t('Issued by subordinate CAs'),
      why: t('The chain holds subordinate (intermediate) CAs. When the PKI cannot be reached from the internet, the CMG needs their thumbprints in the site (SubCACertThumbprint).'),
      action: t('Make sure the sub-CA certificates are among the gateway\'s trusted certificates (the finding names any that are missing), and run the generated sub-CA thumbprint script on the site server when your clients need it.'),
    },
    'TRUSTED-NOT-CA': {
      title: t('Not a CA certificate'),
      why: t('The trusted certificates list of a CMG holds root and intermediate CA certificates. This certificate is not a CA.'),
      action: t('Use the root CA (top of the certification path) or an intermediate CA certificate instead.'),
    },
    'TRUSTED-INTERMEDIATE': {
      title: t('Intermediate CA'),
      why: t('This CA certificate is not self-signed: it is an intermediate CA. Sites up to version 1902 accept at most 4 intermediates in a gateway\'s trusted list.'),
      action: t('Add its root CA as well, so the chain is complete.'),
    },
  };
}

export function explanationFor(rule: string, severity?: 'error' | 'warning' | 'info'): Omit<RuleExplanation, 'asInfo'> | undefined {
  const e = ruleExplanations()[rule];
  if (!e) return undefined;
  return severity === 'info' && e.asInfo ? e.asInfo : e;
}
