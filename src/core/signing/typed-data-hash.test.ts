import { randomBytes, randomInt } from 'node:crypto';
import { bytesToHex, getAddress, hashStruct, hashTypedData, hexToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  crsgenVerification,
  crsgenVerificationLegacyQ126,
  type Eip712Domain,
  type Eip712Payload,
  eip712Hash,
  type KeyType,
  keygenVerification,
  keygenVerificationLegacyQ126,
  normalizeDomain,
  prepKeygenVerification,
  publicDecryptVerification,
  recoverEip712Signer,
  signEip712,
  userDecryptionLinker,
  userDecryptResponseVerification,
  verifyEip712,
  verifyEip712Hash,
  viemTypedData,
} from './eip712.ts';
import { SIGNABLE_BYTE_WIDTHS, SignableFheType, type TypedPlaintextValue } from './plaintexts.ts';
import { PartySigningKey } from './signing-key.ts';
import { directStructHash } from './typed-data-hash.ts';

// Oracle: viem's generic `hashTypedData` over the same domain and payload.
function viemHash(domain: Eip712Domain, payload: Eip712Payload): Hex32 {
  return hashTypedData(viemTypedData(domain, payload));
}
type Hex32 = `0x${string}`;
const ours = (domain: Eip712Domain, payload: Eip712Payload) => bytesToHex(eip712Hash(domain, payload));

const bytes = (length: number) => new Uint8Array(randomBytes(length));
const requestId = () => randomBytes(32).toString('hex');
const SIGNABLE_TYPES = Object.values(SignableFheType);
function randomPlaintext(): TypedPlaintextValue {
  const fheType = SIGNABLE_TYPES[randomInt(SIGNABLE_TYPES.length)]!;
  const value = bytes(SIGNABLE_BYTE_WIDTHS[fheType]!);
  if (fheType === SignableFheType.Bool) value[0]! &= 1;
  return { bytes: value, fheType };
}
const randomHandles = (count: number) => Array.from({ length: count }, () => bytes(randomInt(33)));
const randomExtra = () => (randomInt(2) === 0 ? new Uint8Array(0) : bytes(1 + randomInt(100)));
function randomDomain(salted: boolean): Eip712Domain {
  return normalizeDomain({
    name: `Decryption ${randomBytes(3).toString('hex')}`,
    version: String(randomInt(10)),
    chainId: BigInt(`0x${randomBytes(1 + randomInt(32)).toString('hex')}`),
    verifyingContract: getAddress(bytesToHex(bytes(20))),
    ...(salted ? { salt: bytes(32) } : {}),
  });
}

