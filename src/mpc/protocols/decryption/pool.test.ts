import { describe, expect, it } from 'vitest';
import { galoisRing } from '../../algebra/index.ts';
import { PreprocessingExhaustedError, ProtocolInputError } from './errors.ts';
import { PreprocessingPool } from './pool.ts';

const R = galoisRing(64, 4);

/** A vector whose element i has constant coefficient first + i (to follow items through the queue). */
function numbered(first: number, count: number): BigUint64Array {
  return R.embedIntegers(BigUint64Array.from({ length: count }, (_, i) => BigInt(first + i)));
}

function labels(v: BigUint64Array): number[] {
  return Array.from(R.constantCoefficients(v), Number);
}

describe('BitDec preprocessing pool', () => {
  it('hands out items first in, first out, across batch boundaries', () => {
    const pool = new PreprocessingPool(R);
    pool.addTriples({ a: numbered(0, 3), b: numbered(100, 3), c: numbered(200, 3) });
    pool.addTriples({ a: numbered(3, 4), b: numbered(103, 4), c: numbered(203, 4) });
    pool.addBits(numbered(0, 2));
    pool.addBits(numbered(2, 5));
    expect([pool.triplesAvailable, pool.bitsAvailable]).toEqual([7, 7]);
    const first = pool.take(2, 1);
    expect(labels(first.triples.a)).toEqual([0, 1]);
    expect(labels(first.bits)).toEqual([0]);
    const second = pool.take(3, 4); // spans both batches
    expect(labels(second.triples.a)).toEqual([2, 3, 4]);
    expect(labels(second.triples.b)).toEqual([102, 103, 104]);
    expect(labels(second.triples.c)).toEqual([202, 203, 204]);
    expect(labels(second.bits)).toEqual([1, 2, 3, 4]);
    expect([pool.triplesAvailable, pool.bitsAvailable]).toEqual([2, 2]);
  });

  it('refuses a request it cannot serve entirely and consumes nothing', () => {
    const pool = new PreprocessingPool(R);
    pool.addTriples({ a: numbered(0, 3), b: numbered(0, 3), c: numbered(0, 3) });
    pool.addBits(numbered(0, 3));
    expect(() => pool.take(4, 1)).toThrow(PreprocessingExhaustedError);
    expect(() => pool.take(1, 4)).toThrow(/need 1 triples and 4 bits, have 3 and 3/);
    expect(labels(pool.take(3, 3).triples.a)).toEqual([0, 1, 2]);
  });

  it('checks its inputs', () => {
    expect(() => new PreprocessingPool(galoisRing(128, 4))).toThrow(ProtocolInputError);
    const pool = new PreprocessingPool(R);
    expect(() => pool.addTriples({ a: numbered(0, 2), b: numbered(0, 3), c: numbered(0, 3) })).toThrow(
      /same number of elements/,
    );
  });
});
