// CompactPkeCrs (PKEv2) wire format, byte-exact with tfhe-rs 1.7 `safe_serialize`:
//   header "zk::CompactPkeCrs" · u32 1 CompactPkeCrs V1 · u32 1 variant PkeV2 · u32 1 SerializablePKEv2PublicParams V1
//   · u32 0 SerializableGroupElements V0 · Vec<G1 affine> g_list (2n) · Vec<G2 affine> g_hat_list (n)
//   · u64 D, n, d, k · u128 B_bound_squared · u64 B_inf, q, t, msbs_zero_padding_bit_count · Bound V0 (u32 0 · u32 variant)
//   · Option<u128> sid · u32 1 SerializablePKEv2DomainSeparators V1 · 11 × Vec<u8>
// Decoding checks the wire rules tfhe-rs checks (tags, lengths, Fp limbs below p, DS length 8 or 256) and, cheaply,
// that each point is on its curve; subgroup and parameter checks are in validate.ts.
import { CurveError } from '../bls446/errors.ts';
import {
  G1_WIRE_BYTES,
  type G1Point,
  G2_WIRE_BYTES,
  type G2Point,
  g1WireSize,
  g2WireSize,
  type PointForm,
  readG1At,
  readG2At,
  writeG1At,
  writeG2At,
} from '../bls446/index.ts';
import { CrsError, checkCrsArg } from './errors.ts';
import type { BoundType, CrsScalarParams } from './params.ts';
import { ByteSink, ByteSource, headerSize, readHeader, writeHeader } from './wire.ts';

/** The type name tfhe-rs writes in the safe_serialize header of a CRS. */
export const CRS_TYPE_NAME = 'zk::CompactPkeCrs';

/** Field names of the PKEv2 domain separators, in wire order. */
export const DOMAIN_SEPARATOR_NAMES = [
  'hash',
  'hash_R',
  'hash_t',
  'hash_w',
  'hash_agg',
  'hash_lmap',
  'hash_phi',
  'hash_xi',
  'hash_z',
  'hash_chi',
  'hash_gamma',
] as const;
export type DomainSeparatorName = (typeof DOMAIN_SEPARATOR_NAMES)[number];
/** The 11 hash domain separators: 8 bytes each (256 in CRSs from before tfhe-zk-pok 0.6, still readable). */
export type DomainSeparators = Record<DomainSeparatorName, Uint8Array>;

/** A PKEv2 CompactPkeCrs. `gList[i]` = α^(i+1)·G1 for i ≠ n (gList[n] is the puncture, infinity), `gHatList[j]` =
 * α^(j+1)·G2. Objects from decodeCrs are only wire-checked: pass them through validateCrs before use. */
export interface CompactPkeCrs extends CrsScalarParams {
  gList: G1Point[];
  gHatList: G2Point[];
  D: number;
  n: number;
  bBoundSquared: bigint;
  /** session id tying the proof hashes to this CRS (node-tfhe draws a random u128) */
  sid: bigint | null;
  domainSeparators: DomainSeparators;
}

/** Options of decodeCrs / loadCrs. */
export interface DecodeCrsOptions {
  /** largest accepted input in bytes, like tfhe-rs safe_deserialize's limit (default 2^30) */
  sizeLimit?: number;
}

const DEFAULT_SIZE_LIMIT = 2 ** 30;
const BOUND_TYPES: readonly BoundType[] = ['GHL', 'CS'];

/** Reads a serialized CompactPkeCrs (uncompressed or compressed points) and checks its wire structure and that
 * every point is on its curve. Throws CrsError.
 * @example const crs = decodeCrs(bytes); validateCrs(crs)
 */
