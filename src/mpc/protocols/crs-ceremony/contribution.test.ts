import { describe, expect, it } from 'vitest';
import { bls446, R } from '../../../fhe/bls446/index.ts';
import type { CrsScalarParams } from '../../../fhe/crs/index.ts';
import { deriveSessionId } from '../../net/index.ts';
import {
  assembleContribution,
  type CeremonyState,
  contribute,
  initialCeremonyState,
  type TurnContext,
  verifyContribution,
} from './contribution.ts';
import {
  offCurveContributor,
  swappedPowersContributor,
  wrongProofContributor,
} from './crs-ceremony.malicious.ts';
import { crsChainDigest, decodeTauProof, encodeTauProof, proveTau, verifyTauProof } from './proof.ts';

const TINY: CrsScalarParams = {
  d: 1,
  k: 1,
  bInf: 0n,
  q: 0n,
  t: 4n,
  msbsZeroPaddingBitCount: 1n,
  boundType: 'CS',
};
const sessionId = deriveSessionId('01'.repeat(32), 'crs-ceremony');
const ctx: TurnContext = { sessionId, turn: 1, contributor: 1 };
const work = { workers: 1 };

describe('proof of knowledge of τ', () => {
  const previous = bls446.G1.BASE.multiply(77n);
  const tau = 123456789n;
  const next = previous.multiply(tau);
  const pctx = { sessionId, turn: 2, contributor: 2, previousDigest: crsChainDigest(Uint8Array.of(1)) };

  it('verifies, survives encoding, and is bound to session, turn, contributor and previous CRS', () => {
    const proof = decodeTauProof(encodeTauProof(proveTau(pctx, tau, previous, next)));
    expect(verifyTauProof(pctx, proof, previous, next)).toBe(true);
    expect(verifyTauProof({ ...pctx, turn: 3 }, proof, previous, next)).toBe(false);
    expect(verifyTauProof({ ...pctx, contributor: 3 }, proof, previous, next)).toBe(false);
    expect(verifyTauProof({ ...pctx, sessionId: new Uint8Array(16) }, proof, previous, next)).toBe(false);
    expect(
      verifyTauProof({ ...pctx, previousDigest: crsChainDigest(Uint8Array.of(2)) }, proof, previous, next),
    ).toBe(false);
    expect(verifyTauProof(pctx, proof, previous, next.double())).toBe(false);
    expect(verifyTauProof(pctx, { ...proof, response: (proof.response + 1n) % R }, previous, next)).toBe(
      false,
    );
  });

  it('rejects a response not below r and a commitment off the curve', () => {
    const bytes = encodeTauProof(proveTau(pctx, tau, previous, next));
    const high = bytes.slice();
    high.fill(0xff, 144);
    expect(() => decodeTauProof(high)).toThrow(/response/);
    const off = bytes.slice();
    off[20] ^= 1;
    expect(() => decodeTauProof(off)).toThrow(/commitment/);
  });
});

describe('verifyContribution (n = 514)', () => {
  let start: CeremonyState;
  const start0 = () => (start ??= initialCeremonyState(TINY, sessionId));

  it('accepts an honest contribution and binds it to its turn, contributor and previous CRS', async () => {
    const previous = start0();
    const honest = await contribute(previous, ctx, work);
    const verdict = await verifyContribution(previous, honest.message, ctx, work);
    expect(verdict.valid).toBe(true);
    if (verdict.valid)
      expect(Buffer.from(verdict.state.bytes).equals(Buffer.from(honest.state.bytes))).toBe(true);
    expect(await verifyContribution(previous, honest.message, { ...ctx, turn: 2 }, work)).toMatchObject({
      valid: false,
      reason: 'turn 1, expected 2',
    });
    // replayed by another party, or on top of a later CRS: the proof no longer verifies
    expect(
      await verifyContribution(previous, honest.message, { ...ctx, contributor: 2 }, work),
    ).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/proof/),
    });
    const turn2 = { ...ctx, turn: 2, contributor: 2 };
    const replay = assembleContribution(
      turn2,
      honest.state.crs,
      decodeTauProof(honest.message.subarray(honest.message.length - 182)),
    );
    expect(await verifyContribution(honest.state, replay.message, turn2, work)).toMatchObject({
      valid: false,
    });
  }, 300_000);

  it('rejects a degenerate τ = 1 (pp_0 resent with a valid proof)', async () => {
    const previous = start0();
    const g1 = previous.crs.gList[0];
    const proof = proveTau({ ...ctx, previousDigest: previous.digest }, 1n, g1, g1);
    const message = assembleContribution(ctx, previous.crs, proof).message;
    expect(await verifyContribution(previous, message, ctx, work)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/degenerate/),
    });
  }, 300_000);

  it('rejects truncated bytes and mismatched metadata', async () => {
    const previous = start0();
    expect(await verifyContribution(previous, Uint8Array.of(1, 2, 3), ctx, work)).toMatchObject({
      valid: false,
    });
    const other = initialCeremonyState({ ...TINY, bInf: 1n }, sessionId);
    const proof = proveTau(
      { ...ctx, previousDigest: previous.digest },
      5n,
      previous.crs.gList[0],
      other.crs.gList[0],
    );
    expect(
      await verifyContribution(previous, assembleContribution(ctx, other.crs, proof).message, ctx, work),
    ).toMatchObject({ valid: false, reason: expect.stringMatching(/differs/) });
  }, 300_000);

  it('rejects each adversarial contribution for its own reason', async () => {
    const previous = start0();
    const cases = [
      [wrongProofContributor, /proof of knowledge of τ does not verify/],
      [offCurveContributor(9, false), /curve/i],
      [swappedPowersContributor(4), /not consecutive powers/],
    ] as const;
    for (const [contributor, reason] of cases) {
      const { message } = await contributor(previous, ctx, work);
      const verdict = await verifyContribution(previous, message, ctx, work);
      expect(verdict).toMatchObject({ valid: false, reason: expect.stringMatching(reason) });
    }
  }, 600_000);
});
