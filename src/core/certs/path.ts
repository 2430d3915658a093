/**
 * RFC 5280 certification path building and validation.
 *
 * Building: depth-first search from the leaf towards a trust anchor. Candidate issuers are found
 * by name (canonical subject = issuer) and, when both carry them, AKI keyIdentifier = SKI;
 * anchors are tried first, then certificates valid at the check time. Alternatives are tried with
 * backtracking; a certificate (or the same name and key under another encoding) never appears
 * twice in one path (cycles); the search is bounded (depth, expansions, signature checks).
 *
 * Validation of each complete path: signatures, validity at the check time (to the millisecond),
 * basicConstraints cA and pathLenConstraint (self-issued certificates not counted), keyUsage
 * keyCertSign on issuers, v1 certificates not accepted as CAs, unknown critical extensions,
 * structural rules (AKI/SKI presence, critical flags, duplicate extensions, inconsistent CA
 * extensions), DNS / IP name constraints (other name types: refused when constrained), issuer key
 * strength, and the leaf's EKU for its role. The leaf's host name is checked by the caller.
 */
import type { ParsedCertificate } from './read';
import { dnsExcludedBy, dnsPermittedBy, isValidDnsConstraint, isValidDnsName } from './names';
import { GeneralName, KEY_USAGE_KEY_CERT_SIGN, OID, Subtree, isSelfIssued } from './x509';
import { bytesEqual } from './der';

export type PathRole = 'server' | 'client' | 'trusted' | 'any';

export type PathProblemKind =
  | 'no-issuer'
  | 'signature'
  | 'not-ca'
  | 'expired'
  | 'not-yet-valid'
  | 'path-length'
  | 'name-constraints'
  | 'critical-extension'
  | 'malformed'
  | 'weak-key'
  | 'eku'
  | 'ca-as-leaf'
  | 'cycle'
  | 'work-limit';

export interface PathProblem {
  readonly kind: PathProblemKind;
  /** The certificate the problem is about. */
  readonly cert: ParsedCertificate;
  /** English technical detail (not shown alone; findings carry the localized sentence). */
  readonly detail: string;
}

export interface PathOptions {
  readonly at: Date;
  readonly role: PathRole;
  readonly maxDepth?: number; // certificates in a path, default 10
  readonly maxSignatureChecks?: number; // default 200
  readonly maxExpansions?: number; // default 2000
}

export interface PathResult {
  readonly ok: boolean;
  /** The valid path (leaf first, anchor last) when ok; else the best candidate path found. */
  readonly path: readonly ParsedCertificate[];
  /** Problems on the best candidate path (empty when ok). */
  readonly problems: readonly PathProblem[];
  /** True when the best candidate reached a trust anchor (problems are then about validity). */
  readonly reachedAnchor: boolean;
}

const MAX_NAME_CHECKS = 4096;

function sameLogicalCert(a: ParsedCertificate, b: ParsedCertificate): boolean {
  if (a.thumbprint === b.thumbprint) return true;
  if (!a.details || !b.details) return false;
  return a.details.subjectKey === b.details.subjectKey && bytesEqual(a.details.spki, b.details.spki);
}

function keyProblem(c: ParsedCertificate): string | undefined {
  if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') {
    if (c.keyBits < 2048) return `RSA key of ${c.keyBits} bits (at least 2048 needed)`;
    if (c.keyBits % 8 !== 0) return `RSA key of ${c.keyBits} bits (not a multiple of 8)`;
    return undefined;
  }
  if (c.keyType === 'ec') return c.keyBits >= 256 ? undefined : `elliptic curve of ${c.keyBits || 'unknown'} bits`;
  if (c.keyType === 'ed25519' || c.keyType === 'ed448') return undefined;
  return `${c.keyType} key is not accepted`;
}

