/**
 * Reads certificate files: PKCS#12 (.pfx/.p12), DER or PEM certificates (.cer/.crt/.der/.pem, one
 * or many, keys included), PKCS#7 certificate bundles (.p7b/.p7c).
 *
 * PKCS#12 is walked here with node-forge's BER parser, not with `forge.pkcs12.pkcs12FromAsn1`:
 * - forge's certificate parser reads RSA keys only: each certificate's DER goes to Node's
 *   `crypto.X509Certificate` instead, and keys (RSA or EC) to `crypto.createPrivateKey`;
 * - PBES2 derives its key with PBKDF2 over the UTF-8 bytes of the password, while the PKCS#12 MAC
 *   and the PKCS#12 PBE ciphers use UTF-16 (BMPString): forge feeds the same JS string to both, so
 *   a non-ASCII password (`pässwörd€`) failed. Here each scheme gets its own encoding.
 * The MAC (PKCS#12 KDF + HMAC), PBES2 (PBKDF2 + AES/3DES) and PKCS#12 3DES run on node:crypto
 * (native, about 4x faster than forge's JavaScript); forge's ciphers remain for RC2-40 (`-legacy`
 * certificate bags), which OpenSSL 3's default provider no longer offers.
 * `readCertificates` never throws: problems become CERT-PARSE / CERT-PASSWORD findings.
 */
import { KeyObject, X509Certificate, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import * as path from 'node:path';
import forge from 'node-forge';
import type { Finding } from '../findings';
import { t } from '../l10n';
import { CertDetails, dnsNamesOf, firstCn, parseCertDetails } from './x509';

export interface ParsedCertificate {
  der: Uint8Array;
  x509: X509Certificate;
  /** RFC 4514 order (most specific first), e.g. `CN=granitefalls.contoso.com, O=Contoso`. */
  subject: string;
  issuer: string;
  cn?: string;
  /** SHA-1, upper-case hex. */
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
  keyType: string;
  keyBits: number;
  dnsNames: string[];
  isCA: boolean;
  selfSigned: boolean;
  /** Decoded extensions and exact fields (absent when the DER walker could not read them). */
  details?: CertDetails;
  /** Why `details` is absent. */
  detailsError?: string;
}

export interface ReadResult {
  certificates: ParsedCertificate[];
  privateKey?: KeyObject;
  /** Index in certificates of the one matching the key, or the leaf. */
  leafIndex: number;
  /** True when a private key was found and it matches `certificates[leafIndex]`. */
  keyMatches: boolean;
  /** What the file was read as. */
  format: 'pkcs12' | 'pem' | 'der' | 'pkcs7' | 'unknown';
  findings: Finding[];
}

class PasswordError extends Error {}
class ParseError extends Error {}
/** A ParseError whose message is already a localized sentence fragment for the user. */
class UserParseError extends ParseError {}

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  md5: '1.2.840.113549.2.5',
};

type Asn1 = forge.asn1.Asn1;
const asn1 = forge.asn1;

function bin(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('binary');
}
function fromBin(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'binary'));
}

function node(a: Asn1 | undefined, tagClass: number, type: number, what: string): Asn1 {
  if (!a || a.tagClass !== tagClass || a.type !== type) throw new ParseError(`expected ${what}`);
  return a;
}
function seq(a: Asn1 | undefined, what: string): Asn1[] {
  const n = node(a, asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, what);
  if (!Array.isArray(n.value)) throw new ParseError(`expected ${what}`);
  return n.value;
}
function oidOf(a: Asn1 | undefined): string {
  const n = node(a, asn1.Class.UNIVERSAL, asn1.Type.OID, 'an OID');
  return asn1.derToOid(n.value as string);
}
function explicit0(a: Asn1 | undefined, what: string): Asn1 {
  if (!a || a.tagClass !== asn1.Class.CONTEXT_SPECIFIC || a.type !== 0 || !Array.isArray(a.value) || !a.value[0]) {
    throw new ParseError(`expected ${what}`);
  }
  return a.value[0];
}
/** OCTET STRING contents, also when BER-chunked (constructed). */
function octets(a: Asn1 | undefined, what: string): string {
  const n = node(a, asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, what);
  if (Array.isArray(n.value)) return n.value.map((c) => octets(c, what)).join('');
  return n.value;
}
function intOf(a: Asn1 | undefined): number {
  const n = node(a, asn1.Class.UNIVERSAL, asn1.Type.INTEGER, 'an INTEGER');
  const s = n.value as string;
  let v = 0;
  for (let i = 0; i < s.length; i++) v = v * 256 + s.charCodeAt(i);
  return v;
}
/** forge's typings only know the boolean form of fromDer's second argument. */
const berOptions = { strict: false, parseAllBytes: true, decodeBitStrings: false } as unknown as boolean;

