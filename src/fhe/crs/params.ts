// CRS scalar parameters as tfhe-zk-pok 0.8 derives them (proofs/pke_v2: compute_crs_params, has_valid_params) and as
// tfhe 1.7 maps TFHE parameters onto them (zk/mod.rs prepare_crs_parameters, high_level_api/zk.rs from_config).
// Arithmetic is done in bigint with the same overflow rules as the Rust code (u128 products, usize = u64).
import { CrsError, checkCrsArg } from './errors.ts';

/** GHL: heuristic bound of the paper's lemma 2; CS: Cauchy–Schwarz bound (what tfhe 1.7 generates). */
export type BoundType = 'GHL' | 'CS';

/** The free scalar parameters of a PKEv2 CRS (everything else is derived from them). */
export interface CrsScalarParams {
  /** LWE dimension */
  d: number;
  /** maximum number of messages per proof */
  k: number;
  /** inclusive infinity-norm bound of the noise */
  bInf: bigint;
  /** ciphertext modulus (0 = 2^64) */
  q: bigint;
  /** plaintext modulus including the padding bit */
  t: bigint;
  msbsZeroPaddingBitCount: bigint;
  boundType: BoundType;
}

/** What compute_crs_params derives: n (G2 list length; the G1 list has 2n), D, the squared bound and m. */
export interface DerivedCrsParams {
  n: number;
  D: number;
  bBoundSquared: bigint;
  mBound: number;
}

/** Compact public-key encryption parameters that fix a CRS (the fields of CompactPublicKeyEncryptionParameters
 * that matter to the proof). */
export interface PkeEncryptionParams {
  lweDimension: number;
  /** TUniform(b) bound 2^b (inclusive) */
  noiseBound: bigint;
  messageModulus: number;
  carryModulus: number;
  /** 0 = native 2^64 */
  ciphertextModulus: bigint;
}

/** tfhe 1.7 `PARAM_PKE_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128` (the dedicated compact-PKE set used with ZK).
 * @example crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048)
 */
export const PKE_PARAMS_TUNIFORM_2M128: Readonly<PkeEncryptionParams> = Object.freeze({
  lweDimension: 2048,
  noiseBound: 1n << 17n,
  messageModulus: 4,
  carryModulus: 4,
  ciphertextModulus: 0n,
});

const U64 = 1n << 64n;
const U128 = 1n << 128n;

function ceilIlog2(v: bigint): number {
  const bits = v.toString(2).length;
  return (v & (v - 1n)) === 0n ? bits - 1 : bits;
}

function ilog2(v: bigint): number {
  return v.toString(2).length - 1;
}

function boundFactor(boundType: BoundType, d: bigint, k: bigint): bigint {
  // GHL: 9.75² scaled by 10^4 (divided back below), as in tfhe-zk-pok
  return boundType === 'GHL' ? 950625n : 2n * (d + k) + 4n;
}

function checkParamsArg(p: CrsScalarParams): void {
  checkCrsArg(typeof p === 'object' && p !== null, 'params', 'expected CRS scalar parameters');
  for (const f of ['d', 'k'] as const) {
    checkCrsArg(Number.isSafeInteger(p[f]) && p[f] >= 0, `params.${f}`, 'expected a non-negative integer');
  }
  for (const f of ['bInf', 'q', 't', 'msbsZeroPaddingBitCount'] as const) {
    checkCrsArg(typeof p[f] === 'bigint' && p[f] >= 0n && p[f] < U64, `params.${f}`, 'expected a u64 bigint');
  }
  checkCrsArg(p.boundType === 'GHL' || p.boundType === 'CS', 'params.boundType', "expected 'GHL' or 'CS'");
}

/** The reason tfhe-zk-pok's `has_valid_params` rejects these values, or undefined if it accepts them (the checks
 * that keep proving and verification from panicking; `n` and `bBoundSquared` must equal the derived values).
 * @example validParamsError({ ...crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), n: 5952, bBoundSquared }) // undefined
 */
export function validParamsError(
  p: CrsScalarParams & { n: number; bBoundSquared: bigint },
): string | undefined {
  checkParamsArg(p);
  checkCrsArg(Number.isSafeInteger(p.n) && p.n >= 0, 'params.n', 'expected a non-negative integer');
  checkCrsArg(
    typeof p.bBoundSquared === 'bigint' && p.bBoundSquared >= 0n,
    'params.bBoundSquared',
    'expected a u128 bigint',
  );
  const d = BigInt(p.d);
  const k = BigInt(p.k);
  if (k > d) return `k = ${k} exceeds d = ${d}`;
  if (p.t === 0n) return 't is zero';
  const decodedQ = p.q === 0n ? U64 : p.q;
  if (p.t >= decodedQ) return `t = ${p.t} is not below q`;
  if (p.msbsZeroPaddingBitCount >= 64n) return 'msbs_zero_padding_bit_count ≥ 64';
  const effectiveT = p.t >> p.msbsZeroPaddingBitCount;
  if (effectiveT < 2n) return 'effective plaintext modulus below 2';
  const dim = d + k;
  if (dim === 0n || dim >= U64) return 'd + k is zero or overflows';
  const bSquared = p.bInf * p.bInf * dim;
  if (bSquared >= U128) return 'B_inf² (d + k) overflows u128';
  const dp2 = d + 2n;
  if (dp2 * dp2 * dim >= U128) return '(d + 2)² (d + k) overflows u128';
  const inner = bSquared + (dp2 * dp2 * dim) / 4n;
  if (inner >= U128) return 'bound overflows u128';
  const max = boundFactor(p.boundType, d, k) * inner;
  if (max >= U128) return 'bound overflows u128';
  const expected = p.boundType === 'GHL' ? (max + 9999n) / 10000n : max;
  if (p.bBoundSquared !== expected) return `B_bound_squared = ${p.bBoundSquared}, expected ${expected}`;
  if (expected === 0n) return 'B_bound_squared is zero';
  const mBound = 1 + Math.ceil(ceilIlog2(expected) / 2);
  if (mBound > 64) return `m_bound = ${mBound} exceeds 64`;
  const nExpected = d + k * BigInt(ilog2(effectiveT)) + 128n * BigInt(mBound);
  if (BigInt(p.n) !== nExpected) return `n = ${p.n}, expected ${nExpected}`;
  return undefined;
}

