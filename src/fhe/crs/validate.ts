// Validation of a CompactPkeCrs before it is published or used: the parameter rules of tfhe-zk-pok
// (has_valid_params, plus D), the list structure (2n G1 points, n G2 points, the puncture g_{n+1} = ∞ and no other
// infinity) and every point on its curve and in the prime-order subgroup — what node-tfhe itself never checks.
import { CurveError } from '../bls446/errors.ts';
import { assertG1, assertG2 } from '../bls446/index.ts';
import { type CompactPkeCrs, checkCrsShape, type DecodeCrsOptions, decodeCrs } from './codec.ts';
import { CrsError, checkCrsArg } from './errors.ts';
import { type CrsScalarParams, deriveCrsParams, validParamsError } from './params.ts';

/** Options of validateCrs / loadCrs. */
export interface ValidateCrsOptions {
  /** when given, the CRS must have exactly these free parameters (like safe_deserialize_conformant) */
  expected?: CrsScalarParams;
}

/** Checks parameters and structure only (cheap): everything validateCrs checks except the points themselves.
 * @example checkCrsParamsAndStructure(crs, { expected: crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048) })
 */
export function checkCrsParamsAndStructure(crs: CompactPkeCrs, options: ValidateCrsOptions = {}): void {
  checkCrsShape(crs);
  const err = validParamsError(crs);
  if (err !== undefined) throw new CrsError('InvalidParams', 'params', err);
  const derived = deriveCrsParams(crs);
  if (derived.D !== crs.D)
    throw new CrsError('InvalidParams', 'params.D', `D = ${crs.D}, expected ${derived.D}`);
  if (options.expected !== undefined) {
    const e = options.expected;
    for (const f of ['d', 'k', 'bInf', 'q', 't', 'msbsZeroPaddingBitCount', 'boundType'] as const) {
      if (crs[f] !== e[f])
        throw new CrsError('InvalidParams', `params.${f}`, `${crs[f]} differs from the expected ${e[f]}`);
    }
  }
  const n = crs.n;
  if (crs.gHatList.length !== n)
    throw new CrsError('InvalidStructure', 'g_hat_list', `${crs.gHatList.length} points, expected n = ${n}`);
  if (crs.gList.length !== 2 * n)
    throw new CrsError('InvalidStructure', 'g_list', `${crs.gList.length} points, expected 2n = ${2 * n}`);
  crs.gList.forEach((p, i) => {
    if (p.is0() !== (i === n)) {
      throw new CrsError(
        'InvalidStructure',
        `g_list[${i}]`,
        i === n ? 'the puncture g_{n+1} must be infinity' : 'unexpected infinity',
      );
    }
  });
  crs.gHatList.forEach((p, j) => {
    if (p.is0()) throw new CrsError('InvalidStructure', `g_hat_list[${j}]`, 'unexpected infinity');
  });
}

/** Full validation: parameters, structure, and every point on its curve and in the prime-order subgroup (≈ 1.5 ms
 * per G1 and 2 ms per G2 point). Throws CrsError.
 * @example validateCrs(decodeCrs(bytes))
 */
export function validateCrs(crs: CompactPkeCrs, options: ValidateCrsOptions = {}): void {
  checkCrsParamsAndStructure(crs, options);
  // interleaved so that a bad point is found after O(its index) work in either list
  for (let i = 0; i < crs.gList.length; i++) {
    point(() => assertG1(crs.gList[i], `g_list[${i}]`, i === crs.n), `g_list[${i}]`);
    if (i < crs.n) point(() => assertG2(crs.gHatList[i], `g_hat_list[${i}]`), `g_hat_list[${i}]`);
  }
}

function point(check: () => void, path: string): void {
  try {
    check();
  } catch (e) {
    if (e instanceof CurveError) throw new CrsError('InvalidPoint', path, e.message, e.kind, e);
    throw e;
  }
}

/** Reads and fully validates a serialized CRS; returns it only if every check passes. Throws CrsError.
 * @example const crs = loadCrs(bytes, { sizeLimit: 1 << 26, expected: crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048) })
 */
export function loadCrs(
  bytes: Uint8Array,
  options: DecodeCrsOptions & ValidateCrsOptions = {},
): CompactPkeCrs {
  checkCrsArg(typeof options === 'object' && options !== null, 'options', 'expected an options object');
  const crs = decodeCrs(bytes, options);
  validateCrs(crs, options);
  return crs;
}