const strictBerOptions = { strict: true, parseAllBytes: true, decodeBitStrings: false } as unknown as boolean;

function parseBer(bytes: string): Asn1 {
  try {
    return asn1.fromDer(bytes, strictBerOptions);
  } catch (err) {
    throw new ParseError(err instanceof Error ? err.message : String(err));
  }
}


/** The password as each PBE scheme wants it: PBES2 = UTF-8 bytes, PKCS#12 PBE/MAC = the JS string (UTF-16). */
function passwordFor(oid: string, password: string | null): string {
  if (password === null) return '';
  return oid === OIDS.pbes2 ? forge.util.encodeUtf8(password) : password;
}

/** PKCS#12 password as BMPString with its two-byte terminator (RFC 7292 B.1); null = no password. */
function bmpPassword(password: string | null): Buffer {
  if (password === null) return Buffer.alloc(0);
  const out = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2);
  return out;
}

const HASHES: Record<string, { name: string; u: number; v: number }> = {
  [OIDS.sha1]: { name: 'sha1', u: 20, v: 64 },
  [OIDS.sha256]: { name: 'sha256', u: 32, v: 64 },
  [OIDS.sha384]: { name: 'sha384', u: 48, v: 128 },
  [OIDS.sha512]: { name: 'sha512', u: 64, v: 128 },
  [OIDS.md5]: { name: 'md5', u: 16, v: 64 },
};