/** tfhe-zk-pok `compute_crs_params` for the given free parameters: n, D, the squared bound and m.
 * Throws CrsError('InvalidParams') where the Rust code would panic or has_valid_params would fail.
 * @example deriveCrsParams(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048)).n // 7936
 */
export function deriveCrsParams(p: CrsScalarParams): DerivedCrsParams {
  checkParamsArg(p);
  const d = BigInt(p.d);
  const k = BigInt(p.k);
  if (k > d) throw new CrsError('InvalidParams', 'params.k', `k = ${k} exceeds d = ${d}`);
  const bSquared = p.bInf * p.bInf * (d + k);
  const inner = bSquared + ((d + 2n) * (d + 2n) * (d + k)) / 4n;
  let bBoundSquared = boundFactor(p.boundType, d, k) * inner;
  if (bSquared >= U128 || bBoundSquared >= U128)
    throw new CrsError('InvalidParams', 'params', 'bound overflows u128');
  if (p.boundType === 'GHL') bBoundSquared = (bBoundSquared + 9999n) / 10000n;
  if (p.t >> p.msbsZeroPaddingBitCount < 2n || p.msbsZeroPaddingBitCount >= 64n) {
    throw new CrsError('InvalidParams', 'params.t', 'effective plaintext modulus below 2');
  }
  if (bBoundSquared === 0n) throw new CrsError('InvalidParams', 'params', 'B_bound_squared is zero');
  const mBound = 1 + Math.ceil(ceilIlog2(bBoundSquared) / 2);
  if (mBound > 64) throw new CrsError('InvalidParams', 'params', `m_bound = ${mBound} exceeds 64`);
  const D = p.d + p.k * ilog2(p.t >> p.msbsZeroPaddingBitCount);
  const n = D + 128 * mBound;
  checkCrsArg(Number.isSafeInteger(n), 'params', 'n is not a safe integer');
  const err = validParamsError({ ...p, n, bBoundSquared });
  if (err !== undefined) throw new CrsError('InvalidParams', 'params', err);
  return { n, D, bBoundSquared, mBound };
}

/** The CRS parameters node-tfhe 1.7 `CompactPkeCrs.from_config(config, maxNumBits)` uses for these compact-PKE
 * parameters: k = ⌈maxNumBits / log2(message·carry)⌉, t = 2·message·carry, one MSB padding bit, CS bound.
 * @example crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64).k // 16
 */
export function crsParamsForPke(pke: PkeEncryptionParams, maxNumBits: number): CrsScalarParams {
  checkCrsArg(typeof pke === 'object' && pke !== null, 'pke', 'expected compact-PKE parameters');
  checkCrsArg(
    Number.isSafeInteger(maxNumBits) && maxNumBits >= 1,
    'maxNumBits',
    'expected a positive integer',
  );
  for (const f of ['lweDimension', 'messageModulus', 'carryModulus'] as const) {
    checkCrsArg(Number.isSafeInteger(pke[f]) && pke[f] >= 1, `pke.${f}`, 'expected a positive integer');
  }
  checkCrsArg(
    typeof pke.noiseBound === 'bigint' && pke.noiseBound >= 0n && pke.noiseBound < U64,
    'pke.noiseBound',
    'expected a u64 bigint',
  );
  checkCrsArg(
    typeof pke.ciphertextModulus === 'bigint' && pke.ciphertextModulus >= 0n && pke.ciphertextModulus < U64,
    'pke.ciphertextModulus',
    'expected a u64 bigint (0 = native)',
  );
  checkCrsArg(
    pke.carryModulus >= pke.messageModulus,
    'pke.carryModulus',
    'packed proofs need carry ≥ message modulus',
  );
  const capacity = Math.floor(Math.log2(pke.carryModulus * pke.messageModulus));
  const k = Math.ceil(maxNumBits / capacity);
  checkCrsArg(k <= pke.lweDimension, 'maxNumBits', `needs ${k} messages, more than the LWE dimension`);
  return {
    d: pke.lweDimension,
    k,
    bInf: pke.noiseBound,
    q: pke.ciphertextModulus,
    t: BigInt(pke.messageModulus * pke.carryModulus * 2),
    msbsZeroPaddingBitCount: 1n,
    boundType: 'CS',
  };
}
