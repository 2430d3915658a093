/**
 * DNS names: syntax, RFC 6125 hostname matching (wildcard in the left-most label only, no CN
 * fallback when the certificate has SAN dNSName entries), and RFC 5280 DNS name constraints.
 * The CMG checker allows the CN fallback only without SAN dNSNames (RFC 6125 6.4.4, as Windows
 * clients do); the web PKI profile (browsers, the x509-limbo HTTPS subset) never falls back to the CN.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A syntactically valid DNS name (presented name): LDH labels, optionally `*.` first. */
export function isValidDnsName(name: string, allowWildcard: boolean): boolean {
  if (!name || name.length > 253 || name.endsWith('.')) return false;
  const labels = name.toLowerCase().split('.');
  for (let i = 0; i < labels.length; i++) {
    if (i === 0 && allowWildcard && labels[0] === '*') {
      // A wildcard needs at least two labels under it (no `*.com`, no bare `*`).
      if (labels.length < 3) return false;
      continue;
    }
    if (!LABEL.test(labels[i])) return false;
  }
  return true;
}

/** Does a presented DNS name (possibly `*.x.y`) match the reference host name? Case-insensitive. */
export function dnsNameMatches(presented: string, host: string): boolean {
  const p = presented.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!isValidDnsName(p, true) || !isValidDnsName(h, false)) return false;
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // ".x.y"
  if (!h.endsWith(suffix)) return false;
  const first = h.slice(0, h.length - suffix.length);
  // The wildcard covers exactly one whole label, and never an IDN A-label.
  return first.length > 0 && !first.includes('.') && !first.startsWith('xn--');
}

export interface HostnameCheck {
  readonly ok: boolean;
  /** The names that were compared (SAN dNSNames, or the CN when there is no SAN). */
  readonly names: readonly string[];
  readonly usedCn: boolean;
}

/**
 * RFC 6125 6.4: SAN dNSName entries when the certificate has any; only without any SAN
 * dNSName, and only when `cnFallback` is allowed, the subject CN.
 */
export function matchHostname(dnsNames: readonly string[], cn: string | undefined, host: string, cnFallback: boolean): HostnameCheck {
  if (dnsNames.length > 0) return { ok: dnsNames.some((n) => dnsNameMatches(n, host)), names: dnsNames, usedCn: false };
  if (cnFallback && cn) return { ok: dnsNameMatches(cn, host), names: [cn], usedCn: true };
  return { ok: false, names: [], usedCn: false };
}

/** Valid DNS name constraint: LDH labels, no wildcard, no leading period (webpki's rule). */
export function isValidDnsConstraint(c: string): boolean {
  if (c === '') return true;
  return isValidDnsName(c, false);
}

/** Is `name` (no wildcard) within the DNS subtree `constraint`? */
export function dnsWithin(name: string, constraint: string): boolean {
  const n = name.toLowerCase();
  const c = constraint.toLowerCase();
  if (c === '') return true;
  return n === c || n.endsWith('.' + c);
}

/**
 * A presented name against a permitted subtree: every host the name can stand for must be inside.
 * `*.x` is inside `c` when `x` is strictly inside `c`... or `x` equals a subtree of `c`.
 */
export function dnsPermittedBy(name: string, constraint: string): boolean {
  if (name.startsWith('*.')) {
    const base = name.slice(2);
    // Every `<label>.base` must be within c: true when base itself is within c.
    return dnsWithin(base, constraint);
  }
  return dnsWithin(name, constraint);
}

/** A presented name against an excluded subtree: excluded when any host it stands for is inside. */
export function dnsExcludedBy(name: string, constraint: string): boolean {
  if (name.startsWith('*.')) {
    const base = name.slice(2);
    if (dnsWithin(base, constraint)) return true;
    // `*.example.com` stands for `bar.example.com`, which `bar.example.com` excludes.
    const c = constraint.toLowerCase();
    const dot = c.indexOf('.');
    return dot > 0 && c.slice(dot + 1) === base.toLowerCase();
  }
  return dnsWithin(name, constraint);
}