describe('eip712Hash equals viem hashTypedData', () => {
  it('PublicDecryptVerification: random handles (0…many, short and full), plaintexts, extraData, domains', () => {
    for (let round = 0; round < 200; round++) {
      const domain = randomDomain(round % 2 === 0);
      const handleCount = round < 4 ? round : randomInt(40);
      const plaintexts = Array.from({ length: handleCount }, randomPlaintext);
      const payload = publicDecryptVerification(randomHandles(handleCount), plaintexts, randomExtra());
      expect(ours(domain, payload)).toBe(viemHash(domain, payload));
    }
  });

  it('UserDecryptResponseVerification: random keys, handles, shares (up to 64 KiB), extraData, domains', () => {
    for (let round = 0; round < 100; round++) {
      const domain = randomDomain(round % 2 === 1);
      const payload = userDecryptResponseVerification(
        bytes(randomInt(2_000)),
        randomHandles(round < 3 ? round : randomInt(20)),
        bytes(round === 0 ? 0 : round === 1 ? 65_536 : randomInt(5_000)),
        randomExtra(),
      );
      expect(ours(domain, payload)).toBe(viemHash(domain, payload));
    }
  });

  it('every other payload type, including the legacy layouts', () => {
    for (let round = 0; round < 20; round++) {
      const domain = randomDomain(round % 2 === 0);
      const digests = Array.from({ length: randomInt(4) }, () => ({
        keyType: randomInt(4) as KeyType,
        digest: bytes(32),
      }));
      const payloads = [
        prepKeygenVerification(requestId(), randomExtra()),
        keygenVerification(requestId(), requestId(), digests, randomExtra()),
        keygenVerificationLegacyQ126(requestId(), requestId(), digests),
        crsgenVerification(requestId(), randomInt(1 << 30), bytes(32), randomExtra()),
        crsgenVerificationLegacyQ126(requestId(), randomInt(1 << 30), bytes(32)),
        userDecryptionLinker(bytes(100), randomHandles(3), getAddress(bytesToHex(bytes(20)))),
      ];
      for (const payload of payloads) expect(ours(domain, payload)).toBe(viemHash(domain, payload));
    }
  });

  it('a domain is cached by content: equal copies agree, each differing field changes the hash, eviction is safe', () => {
    const payload = publicDecryptVerification([bytes(32)], [randomPlaintext()], new Uint8Array(0));
    const base = randomDomain(true);
    const variants: Eip712Domain[] = [
      { ...base },
      { ...base, name: `${base.name}x` },
      { ...base, version: `${base.version}.1` },
      { ...base, chainId: base.chainId + 1n },
      { ...base, verifyingContract: getAddress(bytesToHex(bytes(20))) },
      { ...base, salt: bytesToHex(bytes(32)) },
      {
        name: base.name,
        version: base.version,
        chainId: base.chainId,
        verifyingContract: base.verifyingContract,
      },
    ];
    const hashes = variants.map((d) => ours(d, payload));
    for (const [i, d] of variants.entries()) expect(hashes[i]).toBe(viemHash(d, payload));
    expect(hashes[0]).toBe(ours(base, payload));
    expect(new Set(hashes.slice(1)).size).toBe(variants.length - 1);
    // More domains than the cache holds, then the first ones again.
    const many = Array.from({ length: 300 }, (_, i) => randomDomain(i % 3 === 0));
    for (const d of [...many, ...many.slice(0, 20)]) expect(ours(d, payload)).toBe(viemHash(d, payload));
  });

  it('a domain viem rejects is rejected on the direct path too', () => {
    const payload = publicDecryptVerification([bytes(32)], [], new Uint8Array(0));
    const badContract = { ...randomDomain(false), verifyingContract: '0x1234' as `0x${string}` };
    const badSalt = { ...randomDomain(false), salt: '0x1234' as `0x${string}` };
    for (const domain of [badContract, badSalt]) {
      expect(() => viemHash(domain, payload)).toThrow();
      expect(() => eip712Hash(domain, payload)).toThrow();
    }
  });

  it('hand-made messages viem reads differently (upper-case, odd-length, byte arrays, bad handles) still agree', () => {
    const domain = randomDomain(false);
    const valid = publicDecryptVerification([bytes(32), bytes(32)], [randomPlaintext()], bytes(5));
    const message = valid.message as { ctHandles: string[]; decryptedResult: string; extraData: string };
    const variants: Record<string, unknown>[] = [
      { ...message, ctHandles: message.ctHandles.map((h) => `0x${h.slice(2).toUpperCase()}`) },
      { ...message, extraData: '0xabc' },
      { ...message, extraData: bytes(7) },
      { ...message, decryptedResult: `0x${message.decryptedResult.slice(2).toUpperCase()}` },
      { ...message, ctHandles: ['0x1234'] },
      { ...message, ctHandles: [`0x${'zz'.repeat(32)}`] },
      { ...message, extraData: '0xzz' },
      { ...message, ctHandles: [bytes(32)] },
    ];
    // Same hash, or an error on both paths.
    const outcome = (hash: () => string) => {
      try {
        return hash();
      } catch {
        return 'throws';
      }
    };
    for (const variant of variants) {
      const payload = { ...valid, message: variant };
      expect(outcome(() => ours(domain, payload))).toBe(outcome(() => viemHash(domain, payload)));
    }
    expect(outcome(() => viemHash(domain, { ...valid, message: variants[4]! }))).toBe('throws');
  });

  it('UserDecryptionLinker: random keys, handles, addresses; addresses viem reads differently or rejects agree', () => {
    for (let round = 0; round < 50; round++) {
      const domain = randomDomain(round % 2 === 0);
      const payload = userDecryptionLinker(
        bytes(round === 0 ? 0 : 800),
        randomHandles(round < 3 ? round : randomInt(10)),
        getAddress(bytesToHex(bytes(20))),
      );
      expect(ours(domain, payload)).toBe(viemHash(domain, payload));
    }
    const domain = randomDomain(false);
    const valid = userDecryptionLinker(bytes(64), randomHandles(1), getAddress(bytesToHex(bytes(20))));
    const address = (valid.message as { userAddress: string }).userAddress;
    const flipped = address.replace(/[a-f]/, (c) => c.toUpperCase());
    const variants = [
      address.toLowerCase(),
      `0x${address.slice(2).toUpperCase()}`,
      flipped === address ? `${address.slice(0, -1)}0` : flipped, // a broken checksum
      address.slice(0, 40),
      `${address}00`,
      `0x${'zz'.repeat(20)}`,
      bytes(20),
      address.slice(2),
    ];
    const outcome = (hash: () => string) => {
      try {
        return hash();
      } catch {
        return 'throws';
      }
    };
    for (const userAddress of variants) {
      const payload = { ...valid, message: { ...valid.message, userAddress } };
      expect(outcome(() => ours(domain, payload))).toBe(outcome(() => viemHash(domain, payload)));
    }
  });
});

