import { randomBytes } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, keccak256 as viemKeccak256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { KECCAK_WASM, keccak256 } from './keccak.ts';

describe('keccak256', () => {
  it('runs the WebAssembly permutation in tests (the build output or wabt is present)', () => {
    expect(KECCAK_WASM).toBe(true);
  });

  it('equals @noble/hashes and viem on every length around the rate and on long inputs', () => {
    const lengths = [
      0, 1, 31, 32, 33, 64, 66, 128, 134, 135, 136, 137, 200, 271, 272, 273, 1000, 65_000, 200_000,
    ];
    for (const length of lengths) {
      const data = new Uint8Array(randomBytes(length));
      const ours = keccak256(data);
      expect(ours.length).toBe(32);
      expect(bytesToHex(ours)).toBe(bytesToHex(keccak_256(data)));
      expect(bytesToHex(ours)).toBe(viemKeccak256(data));
    }
  });

  it('known answers: the empty string and "abc"', () => {
    expect(bytesToHex(keccak256(new Uint8Array(0)))).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(bytesToHex(keccak256(new TextEncoder().encode('abc')))).toBe(
      '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
  });

  it('returns a copy: later calls do not change an earlier digest, views of larger buffers hash their bytes only', () => {
    const first = keccak256(Uint8Array.of(1, 2, 3));
    const copy = Uint8Array.from(first);
    keccak256(new Uint8Array(500));
    expect(first).toEqual(copy);
    const big = new Uint8Array(randomBytes(300));
    const view = big.subarray(7, 7 + 150);
    expect(bytesToHex(keccak256(view))).toBe(bytesToHex(keccak_256(Uint8Array.from(view))));
  });
});
