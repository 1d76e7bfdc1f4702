// Malicious strategies for triple generation (test code; the honest protocol never imports this file). They
// wrap a party's channel and change what it sends, so the honest implementation runs unchanged underneath.
import type { PreprocessingChannel } from './channel.ts';

/**
 * A party that adds `delta` (default 1) to the first word of elements `items` of what it broadcasts in the
 * broadcasts numbered `broadcastNumbers` (0 = the d shares of the first pass, 1 = its reveal in the check).
 * @example lyingBroadcaster(channel, { broadcastNumbers: [0], items: [0, 5], wordsPerElement: R.wordsPerElement })
 */
export function lyingBroadcaster(
  channel: PreprocessingChannel,
  options: {
    broadcastNumbers: readonly number[];
    items: readonly number[];
    wordsPerElement: number;
    delta?: bigint;
  },
): PreprocessingChannel {
  let calls = 0;
  return {
    n: channel.n,
    t: channel.t,
    party: channel.party,
    broadcastAll(payload) {
      const k = calls++;
      if (!options.broadcastNumbers.includes(k)) return channel.broadcastAll(payload);
      const copy = payload.slice();
      const words = new BigUint64Array(copy.buffer);
      for (const i of options.items) {
        if ((i + 1) * options.wordsPerElement <= words.length)
          words[i * options.wordsPerElement] += options.delta ?? 1n;
      }
      return channel.broadcastAll(copy);
    },
    exchange: (payloadFor) => channel.exchange(payloadFor),
    markCorrupt: (party) => channel.markCorrupt(party),
    get rounds() {
      return channel.rounds;
    },
  };
}

/**
 * A party that sends wrong shares in exchange rounds (openings): adds `delta` to every element's first word
 * of what it sends to the parties in `victims` (all others when omitted).
 */
export function lyingOpener(
  channel: PreprocessingChannel,
  options: { wordsPerElement: number; victims?: readonly number[]; delta?: bigint },
): PreprocessingChannel {
  return {
    n: channel.n,
    t: channel.t,
    party: channel.party,
    broadcastAll: (payload) => channel.broadcastAll(payload),
    markCorrupt: (party) => channel.markCorrupt(party),
    get rounds() {
      return channel.rounds;
    },
    exchange(payloadFor) {
      return channel.exchange((p) => {
        const payload = payloadFor(p);
        if (options.victims && !options.victims.includes(p)) return payload;
        const copy = payload.slice();
        const words = new BigUint64Array(copy.buffer);
        for (let i = 0; i < words.length; i += options.wordsPerElement) words[i] += options.delta ?? 1n;
        return copy;
      });
    },
  };
}
