// When a quorum public decryption is repeated on all parties although no participant failed: a participant that
// stays connected but silent keeps the others waiting for their peer timeout, so the client does not wait that long.

/** A finished quorum decryption: its latency and the ciphertext bytes it carried. */
export interface QuorumSample {
  ms: number;
  bytes: number;
}

/** Quorum decryptions the delay looks back on. */
export const HEDGE_WINDOW = 16;

/**
 * The hedge delay of a request of `bytes` ciphertext bytes: 4 × the slowest recent decryption, scaled up to this
 * request's size (a request 100× larger than the recent ones may take 100× longer), at least 100 ms; with no
 * history, 1 s + 1 s per 16 MiB.
 * @example hedgeDelayMs([{ ms: 5, bytes: 98_844 }], 98_844) // 100
 */
export function hedgeDelayMs(recent: readonly QuorumSample[], bytes: number): number {
  if (recent.length === 0) return 1_000 + bytes / 16_384;
  const expected = Math.max(...recent.map((q) => q.ms * Math.max(1, bytes / Math.max(1, q.bytes))));
  return Math.max(100, 4 * expected);
}