describe('directStructHash', () => {
  it('hashes the decryption structs directly (equal to viem hashStruct) and leaves every other struct to viem', () => {
    const decryption = [
      publicDecryptVerification(randomHandles(3), [randomPlaintext(), randomPlaintext()], bytes(9)),
      userDecryptResponseVerification(bytes(300), randomHandles(2), bytes(700), new Uint8Array(0)),
      userDecryptionLinker(bytes(800), randomHandles(2), getAddress(bytesToHex(bytes(20)))),
    ];
    for (const payload of decryption) {
      const direct = directStructHash(payload);
      expect(direct).toBeDefined();
      expect(bytesToHex(direct!)).toBe(
        hashStruct({
          data: payload.message,
          primaryType: payload.primaryType,
          types: payload.types,
        } as never),
      );
    }
    expect(directStructHash(prepKeygenVerification(requestId(), bytes(3)))).toBeUndefined();
  });
});

describe('verifyEip712Hash', () => {
  it('agrees with verifyEip712 and recoverEip712Signer for right, wrong and malformed signatures', async () => {
    const key = PartySigningKey.generate();
    const other = PartySigningKey.generate();
    const domain = randomDomain(true);
    const payload = publicDecryptVerification([bytes(32)], [randomPlaintext()], new Uint8Array(0));
    const signature = signEip712(key, domain, payload);
    const hash = eip712Hash(domain, payload);
    expect(hash).toEqual(hexToBytes(viemHash(domain, payload)));
    expect(await recoverEip712Signer(domain, payload, signature)).toBe(key.address);
    expect(await verifyEip712Hash(hash, signature, key.address)).toBe(true);
    expect(await verifyEip712Hash(hash, signature, key.address.toLowerCase())).toBe(true);
    expect(await verifyEip712(domain, payload, signature, key.address)).toBe(true);
    expect(await verifyEip712Hash(hash, signature, other.address)).toBe(false);
    expect(await verifyEip712Hash(hash, signEip712(other, domain, payload), key.address)).toBe(false);
    expect(await verifyEip712Hash(hash, signature.subarray(0, 64), key.address)).toBe(false);
    await expect(verifyEip712Hash(hash.subarray(1), signature, key.address)).rejects.toThrow(/hash/);
  });
});
