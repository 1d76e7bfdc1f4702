import { createPublicKey, verify as opensslVerify } from 'node:crypto';
import { inspect } from 'node:util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, keccak256 } from 'viem';
import { privateKeyToAccount, sign } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { SigningInvalidArgumentError } from './errors.ts';
import { addressFromVerfKey, PartySigningKey, verifyInternalSignature } from './signing-key.ts';

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

describe('internal signatures', () => {
  it('ECDSA over SHA-256(dsep ‖ msg), 64 bytes low-s, verified independently by OpenSSL', () => {
    const key = PartySigningKey.generate();
    const uncompressed = secp256k1.Point.fromBytes(key.verfKey).toBytes(false);
    const jwk = {
      kty: 'EC',
      crv: 'secp256k1',
      x: Buffer.from(uncompressed.subarray(1, 33)).toString('base64url'),
      y: Buffer.from(uncompressed.subarray(33, 65)).toString('base64url'),
    };
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    const message = new TextEncoder().encode('payload bytes');
    const signature = key.signInternal('SIGNCRYP', message);
    expect(signature.length).toBe(64);
    const signed = Buffer.concat([Buffer.from('SIGNCRYP'), message]);
    expect(opensslVerify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
      true,
    );
    // low-s: s <= n/2
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
    expect(s <= secp256k1.Point.Fn.ORDER / 2n).toBe(true);
    expect(verifyInternalSignature(key.verfKey, 'SIGNCRYP', message, signature)).toBe(true);
  });

  it('rejects another separator, another message, another key and the high-s twin', () => {
    const key = PartySigningKey.generate();
    const message = new Uint8Array([1, 2, 3]);
    const signature = key.signInternal('SIGNCRYP', message);
    expect(verifyInternalSignature(key.verfKey, 'PDAT_KEY', message, signature)).toBe(false);
    expect(verifyInternalSignature(key.verfKey, 'SIGNCRYP', new Uint8Array([1, 2]), signature)).toBe(false);
    expect(verifyInternalSignature(PartySigningKey.generate().verfKey, 'SIGNCRYP', message, signature)).toBe(
      false,
    );
    const n = secp256k1.Point.Fn.ORDER;
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
    const highS = Uint8Array.from(signature);
    highS.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(verifyInternalSignature(key.verfKey, 'SIGNCRYP', message, highS)).toBe(false);
    expect(() =>
      verifyInternalSignature(key.verfKey, 'SIGNCRYP', message, signature.subarray(0, 63)),
    ).toThrow(SigningInvalidArgumentError);
  });
});
