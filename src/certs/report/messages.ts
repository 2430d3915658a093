/** Messages the certificate report webview may send. Anything else is ignored by the host. */
export type ReportMessage = { readonly type: 'copyJson' } | { readonly type: 'generateSubCaScript' };

/** Accepts only `{type: 'copyJson'}` and `{type: 'generateSubCaScript'}` (no other keys), nothing else. */
export function parseReportMessage(value: unknown): ReportMessage | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'type') return undefined;
  const type = (value as { type: unknown }).type;
  return type === 'copyJson' || type === 'generateSubCaScript' ? { type } : undefined;
}
