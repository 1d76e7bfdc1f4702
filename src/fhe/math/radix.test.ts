import { describe, expect, it } from 'vitest';
import {
  blockCount,
  decodeFheValue,
  FHE_TYPE_IDS,
  fheTypeOfId,
  radixDecompose,
  radixRecompose,
  uintTypeOfBlocks,
  unpackCompactBlocks,
  valuesOfDataKinds,
} from './radix.ts';

describe('radix blocks', () => {
  it('matches the documented decompositions (173, 0xDEADBEEF)', () => {
    expect(Array.from(radixDecompose(173n, 4, 4))).toEqual([1, 3, 2, 2]);
    expect(Array.from(radixDecompose(0xdeadbeefn, 16, 4))).toEqual([
      3, 3, 2, 3, 2, 3, 3, 2, 1, 3, 2, 2, 2, 3, 1, 3,
    ]);
    expect(radixRecompose([1, 3, 2, 2], 4, 8)).toBe(173n);
  });

  it('block counts per type and roundtrip of a 256-bit value; carries are dropped', () => {
    expect(blockCount('Bool', 4)).toBe(1);
    expect(blockCount('Uint8', 4)).toBe(4);
    expect(blockCount('Uint256', 4)).toBe(128);
    expect(uintTypeOfBlocks(64, 4)).toBe('Uint128');
    const v = (1n << 255n) + 0x1234_5678_9abc_def0n;
    expect(decodeFheValue('Uint256', radixDecompose(v, 128, 4), 4)).toBe(v);
    expect(decodeFheValue('Uint8', [5, 3, 2, 2], 4)).toBe(173n);
    expect(decodeFheValue('Bool', [1], 4)).toBe(1n);
    expect(() => decodeFheValue('Uint16', [1, 2], 4)).toThrow(/needs 8 blocks/);
    expect(() => radixDecompose(256n, 4, 4)).toThrow(/does not fit/);
  });

  it('maps FheTypes ids to type names', () => {
    expect(fheTypeOfId(0)).toBe('Bool');
    expect(fheTypeOfId(8)).toBe('Uint256');
    expect(FHE_TYPE_IDS.Uint64).toBe(5);
    expect(() => fheTypeOfId(99)).toThrow(/99/);
  });

  it('unpacks packed compact-list values and splits them by data kind (signed included)', () => {
    // u8 42 = [2, 2, 2, 0], bool 1, i8 −3 = 0xfd = [1, 3, 3, 3] → packed pairs.
    const blocks = [2, 2, 2, 0, 1, 1, 3, 3, 3];
    const raw = new Uint8Array(5);
    for (let i = 0; i < 5; i++) raw[i] = (blocks[2 * i] ?? 0) + 4 * (blocks[2 * i + 1] ?? 0);
    const unpacked = unpackCompactBlocks(raw, true, 4);
    expect(Array.from(unpacked.subarray(0, 9))).toEqual(blocks);
    const values = valuesOfDataKinds(
      unpacked,
      [{ kind: 'unsigned', blocks: 4 }, { kind: 'boolean' }, { kind: 'signed', blocks: 4 }],
      4,
    );
    expect(values).toEqual([42n, 1n, -3n]);
    expect(() => valuesOfDataKinds(unpacked, [{ kind: 'unsigned', blocks: 12 }], 4)).toThrow(/fewer blocks/);
  });
});