/** Problems of a certificate on its own, at a position in a path. */
function certProblems(c: ParsedCertificate, isLeaf: boolean, isAnchor: boolean, opts: PathOptions): PathProblem[] {
  const out: PathProblem[] = [];
  const d = c.details;
  if (!d) return [{ kind: 'malformed', cert: c, detail: c.detailsError ?? 'unreadable certificate' }];
  for (const p of d.problems) out.push({ kind: 'malformed', cert: c, detail: p });
  for (const oid of d.unknownCritical) out.push({ kind: 'critical-extension', cert: c, detail: `unknown critical extension ${oid}` });
  // RFC 5280 validity has one-second granularity: compare at whole seconds.
  const at = Math.floor(opts.at.getTime() / 1000) * 1000;
  if (at < d.notBefore) out.push({ kind: 'not-yet-valid', cert: c, detail: `not valid before ${new Date(d.notBefore).toISOString()}` });
  if (at > d.notAfter) out.push({ kind: 'expired', cert: c, detail: `expired ${new Date(d.notAfter).toISOString()}` });
  const bc = d.basicConstraints;
  const signsCerts = d.keyUsage?.has(KEY_USAGE_KEY_CERT_SIGN) ?? false;
  if (signsCerts && !bc?.ca) out.push({ kind: 'malformed', cert: c, detail: 'keyCertSign without basicConstraints cA' });
  const selfSigned = c.selfSigned;
  if (c.keyType === 'unknown' || (c.keyType === 'ec' && c.keyBits === 0) || d.explicitCurve) out.push({ kind: 'malformed', cert: c, detail: 'unreadable public key or explicit elliptic-curve parameters' });
  // Authority key identifier: required except on self-signed certificates (RFC 5280 4.2.1.1).
  if (!selfSigned && !isAnchor && !d.authorityKeyId?.keyId) out.push({ kind: 'malformed', cert: c, detail: 'no authority key identifier' });
  if (selfSigned && d.authorityKeyId) {
    const aki = d.authorityKeyId;
    if (!aki.keyId || aki.hasIssuer || aki.hasSerial) out.push({ kind: 'malformed', cert: c, detail: 'root authority key identifier must hold only a key identifier' });
    else if (d.subjectKeyId && !bytesEqual(aki.keyId, d.subjectKeyId)) out.push({ kind: 'malformed', cert: c, detail: 'root authority key identifier differs from its subject key identifier' });
  }
  if (!isLeaf || (isAnchor && opts.role === 'trusted')) {
    // Issuers (and a trust anchor checked as such).
    if (d.version < 3) out.push({ kind: 'not-ca', cert: c, detail: 'version 1 certificate cannot be a CA' });
    if (!bc?.ca) out.push({ kind: 'not-ca', cert: c, detail: bc ? 'basicConstraints cA is false' : 'no basicConstraints extension' });
    else if (!bc.critical) out.push({ kind: 'malformed', cert: c, detail: 'basicConstraints of a CA is not critical' });
    if (d.keyUsage && !signsCerts) out.push({ kind: 'not-ca', cert: c, detail: 'keyUsage lacks keyCertSign' });
    if (!d.subjectKeyId) out.push({ kind: 'malformed', cert: c, detail: 'CA certificate without subject key identifier' });
    if (d.subjectEmpty) out.push({ kind: 'malformed', cert: c, detail: 'CA certificate with an empty subject' });
    const kp = keyProblem(c);
    if (kp) out.push({ kind: 'weak-key', cert: c, detail: kp });
    // Windows (CryptoAPI) intersects the EKUs of the CAs in the chain: a CA whose EKU extension
    // lacks the purpose (and anyExtendedKeyUsage) makes the chain unusable for it.
    const wanted = purposeOf(opts.role);
    if (wanted && d.extKeyUsage && d.extKeyUsage.length > 0 && !d.extKeyUsage.includes(wanted) && !d.extKeyUsage.includes(OID.anyEku)) {
      out.push({ kind: 'eku', cert: c, detail: `the CA's extended key usage does not allow ${wanted === OID.serverAuth ? 'server' : 'client'} authentication` });
    }
  }
  if (isLeaf && !(isAnchor && opts.role === 'trusted')) {
    if ((opts.role === 'server' || opts.role === 'client') && bc?.ca) out.push({ kind: 'ca-as-leaf', cert: c, detail: 'a CA certificate used as the end-entity certificate' });
    if (d.nameConstraints && !bc?.ca) out.push({ kind: 'malformed', cert: c, detail: 'name constraints in an end-entity certificate' });
    const wanted = purposeOf(opts.role);
    if (wanted && d.extKeyUsage && !d.extKeyUsage.includes(wanted) && !d.extKeyUsage.includes(OID.anyEku)) {
      out.push({ kind: 'eku', cert: c, detail: `extended key usage lacks ${wanted === OID.serverAuth ? 'serverAuth' : 'clientAuth'}` });
    }
    if (d.sanCritical && !d.subjectEmpty) out.push({ kind: 'malformed', cert: c, detail: 'critical subject alternative name with a non-empty subject' });
    for (const n of d.subjectAltNames ?? []) {
      if (n.kind === 'dns' && !isValidDnsName(n.value, true)) out.push({ kind: 'malformed', cert: c, detail: `invalid DNS name ${JSON.stringify(n.value)} in the subject alternative name` });
    }
  }
  return out;
}