export function decodeCrs(bytes: Uint8Array, options: DecodeCrsOptions = {}): CompactPkeCrs {
  checkCrsArg(bytes instanceof Uint8Array, 'bytes', 'expected a Uint8Array');
  const limit = options.sizeLimit ?? DEFAULT_SIZE_LIMIT;
  checkCrsArg(
    Number.isSafeInteger(limit) && limit >= 0,
    'options.sizeLimit',
    'expected a non-negative integer',
  );
  if (bytes.length > limit) {
    throw new CrsError(
      'SizeLimitExceeded',
      'CompactPkeCrs',
      `${bytes.length} bytes exceed the limit of ${limit}`,
    );
  }
  const r = new ByteSource(bytes, 'CompactPkeCrs');
  readHeader(r, CRS_TYPE_NAME);
  r.version('CompactPkeCrsVersions', 1);
  const variant = r.u32('variant');
  if (variant !== 1)
    throw new CrsError('UnknownVersion', 'CompactPkeCrs.variant', `variant ${variant} is not PkeV2 (1)`);
  r.version('SerializablePKEv2PublicParamsVersions', 1);
  r.version('SerializableGroupElementsVersions', 0);

  const gList = readPoints(r, 'g_list', G1_WIRE_BYTES.infinity, readG1At);
  const gHatList = readPoints(r, 'g_hat_list', G2_WIRE_BYTES.infinity, readG2At);
  if (gList.length !== 2 * gHatList.length) {
    throw new CrsError(
      'InvalidStructure',
      'g_list',
      `${gList.length} G1 points for ${gHatList.length} G2 points (expected twice as many)`,
    );
  }
  const D = r.usize('D');
  const n = r.usize('n');
  const d = r.usize('d');
  const k = r.usize('k');
  const bBoundSquared = r.u128('B_bound_squared');
  const bInf = r.u64('B_inf');
  const q = r.u64('q');
  const t = r.u64('t');
  const msbsZeroPaddingBitCount = r.u64('msbs_zero_padding_bit_count');
  r.version('BoundVersions', 0);
  const bound = r.u32('bound_type');
  const boundType = BOUND_TYPES[bound];
  if (boundType === undefined)
    throw new CrsError('UnknownVersion', 'bound_type', `unknown Bound variant ${bound}`);
  const sid = r.bool('sid') ? r.u128('sid') : null;
  r.version('SerializablePKEv2DomainSeparatorsVersions', 1);
  const ds = {} as DomainSeparators;
  let dsLength = -1;
  for (const name of DOMAIN_SEPARATOR_NAMES) {
    const v = r.bytesVec(name);
    if (dsLength === -1 && v.length !== 8 && v.length !== 256) {
      throw new CrsError(
        'InvalidValue',
        `domain_separators.${name}`,
        `length ${v.length}, expected 8 (or legacy 256)`,
      );
    }
    if (dsLength !== -1 && v.length !== dsLength) {
      throw new CrsError(
        'InvalidValue',
        `domain_separators.${name}`,
        `length ${v.length}, expected ${dsLength}`,
      );
    }
    dsLength = v.length;
    ds[name] = v;
  }
  r.end();
  return {
    gList,
    gHatList,
    D,
    n,
    d,
    k,
    bBoundSquared,
    bInf,
    q,
    t,
    msbsZeroPaddingBitCount,
    boundType,
    sid,
    domainSeparators: ds,
  };
}

function readPoints<P>(
  r: ByteSource,
  name: string,
  minBytes: number,
  read: (b: Uint8Array, o: number, name: string) => { point: P; end: number },
): P[] {
  const count = r.length(name, minBytes);
  const out = new Array<P>(count);
  for (let i = 0; i < count; i++) {
    const path = `${name}[${i}]`;
    try {
      const { point, end } = read(r.bytes, r.offset, path);
      out[i] = point;
      r.offset = end;
    } catch (e) {
      if (e instanceof CurveError) throw new CrsError('InvalidPoint', path, e.message, e.kind, e);
      throw e;
    }
  }
  return out;
}

/** Serialized size of a CRS with points in the given form.
 * @example crsWireSize(crs) // 576·n + 232 for the uncompressed form
 */
export function crsWireSize(crs: CompactPkeCrs, form: PointForm = 'uncompressed'): number {
  checkCrsShape(crs);
  let size = headerSize(CRS_TYPE_NAME) + 16 + 8 + 8;
  for (const p of crs.gList) size += g1WireSize(p, form);
  for (const p of crs.gHatList) size += g2WireSize(p, form);
  size += 4 * 8 + 16 + 4 * 8 + 8 + (crs.sid === null ? 1 : 17) + 4;
  for (const name of DOMAIN_SEPARATOR_NAMES) size += 8 + crs.domainSeparators[name].length;
  return size;
}

