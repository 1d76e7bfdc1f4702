// What the preprocessing protocols need from the network: per party and session, a reliable broadcast from all
// parties (batched instances) and a plain exchange round. `sessionChannel` (session-channel.ts) provides it over
// the net layer's Session; the protocols only see this interface, so malicious strategies can wrap it.

/** Options of PreprocessingChannel.exchange. */
export interface ChannelExchangeOptions {
  /**
   * Ends the round before everyone answered: called with what arrived so far (same layout as the result) as
   * messages arrive; a party not heard from when it returns true reads as undefined.
   */
  readonly enough?: (received: readonly (Uint8Array | undefined)[]) => boolean;
}

/**
 * One party's view of a session for preprocessing.
 * @example const received = await channel.broadcastAll(bytesOf(myShares)) // received[p − 1] is p's payload
 */
export interface PreprocessingChannel {
  /** Number of parties. */
  readonly n: number;
  /** Corruption threshold. */
  readonly t: number;
  /** This party, 1-based. */
  readonly party: number;
  /**
   * Reliable broadcast with every party as a sender. Returns one entry per sender (index p − 1, own entry =
   * own payload); undefined when p's instance produced no value (silence, equivocation). All honest parties
   * get identical results.
   */
  broadcastAll(payload: Uint8Array): Promise<(Uint8Array | undefined)[]>;
  /**
   * One round: sends payloadFor(p) to every other party p and returns what each sent (index p − 1, own entry =
   * payloadFor(party)); undefined for a party that sent nothing in time.
   */
  exchange(
    payloadFor: (p: number) => Uint8Array,
    options?: ChannelExchangeOptions,
  ): Promise<(Uint8Array | undefined)[]>;
  /**
   * Records that every honest party now knows `party` is corrupt (from a broadcast-based decision), so the
   * transport stops waiting for it.
   */
  markCorrupt(party: number): void;
  /** Communication rounds used so far. */
  readonly rounds: number;
}

/** The bytes of a word vector (a view, no copy). @example channel.broadcastAll(bytesOf(shares)) */
export function bytesOf(words: BigUint64Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/**
 * Received bytes as words, or undefined when the length is not exactly `expectedWords` (a malformed message is
 * treated like a missing one). Copies only when the bytes are not 8-byte aligned.
 */
export function wordsOf(bytes: Uint8Array | undefined, expectedWords: number): BigUint64Array | undefined {
  if (!bytes || bytes.byteLength !== expectedWords * 8) return undefined;
  if (bytes.byteOffset % 8 === 0) return new BigUint64Array(bytes.buffer, bytes.byteOffset, expectedWords);
  const copy = new BigUint64Array(expectedWords);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}
