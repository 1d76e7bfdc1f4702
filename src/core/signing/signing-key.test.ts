import { inspect } from 'node:util';
import { bytesToHex, keccak256 } from 'viem';
import { privateKeyToAccount, sign } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { SigningInvalidArgumentError } from './errors.ts';
import { addressFromVerfKey, PartySigningKey } from './signing-key.ts';

describe('PartySigningKey', () => {
  it('derives the EIP-55 address and SEC1 compressed key as an independent signer does', () => {
    const key = PartySigningKey.generate();
    const account = privateKeyToAccount(bytesToHex(key.exportSecretBytes()));
    expect(key.address).toBe(account.address);
    expect(key.verfKey.length).toBe(33);
    expect([2, 3]).toContain(key.verfKey[0]);
    expect(addressFromVerfKey(key.verfKey)).toBe(account.address);
  });

  it('signs a hash exactly like viem (RFC 6979, low-s, v = 27/28)', async () => {
    const key = PartySigningKey.generate();
    for (let i = 0; i < 5; i++) {
      const hash = keccak256(new Uint8Array([i]));
      const ours = key.signHash(hash);
      const theirs = await sign({ hash, privateKey: bytesToHex(key.exportSecretBytes()), to: 'bytes' });
      expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
      expect([27, 28]).toContain(ours[64]);
    }
  });

  it('round-trips through the 32-byte private encoding and rejects invalid scalars', () => {
    const key = PartySigningKey.generate();
    const again = PartySigningKey.fromSecretBytes(key.exportSecretBytes());
    expect(again.address).toBe(key.address);
    expect(() => PartySigningKey.fromSecretBytes(new Uint8Array(32))).toThrow(SigningInvalidArgumentError);
    expect(() => PartySigningKey.fromSecretBytes(new Uint8Array(32).fill(0xff))).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() => PartySigningKey.fromSecretBytes(new Uint8Array(31).fill(1))).toThrow(
      SigningInvalidArgumentError,
    );
  });

  it('never shows the secret in JSON, util.inspect or template strings', () => {
    const key = PartySigningKey.generate();
    const secretHex = bytesToHex(key.exportSecretBytes()).slice(2);
    const renderings = [JSON.stringify(key), inspect(key, { showHidden: true, depth: 5 }), `${String(key)}`];
    for (const text of renderings) {
      expect(text.toLowerCase()).not.toContain(secretHex);
    }
    expect(JSON.parse(JSON.stringify(key))).toEqual({ address: key.address });
  });

  it('exportSecretBytes returns a copy', () => {
    const key = PartySigningKey.generate();
    const copy = key.exportSecretBytes();
    copy.fill(0);
    expect(PartySigningKey.fromSecretBytes(key.exportSecretBytes()).address).toBe(key.address);
  });

  it('rejects malformed verification keys and hashes', () => {
    expect(() => addressFromVerfKey(new Uint8Array(33))).toThrow(SigningInvalidArgumentError);
    expect(() => addressFromVerfKey(new Uint8Array(20))).toThrow(SigningInvalidArgumentError);
    expect(() => PartySigningKey.generate().signHash(new Uint8Array(31))).toThrow(
      SigningInvalidArgumentError,
    );
  });
});
