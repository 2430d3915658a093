/**
 * Certificate details that Node's `crypto.X509Certificate` does not give: decoded from the DER with
 * the walker in `der.ts`. `parseCertDetails` never throws: a structural problem is recorded in
 * `problems` (the path builder refuses such a certificate and names the problem).
 */
import { createHash } from 'node:crypto';
import {
  DerError,
  TAG,
  Tlv,
  bytesEqual,
  children,
  content,
  expect,
  readBits,
  readBoolean,
  readOid,
  readOne,
  readSmallInt,
  readString,
  readTime,
  readTlv,
  whole,
} from './der';

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
  crlDistributionPoints: '2.5.29.31',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
  commonName: '2.5.4.3',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  anyEku: '2.5.29.37.0',
  // Microsoft certificate template extensions (AD CS): always non-critical, ignored.
  msCertTemplateName: '1.3.6.1.4.1.311.20.2',
  msCertTemplate: '1.3.6.1.4.1.311.21.7',
  msAppPolicies: '1.3.6.1.4.1.311.21.10',
  msCaVersion: '1.3.6.1.4.1.311.21.1',
  msPrevCaHash: '1.3.6.1.4.1.311.21.2',
} as const;

/** Extensions this checker understands (a critical extension outside this set is refused). */
const KNOWN_EXTENSIONS = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.subjectKeyId,
  OID.authorityKeyId,
  OID.nameConstraints,
  OID.certificatePolicies,
  OID.policyMappings,
  OID.policyConstraints,
  OID.inhibitAnyPolicy,
  OID.crlDistributionPoints,
  OID.freshestCrl,
  OID.authorityInfoAccess,
  OID.subjectInfoAccess,
]);

/** Weak signature algorithms: SHA-1 and MD5/MD2 (RSA, DSA, ECDSA). */
const WEAK_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.3.14.3.2.29': 'sha1WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
};

const SIGNATURE_NAMES: Record<string, string> = {
  ...WEAK_SIGNATURES,
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
};

export type GeneralName =
  | { kind: 'dns'; value: string }
  | { kind: 'ip'; bytes: Uint8Array }
  | { kind: 'email'; value: string }
  | { kind: 'uri'; value: string }
  | { kind: 'dn'; der: Uint8Array }
  | { kind: 'other'; tag: number };

export interface Subtree {
  readonly base: GeneralName;
}

export interface NameConstraints {
  readonly permitted?: readonly Subtree[];
  readonly excluded?: readonly Subtree[];
}

export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

export interface CertDetails {
  readonly version: number; // 1, 2 or 3
  readonly serialHex: string;
  readonly sha1: string;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string; // OID
  readonly signatureName: string;
  readonly weakSignature: boolean;
  readonly issuerDer: Uint8Array;
  readonly subjectDer: Uint8Array;
  readonly issuerEmpty: boolean;
  readonly subjectEmpty: boolean;
  /** Canonical form (lower-case, collapsed spaces) used to match names. */
  readonly issuerKey: string;
  readonly subjectKey: string;
  readonly commonNames: readonly string[];
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Uint8Array;
  /** An EC key with explicit curve parameters instead of a named curve (refused: CABF 7.1.3.1.2). */
  readonly explicitCurve: boolean;
  readonly extensions: readonly Extension[];
  /** undefined when absent. */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number; readonly critical: boolean };
  readonly keyUsage?: ReadonlySet<number>;
  /** undefined when absent; an empty array when present but empty. */
  readonly extKeyUsage?: readonly string[];
  readonly subjectAltNames?: readonly GeneralName[];
  readonly sanCritical: boolean;
  readonly subjectKeyId?: Uint8Array;
  readonly authorityKeyId?: { readonly keyId?: Uint8Array; readonly hasIssuer: boolean; readonly hasSerial: boolean; readonly critical: boolean };
  readonly nameConstraints?: NameConstraints;
  readonly unknownCritical: readonly string[];
  /** Structural problems (malformed or forbidden encodings); a certificate with any is unusable. */
  readonly problems: readonly string[];
}

export const KEY_USAGE_KEY_CERT_SIGN = 5;

