// CompactPkeCrs (PKEv2) wire format, byte-exact with tfhe-rs 1.7 `safe_serialize`:
//   header "zk::CompactPkeCrs" · u32 1 CompactPkeCrs V1 · u32 1 variant PkeV2 · u32 1 SerializablePKEv2PublicParams V1
//   · u32 0 SerializableGroupElements V0 · Vec<G1 affine> g_list (2n) · Vec<G2 affine> g_hat_list (n)
//   · u64 D, n, d, k · u128 B_bound_squared · u64 B_inf, q, t, msbs_zero_padding_bit_count · Bound V0 (u32 0 · u32 variant)
//   · Option<u128> sid · u32 1 SerializablePKEv2DomainSeparators V1 · 11 × Vec<u8>
// Decoding checks the wire rules tfhe-rs checks (tags, lengths, Fp limbs below p, DS length 8 or 256) and, cheaply,
// that each point is on its curve; subgroup and parameter checks are in validate.ts.
import { CurveError } from '../bls446/errors.ts';
import {
  bls446,
  type G1Point,
  type G2Point,
  g1WireSize,
  g2WireSize,
  type PointForm,
  readG1At,
  readG2At,
  writeG1At,
  writeG2At,
} from '../bls446/index.ts';
import {
  type ByteReader,
  type ByteWriter,
  bytes,
  type Codec,
  CodecError,
  type CodecErrorKind,
  enumeration,
  literalEnum,
  map,
  option,
  safeDeserialize,
  safeSerialize,
  struct,
  u64,
  u64Big,
  u128,
  unsupported,
  vec,
  versioned,
} from '../codec/index.ts';
import { CrsError, type CrsErrorKind, checkCrsArg } from './errors.ts';
import type { BoundType, CrsScalarParams } from './params.ts';

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

// A point as a codec of the shared engine: the curve layer reads it in place and reports a CurveError, which becomes
// an InvalidPoint CrsError naming the field path.
function pointCodec<P>(
  read: (b: Uint8Array, o: number, name: string) => { point: P; end: number },
  write: (out: Uint8Array, o: number, p: P, form: PointForm) => number,
  size: (p: P, form: PointForm) => number,
  form: PointForm,
): Codec<P> {
  return {
    minSize: 8,
    read: (r: ByteReader) => {
      const path = r.pathString();
      try {
        const { point, end } = read(r.bytes, r.offset, path);
        r.offset = end;
        return point;
      } catch (e) {
        if (e instanceof CurveError) throw new CrsError('InvalidPoint', path, e.message, e.kind, e);
        throw e;
      }
    },
    write: (w: ByteWriter, p: P) => {
      w.offset = write(w.bytes, w.offset, p, form);
    },
    size: (p: P) => size(p, form),
  };
}

const domainSeparatorsCodec = struct<DomainSeparators>(
  Object.fromEntries(DOMAIN_SEPARATOR_NAMES.map((name) => [name, bytes])) as {
    [K in DomainSeparatorName]: Codec<Uint8Array>;
  },
);

function crsCodec(form: PointForm): Codec<CompactPkeCrs> {
  const params = struct({
    g_lists: versioned(
      'SerializableGroupElements',
      0,
      struct({
        g_list: vec(pointCodec(readG1At, writeG1At, g1WireSize, form)),
        g_hat_list: vec(pointCodec(readG2At, writeG2At, g2WireSize, form)),
      }),
    ),
    D: u64,
    n: u64,
    d: u64,
    k: u64,
    B_bound_squared: u128,
    B_inf: u64Big,
    q: u64Big,
    t: u64Big,
    msbs_zero_padding_bit_count: u64Big,
    bound_type: versioned('Bound', 0, literalEnum('Bound', BOUND_TYPES)),
    sid: option(u128),
    domain_separators: versioned('SerializablePKEv2DomainSeparators', 1, domainSeparatorsCodec),
  });
  const pkeV2 = map(
    versioned('SerializablePKEv2PublicParams', 1, params),
    (w): CompactPkeCrs => ({
      gList: w.g_lists.g_list,
      gHatList: w.g_lists.g_hat_list,
      D: w.D,
      n: w.n,
      d: w.d,
      k: w.k,
      bBoundSquared: w.B_bound_squared,
      bInf: w.B_inf,
      q: w.q,
      t: w.t,
      msbsZeroPaddingBitCount: w.msbs_zero_padding_bit_count,
      boundType: w.bound_type,
      sid: w.sid,
      domainSeparators: w.domain_separators,
    }),
    (c) => ({
      g_lists: { g_list: c.gList, g_hat_list: c.gHatList },
      D: c.D,
      n: c.n,
      d: c.d,
      k: c.k,
      B_bound_squared: c.bBoundSquared,
      B_inf: c.bInf,
      q: c.q,
      t: c.t,
      msbs_zero_padding_bit_count: c.msbsZeroPaddingBitCount,
      bound_type: c.boundType,
      sid: c.sid,
      domain_separators: c.domainSeparators,
    }),
  );
  return versioned(
    'CompactPkeCrs',
    1,
    enumeration('CompactPkeCrs', [unsupported('PkeV1 CRS'), pkeV2], () => 1),
  );
}

