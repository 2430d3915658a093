/**
 * A small, strict DER reader for the parts of X.509 that Node's `crypto.X509Certificate` does not
 * expose (basicConstraints pathLen, name constraints, critical flags, AKI/SKI, keyUsage bits,
 * exact validity times, raw names). It works on byte offsets so the exact encodings of names and
 * algorithm identifiers can be compared. Every function throws `DerError` on malformed input;
 * callers turn that into a finding.
 */

export class DerError extends Error {}

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number ≤ 30). */
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet in `buf`. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
  readonly buf: Uint8Array;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Reads one TLV at `offset`; `limit` is the end of the enclosing content. */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length): Tlv {
  if (offset >= limit) throw new DerError('unexpected end of data');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let p = offset + 1;
  if (p >= limit) throw new DerError('truncated length');
  let len = buf[p++];
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4) throw new DerError('length too large');
    if (p + n > limit) throw new DerError('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
    if (len < 0x80 || (n > 1 && buf[p - n] === 0)) throw new DerError('non-minimal length');
  }
  const end = p + len;
  if (end > limit) throw new DerError('content runs past its container');
  return { tag, constructed: (tag & 0x20) !== 0, start: offset, contentStart: p, end, buf };
}

/** Reads a whole buffer as exactly one TLV (no trailing bytes). */
export function readOne(buf: Uint8Array): Tlv {
  const tlv = readTlv(buf, 0, buf.length);
  if (tlv.end !== buf.length) throw new DerError('trailing data');
  return tlv;
}

export function children(tlv: Tlv): Tlv[] {
  if (!tlv.constructed) throw new DerError('expected a constructed value');
  const out: Tlv[] = [];
  let p = tlv.contentStart;
  while (p < tlv.end) {
    const c = readTlv(tlv.buf, p, tlv.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function content(tlv: Tlv): Uint8Array {
  return tlv.buf.subarray(tlv.contentStart, tlv.end);
}

export function whole(tlv: Tlv): Uint8Array {
  return tlv.buf.subarray(tlv.start, tlv.end);
}

export function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

export function readOid(tlv: Tlv): string {
  expect(tlv, TAG.OID, 'an OBJECT IDENTIFIER');
  const c = content(tlv);
  if (c.length === 0) throw new DerError('empty OID');
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    if (v === 0 && c[i] === 0x80) throw new DerError('non-minimal OID');
    v = v * 128 + (c[i] & 0x7f);
    if (!(c[i] & 0x80)) {
      if (parts.length === 0) {
        const first = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    } else if (i === c.length - 1) throw new DerError('truncated OID');
  }
  return parts.join('.');
}

export function readBoolean(tlv: Tlv): boolean {
  expect(tlv, TAG.BOOLEAN, 'a BOOLEAN');
  const c = content(tlv);
  if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw new DerError('invalid BOOLEAN');
  return c[0] === 0xff;
}

/** Non-negative INTEGER as a JS number (throws when negative or beyond 2^48). */
export function readSmallInt(tlv: Tlv, tag: number = TAG.INTEGER): number {
  expect(tlv, tag, 'an INTEGER');
  const c = content(tlv);
  if (c.length === 0) throw new DerError('empty INTEGER');
  if (c[0] & 0x80) throw new DerError('negative INTEGER');
  if (c.length > 1 && c[0] === 0 && !(c[1] & 0x80)) throw new DerError('non-minimal INTEGER');
  if (c.length > 7) throw new DerError('INTEGER too large');
  let v = 0;
  for (const b of c) v = v * 256 + b;
  return v;
}

/** BIT STRING → array of set bit indexes (bit 0 = most significant bit of the first byte). */
export function readBits(tlv: Tlv): Set<number> {
  expect(tlv, TAG.BIT_STRING, 'a BIT STRING');
  const c = content(tlv);
  if (c.length === 0 || c[0] > 7 || (c.length === 1 && c[0] !== 0)) throw new DerError('invalid BIT STRING');
  const bits = new Set<number>();
  for (let i = 1; i < c.length; i++) for (let b = 0; b < 8; b++) if (c[i] & (0x80 >> b)) bits.add((i - 1) * 8 + b);
  return bits;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the directory string types used in names; unknown types come back as hex. */
export function readString(tlv: Tlv): string {
  const c = content(tlv);
  switch (tlv.tag) {
    case TAG.UTF8:
      try {
        return utf8.decode(c);
      } catch {
        throw new DerError('invalid UTF8String');
      }
    case TAG.PRINTABLE:
    case TAG.IA5:
    case 0x1a /* VisibleString */:
    case 0x12 /* NumericString */:
      for (const b of c) if (b > 0x7f) throw new DerError('non-ASCII byte in an ASCII string');
      return latin1.decode(c);
    case TAG.T61:
      return latin1.decode(c);
    case TAG.BMP: {
      if (c.length % 2) throw new DerError('odd BMPString');
      let s = '';
      for (let i = 0; i < c.length; i += 2) s += String.fromCharCode((c[i] << 8) | c[i + 1]);
      return s;
    }
    case TAG.UNIVERSAL_STRING: {
      if (c.length % 4) throw new DerError('bad UniversalString');
      let s = '';
      for (let i = 0; i < c.length; i += 4) s += String.fromCodePoint(((c[i] << 24) | (c[i + 1] << 16) | (c[i + 2] << 8) | c[i + 3]) >>> 0);
      return s;
    }
    default:
      return '#' + Buffer.from(whole(tlv)).toString('hex');
  }
}

/** UTCTime / GeneralizedTime → milliseconds since the epoch (fractional seconds kept). */
export function readTime(tlv: Tlv): number {
  const s = latin1.decode(content(tlv));
  let m: RegExpExecArray | null;
  if (tlv.tag === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) throw new DerError('invalid UTCTime');
    const yy = Number(m[1]);
    return Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  if (tlv.tag === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d*[1-9]))?Z$/.exec(s);
    if (!m) throw new DerError('invalid GeneralizedTime');
    const frac = m[7] ? Number('0.' + m[7]) * 1000 : 0;
    const d = new Date(0);
    d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
    return d.getTime() + frac;
  }
  throw new DerError('expected a time');
}

export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase();
}