/** Canonical text of a Name for matching (RFC 5280 7.1, simplified: case and space folding). */
function nameKey(name: Tlv): { key: string; cns: string[]; empty: boolean } {
  const parts: string[] = [];
  const cns: string[] = [];
  const rdns = children(expect(name, TAG.SEQUENCE, 'a Name'));
  for (const rdn of rdns) {
    const atvs = children(expect(rdn, TAG.SET, 'an RDN'));
    if (atvs.length === 0) throw new DerError('empty RDN');
    const rdnParts: string[] = [];
    for (const atv of atvs) {
      const [type, value] = children(expect(atv, TAG.SEQUENCE, 'an attribute'));
      const oid = readOid(type);
      if (!value) throw new DerError('attribute without value');
      const str = readString(value);
      if (oid === OID.commonName) cns.push(str);
      rdnParts.push(`${oid}=${str.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()}`);
    }
    parts.push(rdnParts.sort().join('+'));
  }
  return { key: parts.join(','), cns, empty: rdns.length === 0 };
}

export function parseGeneralName(tlv: Tlv): GeneralName {
  const c = content(tlv);
  switch (tlv.tag) {
    case 0x82:
      return { kind: 'dns', value: asciiOnly(c, 'dNSName') };
    case 0x81:
      return { kind: 'email', value: asciiOnly(c, 'rfc822Name') };
    case 0x86:
      return { kind: 'uri', value: asciiOnly(c, 'URI') };
    case 0x87:
      return { kind: 'ip', bytes: c };
    case 0xa4: {
      const inner = children(tlv);
      if (inner.length !== 1) throw new DerError('bad directoryName');
      return { kind: 'dn', der: whole(inner[0]) };
    }
    case 0xa0: // otherName
    case 0xa3: // x400Address
    case 0xa5: // ediPartyName
    case 0x88: // registeredID
      return { kind: 'other', tag: tlv.tag };
    default:
      throw new DerError('unknown GeneralName type');
  }
}

function asciiOnly(c: Uint8Array, what: string): string {
  for (const b of c) if (b > 0x7e || b < 0x20) throw new DerError(`non-ASCII ${what}`);
  return Buffer.from(c).toString('latin1');
}

function parseGeneralNames(tlv: Tlv): GeneralName[] {
  return children(expect(tlv, TAG.SEQUENCE, 'GeneralNames')).map(parseGeneralName);
}

function parseNameConstraints(value: Uint8Array): NameConstraints {
  const seq = readOne(value);
  const parts = children(expect(seq, TAG.SEQUENCE, 'NameConstraints'));
  let permitted: Subtree[] | undefined;
  let excluded: Subtree[] | undefined;
  for (const p of parts) {
    const subtrees = children(p).map((st) => {
      const inner = children(expect(st, TAG.SEQUENCE, 'GeneralSubtree'));
      if (inner.length === 0) throw new DerError('empty GeneralSubtree');
      // RFC 5280 4.2.1.10: minimum is 0 (so absent in DER) and maximum is absent.
      if (inner.length > 1) throw new DerError('minimum/maximum in a name constraint are not allowed');
      return { base: parseGeneralName(inner[0]) };
    });
    if (subtrees.length === 0) throw new DerError('empty subtrees in name constraints');
    if (p.tag === 0xa0 && !permitted && !excluded) permitted = subtrees;
    else if (p.tag === 0xa1 && !excluded) excluded = subtrees;
    else throw new DerError('bad NameConstraints');
  }
  if (!permitted && !excluded) throw new DerError('name constraints without subtrees');
  return { permitted, excluded };
}

function parseAccessDescriptions(value: Uint8Array): void {
  const seq = readOne(value);
  const items = children(expect(seq, TAG.SEQUENCE, 'AuthorityInfoAccessSyntax'));
  if (items.length === 0) throw new DerError('empty access descriptions');
  for (const ad of items) {
    const inner = children(expect(ad, TAG.SEQUENCE, 'AccessDescription'));
    if (inner.length !== 2) throw new DerError('bad AccessDescription');
    readOid(inner[0]);
    parseGeneralName(inner[1]);
  }
}