const CODECS: Record<PointForm, Codec<CompactPkeCrs>> = {
  uncompressed: crsCodec('uncompressed'),
  compressed: crsCodec('compressed'),
};

const KIND_OF_CODEC_ERROR: Record<CodecErrorKind, CrsErrorKind> = {
  Truncated: 'Truncated',
  LengthExceedsRemaining: 'Truncated',
  SizeLimitExceeded: 'SizeLimitExceeded',
  UnknownVersion: 'UnknownVersion',
  UnknownVariant: 'UnknownVersion',
  Unsupported: 'UnknownVersion',
  InvalidValue: 'InvalidValue',
  TrailingBytes: 'TrailingBytes',
  HeaderMismatch: 'HeaderMismatch',
  InvalidArgument: 'InvalidArgument',
};

function asCrsError(e: unknown): unknown {
  if (!(e instanceof CodecError)) return e;
  const detail = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
  return new CrsError(KIND_OF_CODEC_ERROR[e.kind], e.path, detail, undefined, e);
}

/** Reads a serialized CompactPkeCrs (uncompressed or compressed points) and checks its wire structure and that
 * every point is on its curve. Throws CrsError.
 * @example const crs = decodeCrs(bytes); validateCrs(crs)
 */
export function decodeCrs(input: Uint8Array, options: DecodeCrsOptions = {}): CompactPkeCrs {
  checkCrsArg(input instanceof Uint8Array, 'bytes', 'expected a Uint8Array');
  checkCrsArg(typeof options === 'object' && options !== null, 'options', 'expected an options object');
  const limit = options.sizeLimit ?? DEFAULT_SIZE_LIMIT;
  checkCrsArg(
    Number.isSafeInteger(limit) && limit >= 0,
    'options.sizeLimit',
    'expected a non-negative integer',
  );
  let crs: CompactPkeCrs;
  try {
    crs = safeDeserialize(input, CRS_TYPE_NAME, CODECS.uncompressed, { limit, root: 'CompactPkeCrs' });
  } catch (e) {
    throw asCrsError(e);
  }
  if (crs.gList.length !== 2 * crs.gHatList.length) {
    throw new CrsError(
      'InvalidStructure',
      'CompactPkeCrs.g_list',
      `${crs.gList.length} G1 points for ${crs.gHatList.length} G2 points (expected twice as many)`,
    );
  }
  const dsLength = crs.domainSeparators.hash.length;
  for (const name of DOMAIN_SEPARATOR_NAMES) {
    const len = crs.domainSeparators[name].length;
    if ((len !== 8 && len !== 256) || len !== dsLength) {
      throw new CrsError(
        'InvalidValue',
        `CompactPkeCrs.domain_separators.${name}`,
        `length ${len}, expected 8 (or legacy 256)`,
      );
    }
  }
  return crs;
}

/** Serialized size of a CRS with points in the given form.
 * @example crsWireSize(crs) // 576·n + 232 for the uncompressed form
 */
export function crsWireSize(crs: CompactPkeCrs, form: PointForm = 'uncompressed'): number {
  checkCrsArg(
    form === 'compressed' || form === 'uncompressed',
    'form',
    "expected 'compressed' or 'uncompressed'",
  );
  checkCrsShape(crs);
  return 34 + CRS_TYPE_NAME.length + CODECS[form].size(crs);
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
  checkCrsShape(crs);
  try {
    return safeSerialize(crs, CRS_TYPE_NAME, CODECS[form], {
      limit: Number.MAX_SAFE_INTEGER,
      root: 'CompactPkeCrs',
    });
  } catch (e) {
    throw asCrsError(e);
  }
}

/** Checks the JS shape of an in-memory CRS (types and ranges of every field), not its cryptographic validity. */
export function checkCrsShape(crs: CompactPkeCrs): void {
  checkCrsArg(typeof crs === 'object' && crs !== null, 'crs', 'expected a CompactPkeCrs');
  checkCrsArg(
    Array.isArray(crs.gList) && Array.isArray(crs.gHatList),
    'crs',
    'expected gList and gHatList arrays',
  );
  for (const [i, p] of crs.gList.entries())
    checkCrsArg(p instanceof bls446.G1, `crs.gList[${i}]`, 'expected a G1 point');
  for (const [j, p] of crs.gHatList.entries())
    checkCrsArg(p instanceof bls446.G2, `crs.gHatList[${j}]`, 'expected a G2 point');
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