function purposeOf(role: PathRole): string | undefined {
  return role === 'server' ? OID.serverAuth : role === 'client' ? OID.clientAuth : undefined;
}

function ipMatches(addr: Uint8Array, constraint: Uint8Array): boolean {
  const n = addr.length;
  if (constraint.length !== n * 2) return false;
  for (let i = 0; i < n; i++) if ((addr[i] & constraint[n + i]) !== (constraint[i] & constraint[n + i])) return false;
  return true;
}

function validIpConstraint(c: Uint8Array): boolean {
  if (c.length !== 8 && c.length !== 32) return false;
  // The mask must be contiguous ones.
  const mask = c.subarray(c.length / 2);
  let zero = false;
  for (const b of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (b >> bit) & 1;
      if (one && zero) return false;
      if (!one) zero = true;
    }
  }
  return true;
}

function constraintType(n: GeneralName): string {
  return n.kind === 'other' ? `other:${n.tag}` : n.kind;
}

/** Name constraints of `ca` applied to `c`; undefined when satisfied, else the reason. */
function nameConstraintProblem(ca: ParsedCertificate, c: ParsedCertificate, isLeaf: boolean, budget: { left: number }): string | undefined {
  const nc = ca.details?.nameConstraints;
  const d = c.details;
  if (!nc || !d) return undefined;
  const names: GeneralName[] = [...(d.subjectAltNames ?? [])];
  // A leaf without SAN dNSNames may be matched on its CN (RFC 6125 fallback, used for CMG): the
  // DNS constraints then apply to a CN that looks like a host name, so they cannot be bypassed.
  if (isLeaf && !names.some((n) => n.kind === 'dns')) {
    for (const cn of d.commonNames) if (isValidDnsName(cn, true)) names.push({ kind: 'dns', value: cn });
  }
  const permitted: readonly Subtree[] = nc.permitted ?? [];
  const excluded: readonly Subtree[] = nc.excluded ?? [];
  budget.left -= (permitted.length + excluded.length) * Math.max(1, names.length);
  if (budget.left < 0) return 'too many names and constraints to check';
  for (const st of [...permitted, ...excluded]) {
    if (st.base.kind === 'dns' && !isValidDnsConstraint(st.base.value)) return `invalid DNS name constraint ${JSON.stringify(st.base.value)}`;
    if (st.base.kind === 'ip' && !validIpConstraint(st.base.bytes)) return 'invalid IP address constraint';
  }
  for (const name of names) {
    const type = constraintType(name);
    const perm = permitted.filter((s) => constraintType(s.base) === type);
    const excl = excluded.filter((s) => constraintType(s.base) === type);
    if (perm.length === 0 && excl.length === 0) continue;
    if (name.kind === 'dns') {
      if (!isValidDnsName(name.value, true)) return `invalid DNS name ${JSON.stringify(name.value)}`;
      const v = name.value;
      if (excl.some((s) => s.base.kind === 'dns' && dnsExcludedBy(v, s.base.value))) return `${v} is in an excluded subtree`;
      if (perm.length && !perm.some((s) => s.base.kind === 'dns' && dnsPermittedBy(v, s.base.value))) return `${v} is outside the permitted subtrees`;
    } else if (name.kind === 'ip') {
      const bytes = name.bytes;
      if (excl.some((s) => s.base.kind === 'ip' && ipMatches(bytes, s.base.bytes))) return 'IP address in an excluded subtree';
      if (perm.length && !perm.some((s) => s.base.kind === 'ip' && ipMatches(bytes, s.base.bytes))) return 'IP address outside the permitted subtrees';
    } else {
      // Name types this checker does not compare (e-mail, URI, directory, other): refuse when constrained.
      return `a ${name.kind} name is constrained by a type this checker does not evaluate`;
    }
  }
  return undefined;
}

