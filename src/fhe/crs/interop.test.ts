// The "done when" of the CRS: a CompactPkeCrs generated here from our own secret τ is used by node-tfhe 1.7.0 to
// prove and verify a ProvenCompactCiphertextList, and by node-tfhe 1.4.0-alpha.3 to prove a list that 1.7 verifies.
import { describe, expect, it } from 'vitest';
import { decodeCrs, encodeCrs } from './codec.ts';
import { randomScalar } from './generate.ts';
import { generateCrsAsync } from './parallel.ts';
import { crsParamsForPke, PKE_PARAMS_TUNIFORM_2M128 } from './params.ts';
import { nodeTfheCrs, runInterop } from './testing.ts';

describe('CRS generated from our τ, used by node-tfhe', () => {
  it('node-tfhe reads it (both point forms), 1.7 and 1.4 prove with it, 1.7 verifies; proofs fail against another CRS', async () => {
    const tau = randomScalar();
    const crs = await generateCrsAsync(crsParamsForPke(PKE_PARAMS_TUNIFORM_2M128, 64), tau, { workers: 2 });
    const crsBytes = encodeCrs(crs);
    expect(crsBytes.length).toBe(576 * 5952 + 232);
    expect(decodeCrs(crsBytes).gList[5].equals(crs.gList[5])).toBe(true);

    const compressed = encodeCrs(crs, 'compressed');
    expect(compressed.length).toBe(303 * 5952 + 299);
    const outcome = await runInterop(crsBytes, compressed, await nodeTfheCrs(64));
    expect(Buffer.compare(Buffer.from(outcome.reserialized), Buffer.from(crsBytes))).toBe(0);
    // node-tfhe decompresses our x + "largest y" encoding to exactly our points
    expect(Buffer.compare(Buffer.from(outcome.decompressed), Buffer.from(crsBytes))).toBe(0);
    expect(outcome.v17).toEqual([42, 123456789, true]);
    expect(outcome.rejectedOtherCrs).toBe(true);
    expect(outcome.rejectedOtherMetadata).toBe(true);
    expect(outcome.expansionKindTag).toEqual([1, 0]); // V1 RequiresCasting, rewritten to V0 for 1.4
    expect(outcome.v14).toEqual([201, 1234567890123n]);
  }, 900_000);
});
