// The preprocessing a BitDec run needs (Beaver triples and shared random bits over GR(2^64, d)): from the key's
// background pool when the peers agree on batches for the request (bitdec-pool.ts), else made for the request
// inside its session from the key's PRSS keys, so a request never depends on another request's order.
import { galoisRing } from '../../../mpc/algebra/index.ts';
import { deriveSessionId, type Session } from '../../../mpc/net/index.ts';
import { generateBits } from '../../../mpc/preprocessing/bits.ts';
import { preprocessingContext } from '../../../mpc/preprocessing/context.ts';
import { sessionChannel } from '../../../mpc/preprocessing/session-channel.ts';
import { generateTriples } from '../../../mpc/preprocessing/triples.ts';
import type { DecryptionPlan } from '../../../mpc/protocols/decryption/blocks.ts';
import { PreprocessingPool } from '../../../mpc/protocols/decryption/pool.ts';
import { type PrssSetup, PrssState } from '../../../mpc/prss/prss.ts';
import { coreBitDecCost } from './bitdec-options.ts';
import type { KeyBitDecPool } from './bitdec-pool.ts';

/**
 * BitDec material for `plans`: agreed pooled batches when `pool` is given and the peers agree on them, else made
 * inline in `session`.
 */
export function bitDecMaterial(
  source: { prss: PrssSetup; keyShares: { degree: number }; bitDecPool?: KeyBitDecPool },
  session: Session,
  requestId: string,
  tag: string,
  plans: readonly DecryptionPlan[],
): Promise<PreprocessingPool> {
  if (source.bitDecPool) return source.bitDecPool.materialFor(session, source.prss, requestId, tag, plans);
  return bitDecPoolFor(session, source.prss, source.keyShares.degree, requestId, tag, plans);
}

/**
 * A pool holding exactly what the cores' BitDec over `plans` consumes (CORE_BITDEC_OPTIONS); `tag` separates the
 * PRSS draws of request kinds.
 */
export async function bitDecPoolFor(
  session: Session,
  prssSetup: PrssSetup,
  degree: number,
  requestId: string,
  tag: string,
  plans: readonly DecryptionPlan[],
): Promise<PreprocessingPool> {
  const ring = galoisRing(64, degree);
  const prss = new PrssState(prssSetup, ring, deriveSessionId(requestId, tag));
  const preprocessing = preprocessingContext(prss, sessionChannel(session));
  const cost = coreBitDecCost(plans);
  const pool = new PreprocessingPool(ring);
  pool.addTriples(await generateTriples(preprocessing, cost.triples));
  pool.addBits(await generateBits(preprocessing, cost.bits));
  return pool;
}
