import { describe, expect, it } from 'vitest';
import { CrsError } from './errors.ts';
import { crsParamsForPke, deriveCrsParams, PKE_PARAMS_TUNIFORM_2M128, validParamsError } from './params.ts';

describe('CRS parameters (compute_crs_params)', () => {
  it('derives the production numbers for 2048-bit proofs', () => {
    const p = crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 2048);
    expect(p).toEqual({
      d: 2048,
      k: 512,
      bInf: 131072n,
      q: 0n,
      t: 32n,
      msbsZeroPaddingBitCount: 1n,
      boundType: 'CS',
    });
    expect(deriveCrsParams(p)).toEqual({ n: 7936, D: 4096, bBoundSquared: 225369684739368960n, mBound: 30 });
  });

  it('derives n = 5952 for 64-bit proofs and rounds k up', () => {
    expect(deriveCrsParams(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64)).n).toBe(5952);
    expect(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 65).k).toBe(17);
  });

  it('GHL bound divides the scaled factor back with rounding up', () => {
    const p = { ...crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), boundType: 'GHL' as const };
    const { bBoundSquared } = deriveCrsParams(p);
    const d = 2048n;
    const k = 16n;
    const inner = 131072n ** 2n * (d + k) + ((d + 2n) ** 2n * (d + k)) / 4n;
    expect(bBoundSquared).toBe((950625n * inner + 9999n) / 10000n);
  });

  it('reports what has_valid_params rejects', () => {
    const p = crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64);
    const { n, bBoundSquared } = deriveCrsParams(p);
    expect(validParamsError({ ...p, n, bBoundSquared })).toBeUndefined();
    expect(validParamsError({ ...p, n: n + 1, bBoundSquared })).toMatch(/n = 5953/);
    expect(validParamsError({ ...p, n, bBoundSquared: bBoundSquared - 1n })).toMatch(/B_bound_squared/);
    expect(validParamsError({ ...p, n, bBoundSquared, k: 4096 })).toMatch(/exceeds d/);
    expect(validParamsError({ ...p, n, bBoundSquared, t: 0n })).toMatch(/t is zero/);
    expect(validParamsError({ ...p, n, bBoundSquared, msbsZeroPaddingBitCount: 64n })).toMatch(/64/);
    expect(validParamsError({ ...p, n, bBoundSquared, bInf: (1n << 64n) - 1n })).toMatch(/overflow/);
  });

  it('asserts arguments with typed errors', () => {
    expect(() => crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 0)).toThrow(CrsError);
    expect(() => crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 4 * 2048 + 1)).toThrow(/maxNumBits/);
    expect(() => crsParamsForPke({ ...PKE_PARAMS_TUNIFORM_2M128, carryModulus: 2 }, 64)).toThrow(/carry/);
    expect(() => deriveCrsParams({ ...crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), d: -1 })).toThrow(
      /params.d/,
    );
    expect(() => deriveCrsParams({ ...crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), t: 1n })).toThrow(
      CrsError,
    );
  });
});
