/**
 * How a change to each gateway property can be applied, per Microsoft's documentation
 * (../shared/domain/cmg-rules.md §1.8 editable in place, §1.9 requires a redeploy, §1.10 Convert).
 * One table for the plan (issue #6), the wizard's modify mode (issue #5) and the tree.
 * Keys are JSON pointer paths relative to a gateway object.
 */
export type ChangeMode = 'in-place' | 'redeploy' | 'convert';

export interface FieldRule {
  /** Mode when the gateway keeps its deployment method. */
  readonly mode: ChangeMode;
  /** True when the console's Convert (classic → VMSS) lets this field change at the same time. */
  readonly changeableInConvert: boolean;
  readonly source: string;
}

export const GATEWAY_FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  // Convert's wizard lets only VM size, instances, CRL check, TLS and content change (rules 1.10).
  '/description': { mode: 'in-place', changeableInConvert: false, source: '[modify] 1.8, 1.10' },
  '/serviceFqdn': { mode: 'redeploy', changeableInConvert: false, source: '[modify] 1.9 service name' },
  '/deploymentMethod': { mode: 'convert', changeableInConvert: true, source: '[modify] 1.10 (classic → VMSS only, service name not in cloudapp.net)' },
  '/environment': { mode: 'redeploy', changeableInConvert: false, source: '[modify] 1.9, 1.10' },
  '/subscriptionId': { mode: 'redeploy', changeableInConvert: false, source: '[modify] 1.9, 1.10' },
  '/region': { mode: 'redeploy', changeableInConvert: false, source: '[modify] 1.9, 1.10' },
  '/resourceGroup/name': { mode: 'redeploy', changeableInConvert: false, source: '[modify] 1.9, 1.10' },
  // `create` only matters at creation; after that it has no effect.
  '/resourceGroup/create': { mode: 'in-place', changeableInConvert: true, source: 'creation only' },
  // VM size appears only at creation and in Convert (rules doc 1.9: an inference).
  '/vmSize': { mode: 'redeploy', changeableInConvert: true, source: '[modify] 1.9 (inference), 1.10' },
  '/vmInstances': { mode: 'in-place', changeableInConvert: true, source: '[modify] 1.8, 1.10' },
  // Renewal only, same CN in the same case (CERT-CN-CASE); a different CN is a new service name.
  '/serverCertificate': { mode: 'in-place', changeableInConvert: false, source: '[modify] 1.8, 3.5' },
  '/trustedCertificates': { mode: 'in-place', changeableInConvert: false, source: '[modify] 1.8' },
  '/verifyClientCertificateRevocation': { mode: 'in-place', changeableInConvert: true, source: '[modify] 1.8, 1.10' },
  '/enforceTls12': { mode: 'in-place', changeableInConvert: true, source: '[modify] 1.8, 1.10' },
  '/allowContent': { mode: 'in-place', changeableInConvert: true, source: '[modify] 1.8, 1.10' },
  '/alerts': { mode: 'in-place', changeableInConvert: false, source: '[modify] 1.8 Alerts tab' },
  // Boundary group references are set on the boundary groups, not in Convert.
  '/boundaryGroups': { mode: 'in-place', changeableInConvert: false, source: '[setup] 4.5 (boundary group references)' },
};

/** The rule for a pointer such as `/alerts/storage/thresholdGB` (longest matching prefix). */
export function fieldRule(pointer: string): FieldRule | undefined {
  let p = pointer;
  while (p) {
    const r = GATEWAY_FIELD_RULES[p];
    if (r) return r;
    p = p.slice(0, Math.max(0, p.lastIndexOf('/')));
  }
  return undefined;
}

/** A service name under cloudapp.net (classic Azure name) cannot be converted (rules doc 1.10). */
export function canConvert(serviceFqdn: string): boolean {
  return !/(^|\.)cloudapp\.net$/i.test(serviceFqdn.trim()) && !/(^|\.)usgovcloudapp\.net$/i.test(serviceFqdn.trim());
}
