import { describe, expect, it } from 'vitest';
import { hedgeDelayMs } from './quorum-hedge.ts';

describe('hedge delay of quorum public decryptions', () => {
  it('without history: 1 s, plus 1 s per 16 MiB (a 256 MiB request is not repeated after 1 s)', () => {
    expect(hedgeDelayMs([], 0)).toBe(1_000);
    expect(hedgeDelayMs([], 98_844)).toBeCloseTo(1_006, 0);
    expect(hedgeDelayMs([], 256 << 20)).toBe(17_384);
  });

  it('4 × the slowest recent decryption, at least 100 ms, scaled to a larger request', () => {
    const recent = [
      { ms: 5, bytes: 100_000 },
      { ms: 40, bytes: 100_000 },
      { ms: 12, bytes: 1_600_000 },
    ];
    expect(hedgeDelayMs([{ ms: 5, bytes: 100_000 }], 100_000)).toBe(100);
    expect(hedgeDelayMs(recent, 100_000)).toBe(160);
    // 16× the bytes of the 40 ms request: 640 ms expected, 2.56 s of hedge.
    expect(hedgeDelayMs(recent, 1_600_000)).toBe(2_560);
    // Smaller requests are not expected to be faster.
    expect(hedgeDelayMs(recent, 1_000)).toBe(160);
  });
});
