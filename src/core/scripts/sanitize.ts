/**
 * Cleaning and validation of every value the sub-CA script generator embeds (issue #4).
 *
 * Thumbprints come from the certificate chain (already upper-case hex) or are typed/pasted; typed
 * ones are cleaned (whitespace, colons and invisible format marks such as U+200E removed, case
 * folded) and must then be exactly 40 ASCII hex digits. The service name must be a DNS name.
 * Anything else is refused with a message naming the bad input, so nothing that could break out
 * of a string literal or the WQL query ever reaches a script. `assertEmbeddable` repeats a strict
 * allow-list check right before a value is written into a script (defence in depth).
 */
import type { ChainEntry } from '../certs/types';
import { t } from '../l10n';

declare const validServiceName: unique symbol;
declare const validThumbprint: unique symbol;
/** A DNS name that passed `validateServiceName`. */
export type ServiceName = string & { readonly [validServiceName]: true };
/** 40 upper-case hex digits that passed `validateThumbprint`. */
export type Thumbprint = string & { readonly [validThumbprint]: true };

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A sub-CA to embed: its thumbprint and, when it came from a chain, its subject (for a comment). */
export interface SubCa {
  readonly thumbprint: Thumbprint;
  readonly subject?: string;
}

const HEX40 = /^[0-9A-F]{40}$/;
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/**
 * Removed from typed thumbprints: spaces (any space separator, Zs, e.g. U+0020, U+00A0), colons,
 * and invisible format characters (Cf: U+200E/U+200F marks, U+FEFF, zero-width U+200B–U+200D,
 * U+2060, bidi controls, soft hyphen). Line breaks and tabs are not cleaned: they are refused.
 */
const THUMBPRINT_NOISE = /[\p{Zs}:\p{Cf}]/gu;

/**
 * Shows a value in a message so that every character is visible: JSON quoting, with anything
 * outside printable ASCII written as \uXXXX (an invisible U+200E shows as `\u200e`).
 */
export function showValue(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x21 && code <= 0x7e ? `${JSON.stringify(c)} (${hex})` : hex;
}

/** Removes separators and invisible marks from a typed thumbprint (no validation, no case change). */
export function cleanThumbprint(raw: string): string {
  return raw.replace(THUMBPRINT_NOISE, '');
}

/** Cleans a typed or pasted thumbprint, then requires exactly 40 ASCII hex digits; returns it upper-case. */
export function validateThumbprint(raw: string): Checked<Thumbprint> {
  const cleaned = cleanThumbprint(raw);
  const refuse = (reason: string): Checked<Thumbprint> => ({ ok: false, message: t('Thumbprint {0} is refused: {1}', showValue(raw), reason) });
  if (cleaned.length === 0) return refuse(t('it is empty.'));
  // Checked before case folding: 'ﬀ'.toUpperCase() is 'FF' and 'ı'.toUpperCase() is 'I'.
  const bad = [...cleaned].find((c) => !/^[0-9A-Fa-f]$/.test(c));
  if (bad !== undefined) return refuse(t('it contains the character {0}, which is not a hexadecimal digit.', describeChar(bad)));
  if (cleaned.length !== 40) return refuse(t('it has {0} hexadecimal digits instead of 40.', String(cleaned.length)));
  return { ok: true, value: cleaned.toUpperCase() as Thumbprint };
}

/**
 * Validates the CMG service name (the `ServiceCName` in the site database): a DNS name of letters,
 * digits, hyphens and dots, labels of 1–63 characters without a leading or trailing hyphen, at
 * most 253 characters. Nothing is cleaned or changed.
 */
