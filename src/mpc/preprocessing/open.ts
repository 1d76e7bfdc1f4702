// Robust opening of degree-t sharings inside a preprocessing session: one exchange round, then the sharing
// layer's error-correcting decoder. Parties already known to be corrupt and parties whose message is missing or
// malformed are erased. Liars named by the decoder are this party's local finding (a liar may lie to some
// parties only), so they go to `suspects`, not to the agreed corrupt set that broadcast-based steps use. The round
// ends as soon as the shares at hand fix the honest polynomial (openIfDetermined), so a silent party is not
// waited for.

import { PrssError } from '../prss/errors.ts';
import { openIfDetermined } from '../sharing/determined.ts';
import { DecodingFailureError } from '../sharing/errors.ts';
import { openRobust, type RobustOpening } from '../sharing/open.ts';
import { bytesOf, wordsOf } from './channel.ts';
import type { PreprocessingContext } from './context.ts';

/**
 * Sends this party's shares of a degree-t batch to everyone and returns the opened values.
 * @example const opened = await openShares(ctx, shares)
 */
export async function openShares(ctx: PreprocessingContext, shares: BigUint64Array): Promise<BigUint64Array> {
  const { prss, channel, corrupt, suspects } = ctx;
  const ring = prss.ring;
  const { n, t } = prss.setup;
  const words = shares.length;
  const payload = bytesOf(shares);
  const usableOf = (received: readonly (Uint8Array | undefined)[]) => {
    const usable: (BigUint64Array | undefined)[] = [];
    for (let p = 1; p <= n; p++) usable.push(corrupt.has(p) ? undefined : wordsOf(received[p - 1], words));
    return usable;
  };
  let early: RobustOpening | undefined;
  const received = await channel.exchange(() => payload, {
    enough: (soFar) => {
      early = openIfDetermined(ring, t, t, usableOf(soFar));
      return early !== undefined;
    },
  });
  if (early !== undefined) {
    for (const p of early.corruptParties) suspects.add(p);
    return early.values;
  }
  const usable = usableOf(received);
  try {
    const { values, corruptParties } = openRobust(ring, t, usable, { maxErrors: t });
    for (const p of corruptParties) suspects.add(p);
    return values;
  } catch (error) {
    if (error instanceof DecodingFailureError) {
      throw new PrssError('ProtocolAbort', `opening failed: ${error.message}`, error.suspectParties);
    }
    throw error;
  }
}
