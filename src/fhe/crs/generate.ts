// Trusted-setup generation of a CompactPkeCrs from a secret τ, and a ceremony contribution that raises an existing
// CRS by a fresh secret τ' (g_i ← τ'^i·g_i, ĝ_j ← τ'^j·ĝ_j, which turns the powers of α into powers of α·τ').
import { randomBytes } from 'node:crypto';
import { bls446, type G1Point, type G2Point, isScalar, mulG1, mulG2, R } from '../bls446/index.ts';
import { type CompactPkeCrs, checkCrsShape, DOMAIN_SEPARATOR_NAMES, type DomainSeparators } from './codec.ts';
import { checkCrsArg } from './errors.ts';
import { type CrsScalarParams, deriveCrsParams } from './params.ts';

/** A uniformly random non-zero scalar mod r (for τ).
 * @example const tau = randomScalar()
 */
export function randomScalar(): bigint {
  for (;;) {
    let v = 0n;
    for (const b of randomBytes(48)) v = (v << 8n) | BigInt(b);
    v %= 1n << 299n;
    if (v > 0n && v < R) return v;
  }
}

/** Options of generateCrs. */
export interface GenerateCrsOptions {
  /** session id written into the CRS (default: random u128, as node-tfhe does; null = none) */
  sid?: bigint | null;
  /** domain separators (default: 11 random 8-byte strings, as tfhe-zk-pok draws them) */
  domainSeparators?: DomainSeparators;
}

function randomDomainSeparators(): DomainSeparators {
  const ds = {} as DomainSeparators;
  for (const name of DOMAIN_SEPARATOR_NAMES) ds[name] = new Uint8Array(randomBytes(8));
  return ds;
}

// τ^(i+1)·base for every i of the list, with the precomputed window table of the generator
function powersTimes<P>(count: number, tau: bigint, skip: number, zero: P, mul: (s: bigint) => P): P[] {
  const out = new Array<P>(count);
  let power = 1n;
  for (let i = 0; i < count; i++) {
    power = (power * tau) % R;
    out[i] = i === skip ? zero : mul(power);
  }
  return out;
}

/** A CRS for the given parameters whose secret is α = τ: g_i = τ^i·G1 (g_{n+1} = ∞), ĝ_j = τ^j·G2. Whoever knows
 * τ can forge proofs: use only for tests or as the first contribution of a ceremony.
 * @example const crs = generateCrs(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), randomScalar())
 */
export function generateCrs(
  params: CrsScalarParams,
  tau: bigint,
  options: GenerateCrsOptions = {},
): CompactPkeCrs {
  checkCrsArg(isScalar(tau) && tau !== 0n, 'tau', 'expected a non-zero bigint scalar below r');
  const shape = generateCrsShape(params, options);
  const { n } = shape;
  const crs: CompactPkeCrs = {
    ...shape,
    gList: powersTimes<G1Point>(2 * n, tau, n, bls446.G1.ZERO, (s) => mulG1(bls446.G1.BASE, s)),
    gHatList: powersTimes<G2Point>(n, tau, -1, bls446.G2.ZERO, (s) => mulG2(bls446.G2.BASE, s)),
  };
  checkCrsShape(crs);
  return crs;
}

/** Everything of a new CRS except its points (empty lists): derived parameters, sid and domain separators.
 * @example generateCrsShape(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64)).n // 5952
 */
export function generateCrsShape(params: CrsScalarParams, options: GenerateCrsOptions = {}): CompactPkeCrs {
  checkCrsArg(typeof options === 'object' && options !== null, 'options', 'expected an options object');
  const { n, D, bBoundSquared } = deriveCrsParams(params);
  const sid = options.sid === undefined ? BigInt(`0x${randomBytes(16).toString('hex')}`) : options.sid;
  return {
    ...params,
    gList: [],
    gHatList: [],
    D,
    n,
    bBoundSquared,
    sid,
    domainSeparators: options.domainSeparators ?? randomDomainSeparators(),
  };
}

/** One ceremony contribution: a new CRS with secret α·τ' from `crs` (secret α) and a fresh secret τ'. Parameters,
 * sid and domain separators are kept. `crs` should have been validated; the result is as valid as the input.
 * @example const next = contributeCrs(previous, randomScalar())
 */
export function contributeCrs(crs: CompactPkeCrs, tauPrime: bigint): CompactPkeCrs {
  checkCrsShape(crs);
  checkCrsArg(isScalar(tauPrime) && tauPrime !== 0n, 'tauPrime', 'expected a non-zero bigint scalar below r');
  const n = crs.gHatList.length;
  checkCrsArg(crs.gList.length === 2 * n, 'crs.gList', 'expected twice as many G1 as G2 points');
  const gList = new Array<G1Point>(2 * n);
  const gHatList = new Array<G2Point>(n);
  let power = 1n;
  for (let i = 0; i < 2 * n; i++) {
    power = (power * tauPrime) % R;
    gList[i] = mulG1(crs.gList[i], power, `crs.gList[${i}]`);
    if (i < n) gHatList[i] = mulG2(crs.gHatList[i], power, `crs.gHatList[${i}]`);
  }
  return { ...crs, gList, gHatList, domainSeparators: { ...crs.domainSeparators } };
}
