// Adversarial contributors for tests of the CRS ceremony (honest code never imports this file). Each one runs the
// honest protocol except for the contribution it broadcasts, which fails exactly one of the receivers' checks.
import { encodeG1, R } from '../../../fhe/bls446/index.ts';
import { encodeCrs } from '../../../fhe/crs/index.ts';
import type { Contributor } from './ceremony.ts';
import { assembleContribution, encodeContribution, stateOf, updateCrs } from './contribution.ts';
import { encodeTauProof } from './proof.ts';

/** A correct update whose proof of knowledge has a wrong response (s + 1). */
export const wrongProofContributor: Contributor = async (previous, ctx, options) => {
  const { crs, proof } = await updateCrs(previous, ctx, options);
  return assembleContribution(ctx, crs, { ...proof, response: (proof.response + 1n) % R });
};

/** A correct update with a valid proof in which the G1 powers at `index` and `index + 1` are swapped, so the
 * list is not consecutive powers of one secret. */
export function swappedPowersContributor(index = 2): Contributor {
  return async (previous, ctx, options) => {
    const { crs, proof } = await updateCrs(previous, ctx, options);
    const gList = [...crs.gList];
    [gList[index], gList[index + 1]] = [gList[index + 1], gList[index]];
    return assembleContribution(ctx, { ...crs, gList }, proof);
  };
}

/** One G1 point of the serialized update (index `index` of g_list) moved off the curve: one bit of its x flipped.
 * With `fresh = false` the update is skipped (the previous CRS is resent, altered), which costs nothing. */
export function offCurveContributor(index = 5, fresh = true): Contributor {
  return async (previous, ctx, options) => {
    const { crs, proof } = fresh
      ? await updateCrs(previous, ctx, options)
      : { crs: previous.crs, proof: { commitment: previous.crs.gList[0], response: 1n } };
    const crsBytes = encodeCrs(crs).slice();
    const point = encodeG1(crs.gList[index]);
    const at = Buffer.from(crsBytes).indexOf(Buffer.from(point));
    if (at < 0) throw new Error('point not found in the serialized CRS');
    crsBytes[at + 8 + 12] ^= 1; // the lowest byte of x's first limb (after the variant tag and Fp prefix)
    return {
      state: stateOf(crs),
      message: encodeContribution({ turn: ctx.turn, crsBytes, proof: encodeTauProof(proof) }),
    };
  };
}