/** The PKCS#12 key derivation function (RFC 7292 appendix B.2), with Node's native hashes. */
function pkcs12Kdf(hash: { name: string; u: number; v: number }, password: string | null, salt: Buffer, id: number, iterations: number, n: number): Buffer {
  const { name, u, v } = hash;
  const fill = (src: Buffer) => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([fill(salt), fill(bmpPassword(password))]);
  const out = Buffer.alloc(n);
  for (let off = 0; off < n; off += u) {
    let A = createHash(name).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(name).update(A).digest();
    A.copy(out, off, 0, Math.min(u, n - off));
    if (off + u >= n) break;
    const B = Buffer.alloc(v);
    for (let i = 0; i < v; i++) B[i] = A[i % u];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = I[j + k] + B[k] + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return out;
}

const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
const MAX_ITERATIONS = 10_000_000;

function decipher(name: string, key: Buffer, iv: Buffer, data: string): string {
  try {
    const d = createDecipheriv(name, key, iv);
    return Buffer.concat([d.update(Buffer.from(data, 'binary')), d.final()]).toString('binary');
  } catch {
    throw new PasswordError('decryption failed');
  }
}

/**
 * Natively (node:crypto) for PBES2 (PBKDF2 over the UTF-8 password, AES or 3DES) and the PKCS#12
 * 3DES scheme (KDF over the BMPString password); undefined when the scheme needs forge (RC2-40).
 */
function pbeDecryptNative(oid: string, params: Asn1 | undefined, data: string, password: string | null): string | undefined {
  if (oid === OIDS.pbes2) {
    const [kdf, enc] = seq(params, 'PBES2 parameters');
    const [kdfOid, kdfParams] = seq(kdf, 'a key derivation function');
    if (oidOf(kdfOid) !== '1.2.840.113549.1.5.12') throw new ParseError('unsupported key derivation');
    const [saltA, iterA, ...rest] = seq(kdfParams, 'PBKDF2 parameters');
    const salt = Buffer.from(octets(saltA, 'a PBKDF2 salt'), 'binary');
    const iterations = intOf(iterA);
    if (iterations < 1 || iterations > MAX_ITERATIONS) throw new ParseError('bad PBKDF2 iteration count');
    let prf = 'sha1';
    for (const r of rest) {
      if (r.type === asn1.Type.SEQUENCE) {
        const p = PRFS[oidOf(seq(r, 'a PRF')[0])];
        if (!p) return undefined;
        prf = p;
      }
    }
    const [encOid, ivA] = seq(enc, 'an encryption scheme');
    const cipher = PBES2_CIPHERS[oidOf(encOid)];
    if (!cipher) return undefined;
    const key = pbkdf2Sync(Buffer.from(password ?? '', 'utf8'), salt, iterations, cipher.keyLength, prf);
    return decipher(cipher.name, key, Buffer.from(octets(ivA, 'an IV'), 'binary'), data);
  }
  if (oid === PBE_SHA1_3DES) {
    const [saltA, iterA] = seq(params, 'PBE parameters');
    const salt = Buffer.from(octets(saltA, 'a PBE salt'), 'binary');
    const iterations = intOf(iterA);
    if (iterations < 1 || iterations > MAX_ITERATIONS) throw new ParseError('bad PBE iteration count');
    const h = HASHES[OIDS.sha1];
    return decipher('des-ede3-cbc', pkcs12Kdf(h, password, salt, 1, iterations, 24), pkcs12Kdf(h, password, salt, 2, iterations, 8), data);
  }
  return undefined;
}

function pbeDecrypt(algorithm: Asn1, data: string, password: string | null): string {
  const [algOid, params] = seq(algorithm, 'an encryption algorithm');
  const oid = oidOf(algOid);
  const native = pbeDecryptNative(oid, params, data, password);
  if (native !== undefined) return native;
  let cipher: forge.cipher.BlockCipher;
  try {
    // forge's typings miss pbe.getCipher; it exists in every 1.x release (RC2-40 lives here).
    const pbe = (forge.pki as unknown as { pbe: { getCipher(o: string, p: Asn1 | undefined, pw: string | null): forge.cipher.BlockCipher } }).pbe;
    cipher = pbe.getCipher(oid, params, oid === OIDS.pbes2 ? passwordFor(oid, password) : password);
  } catch (err) {
    throw new ParseError(`unsupported encryption (${oid}): ${err instanceof Error ? err.message : String(err)}`);
  }
  cipher.update(forge.util.createBuffer(data));
  if (!cipher.finish()) throw new PasswordError('decryption failed');
  return cipher.output.getBytes();
}

interface Pkcs12Content {
  certs: Uint8Array[];
  keys: KeyObject[];
}

function verifyMac(macData: Asn1, authSafe: string, password: string | null): boolean {
  const [digestInfo, saltA, iterA] = seq(macData, 'MacData');
  const [alg, digestA] = seq(digestInfo, 'DigestInfo');
  const mdOid = oidOf(seq(alg, 'a digest algorithm')[0]);
  const hash = HASHES[mdOid];
  if (!hash) throw new ParseError(`unsupported MAC algorithm ${mdOid}`);
  const salt = Buffer.from(octets(saltA, 'a MAC salt'), 'binary');
  const iterations = iterA ? intOf(iterA) : 1;
  if (iterations < 1 || iterations > MAX_ITERATIONS) throw new ParseError('bad MAC iteration count');
  const key = pkcs12Kdf(hash, password, salt, 3, iterations, hash.u);
  const mac = createHmac(hash.name, key).update(Buffer.from(authSafe, 'binary')).digest();
  const expected = Buffer.from(octets(digestA, 'a MAC digest'), 'binary');
  return mac.length === expected.length && timingSafeEqual(mac, expected);
}

export interface ReadOptions {
  /**
   * Without a password: read the certificate bags that are not encrypted (a PFX exported with
   * `-certpbe NONE`) even though the MAC cannot be verified; keys are skipped. For display only.
   */
  readonly certificatesOnly?: boolean;
}

function readPkcs12(bytes: Uint8Array, password: string | undefined, options: ReadOptions = {}): Pkcs12Content {
  const pfx = seq(parseBer(bin(bytes)), 'a PKCS#12 PFX');
  if (pfx.length < 2 || intOf(pfx[0]) !== 3) throw new ParseError('not a PKCS#12 version 3 file');
  const [typeA, contentA] = seq(pfx[1], 'authSafe ContentInfo');
  if (oidOf(typeA) !== OIDS.data) throw new ParseError('only password-integrity PKCS#12 is supported');
  const authSafe = octets(explicit0(contentA, 'authSafe content'), 'authSafe data');

  // Which password candidates: the given one; for none/empty, both "" and the absent password.
  const candidates: (string | null)[] = password ? [password] : ['', null];
  let pw: string | null = candidates[0];
  if (pfx[2]) {
    const ok = candidates.find((c) => verifyMac(pfx[2], authSafe, c));
    if (ok === undefined && !options.certificatesOnly) throw new PasswordError('MAC');
    pw = ok ?? pw;
  }

  const out: Pkcs12Content = { certs: [], keys: [] };
  for (const ci of seq(parseBer(authSafe), 'AuthenticatedSafe')) {
    const [ctA, cA] = seq(ci, 'ContentInfo');
    const ct = oidOf(ctA);
    let safeContents: string;
    if (ct === OIDS.data) safeContents = octets(explicit0(cA, 'data'), 'SafeContents');
    else if (ct === OIDS.encryptedData) {
      const ed = seq(explicit0(cA, 'EncryptedData'), 'EncryptedData');
      const [, eci] = ed;
      const [, algA, encA] = seq(eci, 'EncryptedContentInfo');
      if (!encA || encA.tagClass !== asn1.Class.CONTEXT_SPECIFIC || encA.type !== 0) throw new ParseError('no encrypted content');
      const enc = Array.isArray(encA.value) ? encA.value.map((c) => octets(c, 'encrypted content')).join('') : encA.value;
      try {
        safeContents = pbeDecrypt(algA, enc, pw);
      } catch (err) {
        if (options.certificatesOnly && err instanceof PasswordError) continue;
        throw err;
      }
    } else throw new ParseError(`unsupported PKCS#12 content type ${ct}`);
    let bagsAsn1: Asn1;
    try {
      bagsAsn1 = asn1.fromDer(safeContents, berOptions);
    } catch {
      // Garbage after a decryption whose padding happened to look right: a wrong password.
      throw new PasswordError('garbage after decryption');
    }
    for (const bag of seq(bagsAsn1, 'SafeContents')) {
      const [idA, valA] = seq(bag, 'SafeBag');
      const id = oidOf(idA);
      const value = explicit0(valA, 'bag value');
      if (id === OIDS.certBag) {
        const [typeOid, certVal] = seq(value, 'CertBag');
        if (oidOf(typeOid) !== OIDS.x509Certificate) continue;
        out.certs.push(fromBin(octets(explicit0(certVal, 'certificate'), 'certificate')));
      } else if (id === OIDS.keyBag) {
        out.keys.push(loadPkcs8(asn1.toDer(value).getBytes()));
      } else if (id === OIDS.shroudedKeyBag && !options.certificatesOnly) {
        const [algA, dataA] = seq(value, 'EncryptedPrivateKeyInfo');
        const plain = pbeDecrypt(algA, octets(dataA, 'encrypted key'), pw);
        try {
          out.keys.push(loadPkcs8(plain));
        } catch {
          throw new PasswordError('key decryption gave garbage');
        }
      }
      // CRL bags, secret bags and safe-contents bags are not needed here.
    }
  }
  return out;
}

function loadPkcs8(der: string): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der, 'binary'), format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new ParseError(`unreadable private key: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Certificates in a PKCS#7 SignedData (.p7b), DER or BER. */
function readPkcs7(bytes: Uint8Array): Uint8Array[] {
  const [typeA, contentA] = seq(parseBer(bin(bytes)), 'ContentInfo');
  if (oidOf(typeA) !== OIDS.signedData) throw new ParseError('not a PKCS#7 SignedData');
  const sd = seq(explicit0(contentA, 'SignedData'), 'SignedData');
  const certs = sd.find((a) => a.tagClass === asn1.Class.CONTEXT_SPECIFIC && a.type === 0);
  if (!certs || !Array.isArray(certs.value)) return [];
  return certs.value.map((c) => fromBin(asn1.toDer(c).getBytes()));
}

interface PemBlock {
  label: string;
  der: Uint8Array;
  /** The block as text (for encrypted traditional keys, which need their headers). */
  text: string;
}

function pemBlocks(text: string): PemBlock[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  const out: PemBlock[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2].replace(/^[A-Za-z-]+:.*$/gm, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new ParseError(`bad base64 in a ${m[1]} block`);
    out.push({ label: m[1], der: new Uint8Array(Buffer.from(body, 'base64')), text: m[0] });
  }
  return out;
}

function keyType(x: X509Certificate): { type: string; bits: number } {
  try {
    const pk = x.publicKey;
    const type = pk.asymmetricKeyType ?? 'unknown';
    const d = pk.asymmetricKeyDetails ?? {};
    if (d.modulusLength) return { type, bits: d.modulusLength };
    const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256, prime192v1: 192, secp224r1: 224 };
    if (d.namedCurve) return { type, bits: curveBits[d.namedCurve] ?? 0 };
    if (type === 'ed25519') return { type, bits: 256 };
    if (type === 'ed448') return { type, bits: 456 };
    return { type, bits: 0 };
  } catch {
    return { type: 'unknown', bits: 0 };
  }
}

function formatName(multiline: string | undefined): string {
  return (multiline ?? '')
    .split('\n')
    .filter(Boolean)
    .reverse()
    .join(', ');
}

/** Parses one DER certificate; throws ParseError when neither Node nor the walker can read it. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(der));
  } catch (err) {
    throw new ParseError(err instanceof Error ? err.message : String(err));
  }
  let details: CertDetails | undefined;
  let detailsError: string | undefined;
  try {
    details = parseCertDetails(der);
  } catch (err) {
    detailsError = err instanceof Error ? err.message : String(err);
  }
  const { type, bits } = keyType(x509);
  let selfSigned = false;
  if (x509.subject === x509.issuer) {
    try {
      selfSigned = x509.verify(x509.publicKey);
    } catch {
      selfSigned = false;
    }
  }
  const cnMatch = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject ?? '');
  const notBefore = new Date(details?.notBefore ?? x509.validFrom);
  const notAfter = new Date(details?.notAfter ?? x509.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new ParseError('invalid validity dates');
  return {
    der,
    x509,
    subject: formatName(x509.subject),
    issuer: formatName(x509.issuer),
    cn: details ? firstCn(details) : cnMatch?.[1],
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    notBefore,
    notAfter,
    keyType: type,
    keyBits: bits,
    dnsNames: details ? dnsNamesOf(details) : [],
    isCA: details ? Boolean(details.basicConstraints?.ca) : x509.ca,
    selfSigned,
    details,
    detailsError,
  };
}

function spkiOf(key: KeyObject): Buffer | undefined {
  try {
    return createPublicKey(key).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
}

function certSpki(c: ParsedCertificate): Buffer | undefined {
  try {
    return c.x509.publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return undefined;
  }
}

/** The leaf: the certificate matching the key, else one that issued none of the others (non-CA first). */
function pickLeaf(certs: ParsedCertificate[], key: KeyObject | undefined): { index: number; matches: boolean } {
  if (key) {
    const spki = spkiOf(key);
    const i = spki ? certs.findIndex((c) => certSpki(c)?.equals(spki)) : -1;
    if (i >= 0) return { index: i, matches: true };
  }
  const issuesOther = (c: ParsedCertificate) => certs.some((o) => o !== c && o.x509.issuer === c.x509.subject && o.x509.subject !== c.x509.subject);
  const candidates = certs.map((c, i) => ({ c, i })).filter(({ c }) => !issuesOther(c));
  const best = candidates.find(({ c }) => !c.isCA) ?? candidates[0];
  return { index: best ? best.i : 0, matches: false };
}

function parseFinding(fileName: string, reason: string): Finding {
  return {
    rule: 'CERT-PARSE',
    severity: 'error',
    message: t('{0} cannot be read as a certificate ({1}). Ask the PKI team for the certificate again as a .pfx (with its private key) or a .cer file.', fileName, reason),
  };
}

function passwordFinding(fileName: string, given: boolean): Finding {
  return {
    rule: 'CERT-PASSWORD',
    severity: 'error',
    message: given
      ? t('The password for {0} is wrong. Enter the password that was set when the PFX was exported.', fileName)
      : t('{0} is protected by a password. Enter the password that was set when the PFX was exported.', fileName),
  };
}

function isPkcs12Name(fileName: string): boolean {
  return /\.(pfx|p12)$/i.test(fileName);
}

/** Reads certificates (and a private key) from a file's bytes. Never throws. */
export function readCertificates(bytes: Uint8Array, fileName: string, password?: string, options: ReadOptions = {}): ReadResult {
  const name = path.basename(fileName);
  const result: ReadResult = { certificates: [], leafIndex: 0, keyMatches: false, format: 'unknown', findings: [] };
  try {
    if (!bytes || bytes.length === 0) {
      result.findings.push(parseFinding(name, t('the file is empty')));
      return result;
    }
    const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('latin1');
    let ders: Uint8Array[] = [];
    const keys: KeyObject[] = [];
    if (head.includes('-----BEGIN ')) {
      result.format = 'pem';
      const text = Buffer.from(bytes).toString('latin1');
      for (const b of pemBlocks(text)) {
        if (b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE') ders.push(b.der);
        else if (b.label === 'PKCS7') ders.push(...readPkcs7(b.der));
        else if (b.label === 'PRIVATE KEY') keys.push(loadPkcs8(bin(b.der)));
        else if (b.label === 'RSA PRIVATE KEY' || b.label === 'EC PRIVATE KEY') {
          try {
            keys.push(createPrivateKey({ key: b.text, format: 'pem', passphrase: password ?? '' }));
          } catch {
            throw new PasswordError('pem key');
          }
        } else if (b.label === 'ENCRYPTED PRIVATE KEY') {
          if (password === undefined) throw new PasswordError('pem key');
          try {
            keys.push(createPrivateKey({ key: Buffer.from(b.der), format: 'der', type: 'pkcs8', passphrase: password }));
          } catch {
            throw new PasswordError('pem key');
          }
        }
      }
      if (ders.length === 0) throw new UserParseError(t('no certificate in the PEM file'));
    } else if (isPkcs12Name(name)) {
      result.format = 'pkcs12';
      const p = readPkcs12(bytes, password, options);
      ders = p.certs;
      keys.push(...p.keys);
    } else {
      // DER: a single certificate, else PKCS#7, else PKCS#12 under another extension.
      let done = false;
      try {
        parseCertificate(bytes);
        ders = [bytes];
        result.format = 'der';
        done = true;
      } catch {
        /* not a certificate */
      }
      if (!done) {
        try {
          ders = readPkcs7(bytes);
          result.format = 'pkcs7';
          done = true;
        } catch {
          /* not PKCS#7 */
        }
      }
      if (!done) {
        try {
          const p = readPkcs12(bytes, password, options);
          ders = p.certs;
          keys.push(...p.keys);
          result.format = 'pkcs12';
        } catch (err) {
          if (err instanceof PasswordError) throw err;
          throw new UserParseError(t('not a DER or PEM certificate, PKCS#7 or PKCS#12 file'));
        }
      }
    }
    if (ders.length === 0) {
      if (options.certificatesOnly && result.format === 'pkcs12') throw new PasswordError('certificates encrypted');
      throw new UserParseError(t('the file holds no certificate'));
    }
    const seen = new Set<string>();
    for (const der of ders) {
      const c = parseCertificate(der);
      if (seen.has(c.thumbprint)) continue;
      seen.add(c.thumbprint);
      result.certificates.push(c);
    }
    result.privateKey = keys[0];
    const leaf = pickLeaf(result.certificates, result.privateKey);
    result.leafIndex = leaf.index;
    result.keyMatches = leaf.matches;
    // A PFX with several keys: prefer the one matching the leaf.
    if (keys.length > 1) {
      for (const k of keys) {
        const l = pickLeaf(result.certificates, k);
        if (l.matches) {
          result.privateKey = k;
          result.leafIndex = l.index;
          result.keyMatches = true;
          break;
        }
      }
    }
  } catch (err) {
    result.certificates = [];
    result.privateKey = undefined;
    result.leafIndex = 0;
    result.keyMatches = false;
    if (err instanceof PasswordError) result.findings.push(passwordFinding(name, Boolean(password)));
    else if (err instanceof UserParseError) result.findings.push(parseFinding(name, err.message));
    else if (result.format === 'pkcs12') result.findings.push(parseFinding(name, t('the PFX file is truncated, damaged or uses an unsupported format')));
    else if (result.format === 'pem') result.findings.push(parseFinding(name, t('the PEM file is damaged or holds an unsupported block')));
    else result.findings.push(parseFinding(name, t('not a DER or PEM certificate, PKCS#7 or PKCS#12 file')));
  }
  return result;
}