export function validateServiceName(raw: string): Checked<ServiceName> {
  const refuse = (reason: string): Checked<ServiceName> => ({ ok: false, message: t('Service name {0} is refused: {1}', showValue(raw), reason) });
  if (raw.length === 0) return refuse(t('it is empty.'));
  const bad = [...raw].find((c) => !/^[A-Za-z0-9.-]$/.test(c));
  if (bad !== undefined) return refuse(t('it contains the character {0}; a DNS name has only letters, digits, hyphens and dots.', describeChar(bad)));
  if (raw.length > 253) return refuse(t('it has {0} characters; a DNS name has at most 253.', String(raw.length)));
  for (const label of raw.split('.')) {
    if (label.length === 0) return refuse(t('it has an empty label (two dots in a row, or a dot at the start or end).'));
    if (label.length > 63) return refuse(t('its label {0} has {1} characters; a label has at most 63.', showValue(label), String(label.length)));
    if (!DNS_LABEL.test(label)) return refuse(t('its label {0} starts or ends with a hyphen.', showValue(label)));
  }
  return { ok: true, value: raw as ServiceName };
}

/** Validates typed thumbprints (each may hold several separated by ';'); duplicates are dropped. */
export function validateThumbprints(raws: readonly string[]): { readonly subCas: SubCa[]; readonly errors: string[] } {
  const subCas: SubCa[] = [];
  const errors: string[] = [];
  const parts = raws.flatMap((r) => (r.includes(';') ? r.split(';') : [r]));
  for (const raw of parts) {
    const checked = validateThumbprint(raw);
    if (!checked.ok) errors.push(checked.message);
    else if (!subCas.some((s) => s.thumbprint === checked.value)) subCas.push({ thumbprint: checked.value });
  }
  if (parts.length === 0) errors.push(t('No thumbprint was given.'));
  return { subCas, errors };
}

/**
 * The sub-CAs of a certificate chain (leaf first, then issuers upward): every `intermediate`
 * entry, in order from the issuing CA upward; the leaf and the root are excluded. Refused when
 * there is none (the script is not needed) or when a thumbprint is not 40 hex digits.
 */
export function subCasFromChain(chain: readonly ChainEntry[], file: string): Checked<SubCa[]> {
  const intermediates = chain.filter((e) => e.role === 'intermediate');
  if (intermediates.length === 0) {
    const hasRoot = chain.some((e) => e.role === 'root');
    return {
      ok: false,
      message: hasRoot
        ? t('The certificate chain of {0} has no sub-CA: the certificate is issued directly by the root CA, so the sub-CA thumbprint script is not needed.', file)
        : t('No sub-CA certificate was found in the chain of {0}. If the certificate was issued by a sub-CA, add the sub-CA certificates to the file (for a PFX: export it with all certificates in the certification path).', file),
    };
  }
  const subCas: SubCa[] = [];
  for (const entry of intermediates) {
    const checked = validateThumbprint(entry.thumbprint);
    if (!checked.ok) return checked;
    if (!subCas.some((s) => s.thumbprint === checked.value)) subCas.push({ thumbprint: checked.value, subject: entry.subject });
  }
  return { ok: true, value: subCas };
}

/** Characters allowed in a certificate subject shown in a script comment; others become '?'. */
const COMMENT_SAFE = /[^A-Za-z0-9 .,=_()@+/:-]/g;

/** A certificate subject made safe for a one-line script comment (strict allow-list, ≤ 120 chars). */
export function commentSafe(text: string): string {
  const safe = text.replace(COMMENT_SAFE, '?');
  return safe.length > 120 ? `${safe.slice(0, 117)}...` : safe;
}

export type EmbeddedKind = 'serviceName' | 'thumbprint' | 'comment';

const ALLOW: Record<EmbeddedKind, RegExp> = {
  serviceName: /^[A-Za-z0-9.-]{1,253}$/,
  thumbprint: HEX40,
  comment: /^[A-Za-z0-9 .,=_()@+/:?-]{0,120}$/,
};

/**
 * Last check right before a value is written into a script. A failure here is a programming
 * error (validation was bypassed), never a user mistake: it throws instead of emitting.
 */
export function assertEmbeddable(kind: EmbeddedKind, value: string): string {
  const ok = ALLOW[kind].test(value) && (kind !== 'serviceName' || validateServiceName(value).ok);
  if (!ok) throw new Error(`Refusing to embed ${kind} ${showValue(value)} in a script.`);
  return value;
}
