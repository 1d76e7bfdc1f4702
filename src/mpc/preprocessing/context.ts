// A party's state for preprocessing in one session: PRSS draws, the channel, and what it knows about cheaters.
import { PrssError } from '../prss/errors.ts';
import type { PrssState } from '../prss/prss.ts';
import type { PreprocessingChannel } from './channel.ts';

/** A party's context for preprocessing in one session: its PRSS state, its channel and the corrupt set. */
export interface PreprocessingContext {
  readonly prss: PrssState;
  readonly channel: PreprocessingChannel;
  /**
   * Parties identified as corrupt from broadcast results (1-based): every honest party holds the same set.
   * Their shares are ignored from then on.
   */
  readonly corrupt: Set<number>;
  /** Parties this party saw sending wrong shares in point-to-point openings (a local view, see open.ts). */
  readonly suspects: Set<number>;
}

/**
 * Creates a context, checking that the channel and the PRSS state describe the same party and (n, t).
 * @example const ctx = preprocessingContext(prss, channel)
 */
export function preprocessingContext(prss: PrssState, channel: PreprocessingChannel): PreprocessingContext {
  const { n, t, party } = prss.setup;
  if (channel.n !== n || channel.t !== t || channel.party !== party) {
    throw new PrssError(
      'InvalidArgument',
      `channel: party ${channel.party} of (${channel.n}, ${channel.t}) does not match PRSS party ${party} of (${n}, ${t})`,
    );
  }
  return { prss, channel, corrupt: new Set(), suspects: new Set() };
}
