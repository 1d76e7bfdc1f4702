// The next contributor starts early: while it verifies turn k it already computes turn k + 1 on top of the CRS that
// turn k broadcast, and keeps that work only if turn k is accepted. This saves one verification per turn on the
// ceremony's critical path and keeps every guarantee of the sequential ceremony:
// - nothing computed early leaves the party before turn k's verdict: turn k + 1 is broadcast at the same point of
//   the protocol, and only when the accepted CRS is byte for byte the one the early work started from, so every
//   message, verdict and the final CRS are those of the sequential ceremony;
// - when turn k is rejected the early work and its τ are dropped and the contribution is made afresh, with a new τ,
//   on the CRS the ceremony kept: a τ never multiplies anything that is published on a rejected basis;
// - the early work reads points that passed decoding (curve equations) only; a point outside its subgroup makes
//   verification reject turn k, and the work built on it is dropped unread.
// The cost is CPU: the party contributes and verifies at once, each over its worker threads.
import { decodeCrs } from '../../../fhe/crs/index.ts';
import type { Contributor } from './ceremony.ts';
import {
  type CeremonyState,
  type Contribution,
  DEFAULT_SIZE_LIMIT,
  decodeContribution,
  stateOf,
  type TurnContext,
  type TurnWorkOptions,
} from './contribution.ts';

/** A contribution computed before the CRS it builds on was accepted. */
export interface AheadContribution {
  /** The contribution when `accepted` is the CRS it was built on, else undefined (the work is dropped). */
  basedOn(accepted: CeremonyState): Promise<Contribution | undefined>;
}

/**
 * Starts this party's contribution for turn `next` on top of the contribution bytes `received` at the turn before.
 * @example const ahead = contributeAhead(bytes, { sessionId, turn: 3, contributor: 3 }, contribute, { workers: 2 })
 */
export function contributeAhead(
  received: Uint8Array,
  next: TurnContext,
  contributor: Contributor,
  work: TurnWorkOptions,
): AheadContribution {
  const sizeLimit = work.sizeLimit ?? DEFAULT_SIZE_LIMIT;
  let basis: Uint8Array;
  try {
    basis = decodeContribution(received, sizeLimit).crsBytes;
  } catch {
    return { basedOn: async () => undefined }; // verification rejects it as well
  }
  // a failure here means the basis is invalid, which verification reports: the work is simply not used
  const early = (async () =>
    contributor(stateOf(decodeCrs(basis, { sizeLimit }), basis), next, work))().catch(() => undefined);
  return {
    basedOn: async (accepted) => (Buffer.from(accepted.bytes).equals(Buffer.from(basis)) ? early : undefined),
  };
}