/** Writes a CRS exactly as tfhe-rs 1.7 safe_serialize does (node-tfhe writes 'uncompressed'; 'compressed' stores
 * x and a sign bit and is decompressed by node-tfhe on load). The points are not re-validated here.
 * @example const bytes = encodeCrs(crs) // node-tfhe CompactPkeCrs.safe_deserialize(bytes, limit) reads it
 */
export function encodeCrs(crs: CompactPkeCrs, form: PointForm = 'uncompressed'): Uint8Array {
  checkCrsArg(
    form === 'compressed' || form === 'uncompressed',
    'form',
    "expected 'compressed' or 'uncompressed'",
  );
  const w = new ByteSink(crsWireSize(crs, form), 'CompactPkeCrs');
  writeHeader(w, CRS_TYPE_NAME);
  w.u32(1);
  w.u32(1);
  w.u32(1);
  w.u32(0);
  w.u64(BigInt(crs.gList.length));
  for (const p of crs.gList) w.offset = writeG1At(w.bytes, w.offset, p, form);
  w.u64(BigInt(crs.gHatList.length));
  for (const p of crs.gHatList) w.offset = writeG2At(w.bytes, w.offset, p, form);
  w.u64(BigInt(crs.D));
  w.u64(BigInt(crs.n));
  w.u64(BigInt(crs.d));
  w.u64(BigInt(crs.k));
  w.u128(crs.bBoundSquared);
  w.u64(crs.bInf);
  w.u64(crs.q);
  w.u64(crs.t);
  w.u64(crs.msbsZeroPaddingBitCount);
  w.u32(0);
  w.u32(BOUND_TYPES.indexOf(crs.boundType));
  if (crs.sid === null) {
    w.u8(0);
  } else {
    w.u8(1);
    w.u128(crs.sid);
  }
  w.u32(1);
  for (const name of DOMAIN_SEPARATOR_NAMES) {
    const v = crs.domainSeparators[name];
    w.u64(BigInt(v.length));
    w.raw(v);
  }
  return w.finish();
}

/** Checks the JS shape of an in-memory CRS (types and ranges of every field), not its cryptographic validity. */
export function checkCrsShape(crs: CompactPkeCrs): void {
  checkCrsArg(typeof crs === 'object' && crs !== null, 'crs', 'expected a CompactPkeCrs');
  checkCrsArg(
    Array.isArray(crs.gList) && Array.isArray(crs.gHatList),
    'crs',
    'expected gList and gHatList arrays',
  );
  for (const f of ['D', 'n', 'd', 'k'] as const) {
    checkCrsArg(Number.isSafeInteger(crs[f]) && crs[f] >= 0, `crs.${f}`, 'expected a non-negative integer');
  }
  const U64 = 1n << 64n;
  for (const f of ['bInf', 'q', 't', 'msbsZeroPaddingBitCount'] as const) {
    checkCrsArg(
      typeof crs[f] === 'bigint' && crs[f] >= 0n && crs[f] < U64,
      `crs.${f}`,
      'expected a u64 bigint',
    );
  }
  checkCrsArg(
    typeof crs.bBoundSquared === 'bigint' && crs.bBoundSquared >= 0n && crs.bBoundSquared < U64 * U64,
    'crs.bBoundSquared',
    'expected a u128 bigint',
  );
  checkCrsArg(BOUND_TYPES.includes(crs.boundType), 'crs.boundType', "expected 'GHL' or 'CS'");
  checkCrsArg(
    crs.sid === null || (typeof crs.sid === 'bigint' && crs.sid >= 0n && crs.sid < U64 * U64),
    'crs.sid',
    'expected null or a u128 bigint',
  );
  checkCrsArg(
    typeof crs.domainSeparators === 'object' && crs.domainSeparators !== null,
    'crs.domainSeparators',
    'missing',
  );
  for (const name of DOMAIN_SEPARATOR_NAMES) {
    const v = crs.domainSeparators[name];
    checkCrsArg(
      v instanceof Uint8Array && (v.length === 8 || v.length === 256),
      `crs.domainSeparators.${name}`,
      'expected 8 bytes',
    );
  }
}