/** Decodes a certificate's details. Throws DerError only when the outer structure is unreadable. */
export function parseCertDetails(der: Uint8Array): CertDetails {
  const problems: string[] = [];
  const cert = readOne(der);
  const [tbsTlv, sigAlgTlv, sigTlv, ...extra] = children(expect(cert, TAG.SEQUENCE, 'a Certificate'));
  if (!tbsTlv || !sigAlgTlv || !sigTlv || extra.length) throw new DerError('bad Certificate');
  expect(sigTlv, TAG.BIT_STRING, 'a signature');
  const tbs = children(expect(tbsTlv, TAG.SEQUENCE, 'a TBSCertificate'));
  let i = 0;
  let version = 1;
  if (tbs[0]?.tag === 0xa0) {
    const v = children(tbs[0]);
    version = readSmallInt(v[0]) + 1;
    if (version > 3) throw new DerError('unknown certificate version');
    i = 1;
  }
  const serial = expect(tbs[i++], TAG.INTEGER, 'a serial number');
  const innerSigAlg = expect(tbs[i++], TAG.SEQUENCE, 'a signature algorithm');
  const issuer = expect(tbs[i++], TAG.SEQUENCE, 'an issuer');
  const validity = children(expect(tbs[i++], TAG.SEQUENCE, 'a validity'));
  const subject = expect(tbs[i++], TAG.SEQUENCE, 'a subject');
  const spki = expect(tbs[i++], TAG.SEQUENCE, 'a public key');
  if (validity.length !== 2) throw new DerError('bad validity');
  const signatureAlgorithm = readOid(children(expect(sigAlgTlv, TAG.SEQUENCE, 'a signature algorithm'))[0]);
  if (!bytesEqual(whole(innerSigAlg), whole(sigAlgTlv))) problems.push('the signature algorithm inside the certificate differs from the outer one');
  const iss = nameKey(issuer);
  const sub = nameKey(subject);
  if (iss.empty) problems.push('empty issuer name');

  const extensions: Extension[] = [];
  for (; i < tbs.length; i++) {
    const t = tbs[i];
    if (t.tag === 0xa1 || t.tag === 0x81 || t.tag === 0xa2 || t.tag === 0x82) continue; // unique IDs
    if (t.tag !== 0xa3) throw new DerError('unexpected field in TBSCertificate');
    if (version !== 3) problems.push('extensions in a non-v3 certificate');
    const exts = children(expect(children(t)[0], TAG.SEQUENCE, 'Extensions'));
    if (exts.length === 0) problems.push('empty extensions');
    for (const e of exts) {
      const parts = children(expect(e, TAG.SEQUENCE, 'an Extension'));
      const oid = readOid(parts[0]);
      let critical = false;
      let valueTlv = parts[1];
      if (parts.length === 3) {
        critical = readBoolean(parts[1]);
        valueTlv = parts[2];
      } else if (parts.length !== 2) throw new DerError('bad Extension');
      expect(valueTlv, TAG.OCTET_STRING, 'an extension value');
      if (extensions.some((x) => x.oid === oid)) problems.push(`duplicate extension ${oid}`);
      extensions.push({ oid, critical, value: content(valueTlv) });
    }
  }

  const out: {
    -readonly [K in keyof CertDetails]: CertDetails[K];
  } = {
    version,
    serialHex: Buffer.from(content(serial)).toString('hex').toUpperCase(),
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    tbs: whole(tbsTlv),
    signatureAlgorithm,
    signatureName: SIGNATURE_NAMES[signatureAlgorithm] ?? signatureAlgorithm,
    weakSignature: signatureAlgorithm in WEAK_SIGNATURES,
    issuerDer: whole(issuer),
    subjectDer: whole(subject),
    issuerEmpty: iss.empty,
    subjectEmpty: sub.empty,
    issuerKey: iss.key,
    subjectKey: sub.key,
    commonNames: sub.cns,
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    spki: whole(spki),
    explicitCurve: isExplicitCurve(spki),
    extensions,
    sanCritical: false,
    unknownCritical: [],
    problems,
  };
  const unknownCritical: string[] = [];
  for (const e of extensions) {
    try {
      switch (e.oid) {
        case OID.basicConstraints: {
          const parts = children(expect(readOne(e.value), TAG.SEQUENCE, 'BasicConstraints'));
          let ca = false;
          let pathLen: number | undefined;
          let k = 0;
          if (parts[k]?.tag === TAG.BOOLEAN) {
            // An explicitly encoded default (FALSE) breaks DER but is harmless: tolerated, as Windows does.
            ca = readBoolean(parts[k++]);
          }
          if (parts[k]) pathLen = readSmallInt(parts[k++]);
          if (parts[k]) throw new DerError('bad BasicConstraints');
          if (pathLen !== undefined && !ca) problems.push('pathLenConstraint without cA');
          out.basicConstraints = { ca, pathLen, critical: e.critical };
          break;
        }
        case OID.keyUsage: {
          const bits = readBits(readOne(e.value));
          if (bits.size === 0) problems.push('empty key usage');
          out.keyUsage = bits;
          break;
        }
        case OID.extKeyUsage:
          out.extKeyUsage = children(expect(readOne(e.value), TAG.SEQUENCE, 'ExtKeyUsage')).map(readOid);
          break;
        case OID.subjectAltName: {
          const names = parseGeneralNames(readOne(e.value));
          if (names.length === 0) problems.push('empty subject alternative name');
          out.subjectAltNames = names;
          out.sanCritical = e.critical;
          break;
        }
        case OID.subjectKeyId: {
          const v = readOne(e.value);
          out.subjectKeyId = content(expect(v, TAG.OCTET_STRING, 'a key identifier'));
          if (e.critical) problems.push('critical subject key identifier');
          break;
        }
        case OID.authorityKeyId: {
          const parts = children(expect(readOne(e.value), TAG.SEQUENCE, 'AuthorityKeyIdentifier'));
          let keyId: Uint8Array | undefined;
          let hasIssuer = false;
          let hasSerial = false;
          for (const p of parts) {
            if (p.tag === 0x80) keyId = content(p);
            else if (p.tag === 0xa1) hasIssuer = true;
            else if (p.tag === 0x82) hasSerial = true;
            else throw new DerError('bad AuthorityKeyIdentifier');
          }
          out.authorityKeyId = { keyId, hasIssuer, hasSerial, critical: e.critical };
          if (e.critical) problems.push('critical authority key identifier');
          break;
        }
        case OID.nameConstraints:
          out.nameConstraints = parseNameConstraints(e.value);
          break;
        case OID.authorityInfoAccess:
        case OID.subjectInfoAccess:
          parseAccessDescriptions(e.value);
          if (e.critical) problems.push('critical authority information access');
          break;
        default:
          if (e.critical && !KNOWN_EXTENSIONS.has(e.oid)) unknownCritical.push(e.oid);
      }
    } catch (err) {
      problems.push(`malformed extension ${e.oid}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  out.unknownCritical = unknownCritical;
  if (out.subjectAltNames && sub.empty && !out.sanCritical) problems.push('empty subject with a non-critical subject alternative name');
  return out;
}

function isExplicitCurve(spki: Tlv): boolean {
  const [alg] = children(spki);
  const parts = children(expect(alg, TAG.SEQUENCE, 'an algorithm'));
  return readOid(parts[0]) === '1.2.840.10045.2.1' && parts[1]?.tag === TAG.SEQUENCE;
}

/** True when the certificate names itself as issuer (RFC 5280 "self-issued"). */
export function isSelfIssued(d: CertDetails): boolean {
  return d.issuerKey === d.subjectKey;
}

export function firstCn(d: CertDetails): string | undefined {
  return d.commonNames.length ? d.commonNames[d.commonNames.length - 1] : undefined;
}

export function dnsNamesOf(d: CertDetails): string[] {
  return (d.subjectAltNames ?? []).flatMap((n) => (n.kind === 'dns' ? [n.value] : []));
}

/** readTlv re-exported for the PKCS#12/PKCS#7 readers. */
export { readTlv };