/** Full validation of one complete path (leaf first, anchor last). */
function validatePath(path: readonly ParsedCertificate[], opts: PathOptions, verify: (child: ParsedCertificate, parent: ParsedCertificate) => boolean): PathProblem[] {
  const out: PathProblem[] = [];
  const n = path.length;
  for (let i = 0; i < n; i++) out.push(...certProblems(path[i], i === 0, i === n - 1, opts));
  for (let i = 0; i + 1 < n; i++) {
    if (!verify(path[i], path[i + 1])) out.push({ kind: 'signature', cert: path[i], detail: `signature does not verify with the key of ${path[i + 1].subject}` });
  }
  // pathLenConstraint, from the anchor down; the leaf is not counted; self-issued CAs are not counted.
  let remaining = Number.POSITIVE_INFINITY;
  for (let i = n - 1; i >= 1; i--) {
    const c = path[i];
    const d = c.details;
    if (!d) continue;
    if (i !== n - 1 && !isSelfIssued(d)) {
      if (remaining <= 0) {
        out.push({ kind: 'path-length', cert: c, detail: 'exceeds the path length constraint of an issuer' });
        break;
      }
      remaining--;
    }
    const pl = d.basicConstraints?.pathLen;
    if (pl !== undefined) remaining = Math.min(remaining, pl);
  }
  // Name constraints of each CA apply to every certificate below it (self-issued intermediates excepted).
  const budget = { left: MAX_NAME_CHECKS };
  for (let i = n - 1; i >= 1; i--) {
    if (!path[i].details?.nameConstraints) continue;
    for (let j = i - 1; j >= 0; j--) {
      const c = path[j];
      if (j > 0 && c.details && isSelfIssued(c.details)) continue;
      const why = nameConstraintProblem(path[i], c, j === 0, budget);
      if (why) {
        out.push({ kind: 'name-constraints', cert: c, detail: why });
        break;
      }
    }
  }
  return out;
}

/** Candidate issuers of `c`: by name, filtered by AKI/SKI; anchors first, then currently valid. */
function candidates(c: ParsedCertificate, pool: readonly ParsedCertificate[], anchors: ReadonlySet<string>, at: number): ParsedCertificate[] {
  const d = c.details;
  const out = pool.filter((p) => {
    if (!p.details) return p.x509.subject === c.x509.issuer;
    if (!d) return p.x509.subject === c.x509.issuer;
    if (p.details.subjectKey !== d.issuerKey) return false;
    const aki = d.authorityKeyId?.keyId;
    const ski = p.details.subjectKeyId;
    return !(aki && ski && !bytesEqual(aki, ski));
  });
  const score = (p: ParsedCertificate) => {
    const valid = p.details ? at >= p.details.notBefore && at <= p.details.notAfter : true;
    return (anchors.has(p.thumbprint) ? 0 : 2) + (valid ? 0 : 1);
  };
  return out.map((p, i) => ({ p, i, s: score(p) })).sort((a, b) => a.s - b.s || a.i - b.i).map((x) => x.p);
}

/**
 * Builds and validates a path from `leaf` to one of `anchors` using `intermediates`.
 * Returns the first valid path, or the best failing candidate with its problems.
 */
