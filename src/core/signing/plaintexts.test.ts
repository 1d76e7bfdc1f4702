import { bytesToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { SigningInvalidArgumentError } from './errors.ts';
import { abiEncodePlaintexts, leBytesToBigInt, SignableFheType } from './plaintexts.ts';

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
