import { randomBytes, randomInt } from 'node:crypto';
import { bytesToHex, encodeAbiParameters } from 'viem';
import { describe, expect, it } from 'vitest';
import { SigningInvalidArgumentError } from './errors.ts';
import { abiEncodePlaintexts, leBytesToBigInt, SIGNABLE_BYTE_WIDTHS, SignableFheType } from './plaintexts.ts';

const word = (hex: string) => hex.padStart(64, '0');

describe('abiEncodePlaintexts', () => {
  it('encodes each little-endian plaintext as a 32-byte big-endian word, in order, with no head or length', () => {
    const encoded = abiEncodePlaintexts([
      { bytes: new Uint8Array([1]), fheType: SignableFheType.Bool },
      { bytes: new Uint8Array([0x2a]), fheType: SignableFheType.Uint8 },
      { bytes: new Uint8Array([0x34, 0x12]), fheType: SignableFheType.Uint16 },
      { bytes: new Uint8Array([0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0x80]), fheType: SignableFheType.Uint64 },
    ]);
    expect(bytesToHex(encoded)).toBe(`0x${word('1')}${word('2a')}${word('1234')}${word('80000000deadbeef')}`);
  });

  it('encodes a full uint256 and the empty list', () => {
    const le = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const be = Buffer.from(le).reverse().toString('hex');
    expect(bytesToHex(abiEncodePlaintexts([{ bytes: le, fheType: SignableFheType.Uint256 }]))).toBe(
      `0x${be}`,
    );
    expect(abiEncodePlaintexts([]).length).toBe(0);
  });

  it('rejects types the KMS does not sign and values wider than 256 bits', () => {
    expect(() => abiEncodePlaintexts([{ bytes: new Uint8Array([1]), fheType: 1 /* Uint4 */ }])).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() => abiEncodePlaintexts([{ bytes: new Uint8Array(64), fheType: 9 /* Uint512 */ }])).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() =>
      abiEncodePlaintexts([{ bytes: new Uint8Array(33), fheType: SignableFheType.Uint256 }]),
    ).toThrow(/exceed a uint256/);
  });

  it('leBytesToBigInt reads little-endian', () => {
    expect(leBytesToBigInt(new Uint8Array([1, 2]))).toBe(0x0201n);
    expect(leBytesToBigInt(new Uint8Array())).toBe(0n);
  });
});

describe('abiEncodePlaintexts equals viem encodeAbiParameters', () => {
  const widths = SIGNABLE_BYTE_WIDTHS;
  it('random values of every signable type, including shorter-than-width and all-ones bytes', () => {
    const types = Object.values(SignableFheType);
    for (let round = 0; round < 300; round++) {
      const plaintexts = Array.from({ length: round % 17 }, () => {
        const fheType = types[randomInt(types.length)]!;
        const length = randomInt(3) === 0 ? randomInt(widths[fheType]! + 1) : widths[fheType]!;
        const bytes =
          randomInt(5) === 0 ? new Uint8Array(length).fill(0xff) : new Uint8Array(randomBytes(length));
        return { bytes, fheType };
      });
      const oracle = encodeAbiParameters(
        plaintexts.map(() => ({ type: 'uint256' as const })),
        plaintexts.map((p) => leBytesToBigInt(p.bytes)),
      );
      expect(bytesToHex(abiEncodePlaintexts(plaintexts))).toBe(oracle);
    }
  });

  it('reports the first bad entry with the same messages as before', () => {
    const good = { bytes: new Uint8Array([1]), fheType: SignableFheType.Uint8 };
    expect(() => abiEncodePlaintexts([good, { bytes: [1] as never, fheType: 2 }])).toThrow(
      'plaintexts[1].bytes: expected a Uint8Array',
    );
    expect(() => abiEncodePlaintexts([good, null as never])).toThrow(
      'plaintexts[1].bytes: expected a Uint8Array',
    );
    expect(() => abiEncodePlaintexts([good, good, { bytes: new Uint8Array([1]), fheType: 11 }])).toThrow(
      'plaintexts[2].fheType: 11 cannot be ABI-encoded',
    );
    expect(() =>
      abiEncodePlaintexts([
        { bytes: new Uint8Array(33), fheType: 8 },
        { bytes: 0 as never, fheType: 2 },
      ]),
    ).toThrow('plaintexts[0].bytes: 33 bytes exceed a uint256');
    expect(() => abiEncodePlaintexts('x' as never)).toThrow('plaintexts: expected an array');
  });
});