export function buildPath(
  leaf: ParsedCertificate,
  intermediates: readonly ParsedCertificate[],
  anchors: readonly ParsedCertificate[],
  opts: PathOptions,
): PathResult {
  const maxDepth = opts.maxDepth ?? 10;
  let sigBudget = opts.maxSignatureChecks ?? 200;
  let expansions = opts.maxExpansions ?? 2000;
  const anchorSet = new Set(anchors.map((a) => a.thumbprint));
  const pool: ParsedCertificate[] = [];
  const seen = new Set<string>();
  for (const c of [...anchors, ...intermediates]) {
    if (!seen.has(c.thumbprint)) {
      seen.add(c.thumbprint);
      pool.push(c);
    }
  }
  const at = opts.at.getTime();
  const sigCache = new Map<string, boolean>();
  let outOfBudget = false;
  const verify = (child: ParsedCertificate, parent: ParsedCertificate): boolean => {
    const key = child.thumbprint + '>' + parent.thumbprint;
    const hit = sigCache.get(key);
    if (hit !== undefined) return hit;
    if (sigBudget-- <= 0) {
      outOfBudget = true;
      return false;
    }
    let ok = false;
    try {
      ok = child.x509.verify(parent.x509.publicKey);
    } catch {
      ok = false;
    }
    sigCache.set(key, ok);
    return ok;
  };

  let best: { path: ParsedCertificate[]; problems: PathProblem[]; anchored: boolean } | undefined;
  const consider = (path: ParsedCertificate[], problems: PathProblem[], anchored: boolean) => {
    // Prefer anchored paths, then fewer problems, then longer partial paths.
    if (
      !best ||
      (anchored && !best.anchored) ||
      (anchored === best.anchored && (problems.length < best.problems.length || (problems.length === best.problems.length && path.length > best.path.length)))
    ) {
      best = { path: [...path], problems, anchored };
    }
  };

  const path: ParsedCertificate[] = [leaf];
  const dfs = (): ParsedCertificate[] | undefined => {
    if (expansions-- <= 0 || outOfBudget) {
      outOfBudget = true;
      return undefined;
    }
    const cur = path[path.length - 1];
    if (anchorSet.has(cur.thumbprint)) {
      const problems = validatePath(path, opts, verify);
      if (problems.length === 0) return [...path];
      consider(path, problems, true);
      return undefined;
    }
    if (path.length >= maxDepth) {
      consider(path, [{ kind: 'work-limit', cert: cur, detail: 'the path is too long' }], false);
      return undefined;
    }
    const next = candidates(cur, pool, anchorSet, at).filter((p) => !path.some((q) => sameLogicalCert(p, q)));
    if (next.length === 0) {
      const cycle = candidates(cur, pool, anchorSet, at).length > 0;
      consider(path, [{ kind: cycle ? 'cycle' : 'no-issuer', cert: cur, detail: cycle ? 'the issuers found form a cycle' : `no issuer certificate for ${cur.issuer}` }], false);
      return undefined;
    }
    for (const p of next) {
      // Prune on a bad signature at once (the full validation repeats it from the cache).
      if (!verify(cur, p)) {
        consider([...path, p], [{ kind: 'signature', cert: cur, detail: `signature does not verify with the key of ${p.subject}` }], anchorSet.has(p.thumbprint));
        continue;
      }
      path.push(p);
      const found = dfs();
      path.pop();
      if (found) return found;
      if (outOfBudget) break;
    }
    return undefined;
  };

  const found = dfs();
  if (found) return { ok: true, path: found, problems: [], reachedAnchor: true };
  if (outOfBudget && (!best || !best.anchored)) {
    return { ok: false, path: best?.path ?? [leaf], problems: [{ kind: 'work-limit', cert: leaf, detail: 'path building gave up: too many candidate paths' }], reachedAnchor: false };
  }
  const b = best ?? { path: [leaf], problems: [{ kind: 'no-issuer', cert: leaf, detail: 'no issuer found' } as PathProblem], anchored: false };
  return { ok: false, path: b.path, problems: b.problems, reachedAnchor: b.anchored };
}
