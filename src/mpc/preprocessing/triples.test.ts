import { describe, expect, it } from 'vitest';
import { broadcastRoundCount } from '../net/broadcast.ts';
import { bigElement, bigMul, openConsistent } from '../prss/dealer.test-util.ts';
import { generateBits } from './bits.ts';
import { testParties } from './network.test-util.ts';
import { generateTriples } from './triples.ts';

const configurations = [
  [4, 1, 3],
  [7, 2, 3],
  [10, 3, 4],
  [13, 4, 4],
] as const;

function contexts(bits: 64 | 128, n: number, t: number, d: number) {
  const { ring, contexts: ctxs } = testParties(bits, n, t, d);
  return { ring, ctxs };
}

describe.each([64, 128] as const)('triples and bits over GR(2^%i, d), honest parties', (bits) => {
  it.each(configurations)('n = %i, t = %i: c = a·b after opening, one broadcast', async (n, t, d) => {
    const { ring, ctxs } = contexts(bits, n, t, d);
    const count = n === 13 ? 12 : 40;
    const triples = await Promise.all(ctxs.map((ctx) => generateTriples(ctx, count)));
    for (const ctx of ctxs) expect(ctx.channel.rounds).toBe(broadcastRoundCount(t));
    const a = openConsistent(
      ring,
      triples.map((x) => x.a),
      t,
    );
    const b = openConsistent(
      ring,
      triples.map((x) => x.b),
      t,
    );
    const c = openConsistent(
      ring,
      triples.map((x) => x.c),
      t,
    );
    for (let i = 0; i < count; i++) {
      expect(bigElement(bits, d, c, i)).toEqual(
        bigMul(bits, d, bigElement(bits, d, a, i), bigElement(bits, d, b, i)),
      );
    }
    for (const ctx of ctxs) expect(ctx.corrupt.size).toBe(0);
  });

  it.each(configurations)('n = %i, t = %i: bits open to 0 or 1', async (n, t, d) => {
    const { ring, ctxs } = contexts(bits, n, t, d);
    const count = n === 13 ? 16 : 64;
    const shares = await Promise.all(ctxs.map((ctx) => generateBits(ctx, count)));
    // one broadcast for the triples, one round for ε and δ, one for v
    for (const ctx of ctxs) expect(ctx.channel.rounds).toBe(broadcastRoundCount(t) + 2);
    const opened = openConsistent(ring, shares, t);
    let ones = 0;
    for (let i = 0; i < count; i++) {
      const value = bigElement(bits, d, opened, i);
      expect(value.slice(1).every((x) => x === 0n)).toBe(true);
      expect(value[0] === 0n || value[0] === 1n).toBe(true);
      ones += Number(value[0]);
    }
    expect(ones).toBeGreaterThan(0);
    expect(ones).toBeLessThan(count);
  });
});

describe('random bits are uniform', () => {
  it('4096 MPC bits (n = 4, Z_2^128): frequency within 4σ, consecutive pairs pass a chi-square test', async () => {
    const { ring, ctxs } = contexts(128, 4, 1, 3);
    const count = 4096;
    const shares = await Promise.all(ctxs.map((ctx) => generateBits(ctx, count)));
    const opened = openConsistent(ring, shares, 1);
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      const [c0, ...rest] = bigElement(128, 3, opened, i);
      expect(rest).toEqual([0n, 0n]);
      expect(c0 <= 1n).toBe(true);
      values.push(Number(c0));
    }
    const ones = values.reduce((a, b) => a + b, 0);
    expect(Math.abs(ones - count / 2)).toBeLessThan(4 * Math.sqrt(count / 4));
    const pairs = [0, 0, 0, 0];
    for (let i = 0; i + 1 < count; i += 2) pairs[2 * values[i] + values[i + 1]]++;
    const expected = count / 2 / 4;
    const chi2 = pairs.reduce((acc, o) => acc + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(21.1); // 3 degrees of freedom, p = 10^-4
  });
});
