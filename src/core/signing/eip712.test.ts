import { randomBytes } from 'node:crypto';
import {
  bytesToHex,
  concat,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hexToBytes,
  keccak256,
  padHex,
  recoverAddress,
  stringToBytes,
  toHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { keyDigest } from './digest.ts';
import {
  crsgenVerification,
  crsgenVerificationLegacyQ126,
  domainFromMessage,
  EIP712_TYPES,
  type Eip712Domain,
  type Eip712Payload,
  eip712Hash,
  KeyType,
  keygenVerificationCompressed,
  keygenVerificationLegacyQ126,
  keygenVerificationStandard,
  normalizeDomain,
  prepKeygenVerification,
  publicDecryptVerification,
  publicDecryptVerificationHash,
  recoverEip712Signer,
  signEip712,
  signPublicDecryptVerification,
  userDecryptionLinker,
  userDecryptResponseVerification,
  verifyEip712,
} from './eip712.ts';
import { SigningInvalidArgumentError } from './errors.ts';
import { SignableFheType, type TypedPlaintextValue } from './plaintexts.ts';
import { PartySigningKey } from './signing-key.ts';

const CONTRACT = getAddress('0x5ffdaaa7a2b5c5a1d5e5f5a5b5c5d5e5f5a5b5c5');
const DOMAIN: Eip712Domain = normalizeDomain({
  name: 'Decryption',
  version: '1',
  chainId: 54321n,
  verifyingContract: CONTRACT,
});
const PREP_ID = `${'00'.repeat(31)}07`;
const KEY_ID = `ff${'00'.repeat(30)}01`;
const CRS_ID = 'c3'.repeat(32);
const EXTRA = new Uint8Array([0x02, ...new Uint8Array(64).fill(9)]);

// Independent recomputation, written the way the Solidity verifiers (fhEVM contracts) hash these structs.
const h = (text: string) => keccak256(stringToBytes(text));
const word = (types: string[], values: unknown[]) =>
  encodeAbiParameters(
    types.map((type) => ({ type })),
    values,
  );
function domainSeparator(d: Eip712Domain): Hex {
  if (d.salt === undefined) {
    return keccak256(
      word(
        ['bytes32', 'bytes32', 'bytes32', 'uint256', 'address'],
        [
          h('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
          h(d.name),
          h(d.version),
          d.chainId,
          d.verifyingContract,
        ],
      ),
    );
  }
  return keccak256(
    word(
      ['bytes32', 'bytes32', 'bytes32', 'uint256', 'address', 'bytes32'],
      [
        h('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)'),
        h(d.name),
        h(d.version),
        d.chainId,
        d.verifyingContract,
        d.salt,
      ],
    ),
  );
}
const finalHash = (d: Eip712Domain, structHash: Hex) =>
  keccak256(concat(['0x1901', domainSeparator(d), structHash]));
const KEY_DIGEST_TYPE = 'KeyDigest(uint8 keyType,bytes digest)';

describe('EIP-712 hashes match an independent Solidity-style recomputation', () => {
  it('KeygenVerification with KeyDigest[] and the KeyType enum as uint8', () => {
    const serverDigest = keyDigest(new Uint8Array([1, 2, 3]));
    const publicDigest = keyDigest(new Uint8Array([4, 5, 6]));
    const payload = keygenVerificationStandard(PREP_ID, KEY_ID, serverDigest, publicDigest, EXTRA);
    const digestHash = (type: number, digest: Uint8Array) =>
      keccak256(word(['bytes32', 'uint8', 'bytes32'], [h(KEY_DIGEST_TYPE), type, keccak256(digest)]));
    const structHash = keccak256(
      word(
        ['bytes32', 'uint256', 'uint256', 'bytes32', 'bytes32'],
        [
          h(
            `KeygenVerification(uint256 prepKeygenId,uint256 keyId,KeyDigest[] keyDigests,bytes extraData)${KEY_DIGEST_TYPE}`,
          ),
          7n, // the 32-byte id read big-endian
          BigInt(`0x${KEY_ID}`),
          keccak256(concat([digestHash(0, serverDigest), digestHash(1, publicDigest)])),
          keccak256(EXTRA),
        ],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, payload))).toBe(finalHash(DOMAIN, structHash));
  });

  it('compressed keysets list [PUBLIC, COMPRESSED_KEYSET], uncompressed [SERVER, PUBLIC]', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    const compressed = keygenVerificationCompressed(PREP_ID, KEY_ID, a, b, EXTRA).message.keyDigests as {
      keyType: number;
    }[];
    expect(compressed.map((d) => d.keyType)).toEqual([KeyType.PUBLIC, KeyType.COMPRESSED_KEYSET]);
    const standard = keygenVerificationStandard(PREP_ID, KEY_ID, a, b, EXTRA).message.keyDigests as {
      keyType: number;
    }[];
    expect(standard.map((d) => d.keyType)).toEqual([KeyType.SERVER, KeyType.PUBLIC]);
  });

  it('CrsgenVerification and PrepKeygenVerification', () => {
    const digest = new Uint8Array(32).fill(0xab);
    const crs = crsgenVerification(CRS_ID, 2048, digest, EXTRA);
    const crsStruct = keccak256(
      word(
        ['bytes32', 'uint256', 'uint256', 'bytes32', 'bytes32'],
        [
          h('CrsgenVerification(uint256 crsId,uint256 maxBitLength,bytes crsDigest,bytes extraData)'),
          BigInt(`0x${CRS_ID}`),
          2048n,
          keccak256(digest),
          keccak256(EXTRA),
        ],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, crs))).toBe(finalHash(DOMAIN, crsStruct));

    const prep = prepKeygenVerification(PREP_ID, new Uint8Array());
    const prepStruct = keccak256(
      word(
        ['bytes32', 'uint256', 'bytes32'],
        [h('PrepKeygenVerification(uint256 prepKeygenId,bytes extraData)'), 7n, keccak256(new Uint8Array())],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, prep))).toBe(finalHash(DOMAIN, prepStruct));
  });

  it('PublicDecryptVerification: left-padded handles, ABI-encoded plaintexts', () => {
    const handle1 = new Uint8Array(randomBytes(32));
    const handle2 = new Uint8Array([0xbe, 0xef]); // short handle: left-padded to bytes32
    const payload = publicDecryptVerification(
      [handle1, handle2],
      [
        { bytes: new Uint8Array([0x2a]), fheType: SignableFheType.Uint8 },
        { bytes: new Uint8Array([1]), fheType: SignableFheType.Bool },
      ],
      EXTRA,
    );
    const decrypted = word(['uint256', 'uint256'], [42n, 1n]);
    const structHash = keccak256(
      word(
        ['bytes32', 'bytes32', 'bytes32', 'bytes32'],
        [
          h('PublicDecryptVerification(bytes32[] ctHandles,bytes decryptedResult,bytes extraData)'),
          keccak256(concat([bytesToHex(handle1), padHex('0xbeef', { size: 32 })])),
          keccak256(decrypted),
          keccak256(EXTRA),
        ],
      ),
    );
    expect(payload.message.decryptedResult).toBe(decrypted);
    expect(bytesToHex(eip712Hash(DOMAIN, payload))).toBe(finalHash(DOMAIN, structHash));
  });

  it('PublicDecryptVerification hashed straight from bytes: the same digest as the payload path', () => {
    const salted = normalizeDomain({ ...DOMAIN, salt: new Uint8Array(32).fill(5) });
    const cases: [Uint8Array[], TypedPlaintextValue[], Uint8Array][] = [
      [
        [new Uint8Array(randomBytes(32))],
        [{ bytes: new Uint8Array(randomBytes(8)), fheType: SignableFheType.Uint64 }],
        new Uint8Array(0),
      ],
      [
        [new Uint8Array([0xbe, 0xef]), new Uint8Array(0), new Uint8Array(randomBytes(32))],
        [
          { bytes: new Uint8Array([1]), fheType: SignableFheType.Bool },
          { bytes: new Uint8Array(randomBytes(32)), fheType: SignableFheType.Uint256 },
        ],
        EXTRA,
      ],
      [[], [], new Uint8Array([0])],
    ];
    for (const domain of [DOMAIN, salted]) {
      for (const [handles, plaintexts, extra] of cases) {
        const payload = publicDecryptVerification(handles, plaintexts, extra);
        const structHash = keccak256(
          word(
            ['bytes32', 'bytes32', 'bytes32', 'bytes32'],
            [
              h('PublicDecryptVerification(bytes32[] ctHandles,bytes decryptedResult,bytes extraData)'),
              keccak256(concat(handles.map((x) => padHex(bytesToHex(x), { size: 32 })))),
              keccak256(payload.message.decryptedResult as Hex),
              keccak256(extra),
            ],
          ),
        );
        const direct = bytesToHex(publicDecryptVerificationHash(domain, handles, plaintexts, extra));
        expect(direct).toBe(finalHash(domain, structHash));
        expect(direct).toBe(bytesToHex(eip712Hash(domain, payload)));
      }
    }
    expect(() => publicDecryptVerificationHash(DOMAIN, [new Uint8Array(33)], [], EXTRA)).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() =>
      publicDecryptVerificationHash(
        DOMAIN,
        [],
        [{ bytes: new Uint8Array(33), fheType: SignableFheType.Uint8 }],
        EXTRA,
      ),
    ).toThrow(SigningInvalidArgumentError);
  });

  it('UserDecryptResponseVerification and UserDecryptionLinker', () => {
    const pk = new Uint8Array(randomBytes(800));
    const share = new Uint8Array(randomBytes(200));
    const handle = new Uint8Array(randomBytes(32));
    const response = userDecryptResponseVerification(pk, [handle], share, EXTRA);
    const responseStruct = keccak256(
      word(
        ['bytes32', 'bytes32', 'bytes32', 'bytes32', 'bytes32'],
        [
          h(
            'UserDecryptResponseVerification(bytes publicKey,bytes32[] ctHandles,bytes userDecryptedShare,bytes extraData)',
          ),
          keccak256(pk),
          keccak256(bytesToHex(handle)),
          keccak256(share),
          keccak256(EXTRA),
        ],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, response))).toBe(finalHash(DOMAIN, responseStruct));

    const user = privateKeyToAccount(toHex(randomBytes(32))).address;
    const linker = userDecryptionLinker(pk, [handle], user);
    const linkerStruct = keccak256(
      word(
        ['bytes32', 'bytes32', 'bytes32', 'address'],
        [
          h('UserDecryptionLinker(bytes publicKey,bytes32[] handles,address userAddress)'),
          keccak256(pk),
          keccak256(bytesToHex(handle)),
          user,
        ],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, linker))).toBe(finalHash(DOMAIN, linkerStruct));
  });

  it('legacy (pre-extraData) KeygenVerification and CrsgenVerification layouts', () => {
    const serverDigest = new Uint8Array(32).fill(0x11);
    const keygen = keygenVerificationLegacyQ126(PREP_ID, KEY_ID, [
      { keyType: KeyType.SERVER, digest: serverDigest },
    ]);
    const digestHash = keccak256(
      word(['bytes32', 'uint8', 'bytes32'], [h(KEY_DIGEST_TYPE), 0, keccak256(serverDigest)]),
    );
    const keygenStruct = keccak256(
      word(
        ['bytes32', 'uint256', 'uint256', 'bytes32'],
        [
          h(
            `KeygenVerification(uint256 prepKeygenId,uint256 keyId,KeyDigest[] keyDigests)${KEY_DIGEST_TYPE}`,
          ),
          7n,
          BigInt(`0x${KEY_ID}`),
          keccak256(digestHash),
        ],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, keygen))).toBe(finalHash(DOMAIN, keygenStruct));

    const crs = crsgenVerificationLegacyQ126(CRS_ID, 256, serverDigest);
    const crsStruct = keccak256(
      word(
        ['bytes32', 'uint256', 'uint256', 'bytes32'],
        [
          h('CrsgenVerification(uint256 crsId,uint256 maxBitLength,bytes crsDigest)'),
          BigInt(`0x${CRS_ID}`),
          256n,
          keccak256(serverDigest),
        ],
      ),
    );
    expect(bytesToHex(eip712Hash(DOMAIN, crs))).toBe(finalHash(DOMAIN, crsStruct));
    // A current-layout signature never verifies as a legacy one and vice versa.
    const key = PartySigningKey.generate();
    const current = crsgenVerification(CRS_ID, 256, serverDigest, new Uint8Array());
    expect(bytesToHex(eip712Hash(DOMAIN, crs))).not.toBe(bytesToHex(eip712Hash(DOMAIN, current)));
    expect(signEip712(key, DOMAIN, crs)).not.toEqual(signEip712(key, DOMAIN, current));
  });

  it('a salted domain includes the salt in the domain type', () => {
    const salted = normalizeDomain({ ...DOMAIN, salt: new Uint8Array(32).fill(5) });
    const payload = prepKeygenVerification(PREP_ID, EXTRA);
    const structHash = keccak256(
      word(
        ['bytes32', 'uint256', 'bytes32'],
        [h('PrepKeygenVerification(uint256 prepKeygenId,bytes extraData)'), 7n, keccak256(EXTRA)],
      ),
    );
    expect(bytesToHex(eip712Hash(salted, payload))).toBe(finalHash(salted, structHash));
    expect(bytesToHex(eip712Hash(salted, payload))).not.toBe(bytesToHex(eip712Hash(DOMAIN, payload)));
  });
});

describe('EIP-712 signing', () => {
  const key = PartySigningKey.generate();
  const payloads: [string, Eip712Payload][] = [
    ['PrepKeygenVerification', prepKeygenVerification(PREP_ID, EXTRA)],
    [
      'KeygenVerification',
      keygenVerificationStandard(
        PREP_ID,
        KEY_ID,
        new Uint8Array(32).fill(1),
        new Uint8Array(32).fill(2),
        EXTRA,
      ),
    ],
    ['CrsgenVerification', crsgenVerification(CRS_ID, 512, new Uint8Array(32), EXTRA)],
    [
      'PublicDecryptVerification',
      publicDecryptVerification(
        [new Uint8Array(32).fill(3)],
        [{ bytes: new Uint8Array([7]), fheType: SignableFheType.Uint8 }],
        EXTRA,
      ),
    ],
    [
      'UserDecryptResponseVerification',
      userDecryptResponseVerification(new Uint8Array(800), [new Uint8Array(32)], new Uint8Array(10), EXTRA),
    ],
  ];

  it.each(payloads)(
    '%s: 65-byte signature recovers the signer and equals viem signTypedData',
    async (_n, payload) => {
      const signature = signEip712(key, DOMAIN, payload);
      expect(signature.length).toBe(65);
      expect(await recoverEip712Signer(DOMAIN, payload, signature)).toBe(key.address);
      expect(await verifyEip712(DOMAIN, payload, signature, key.address)).toBe(true);
      const account = privateKeyToAccount(bytesToHex(key.exportSecretBytes()));
      const types = {
        [payload.primaryType]: EIP712_TYPES[payload.primaryType],
        ...(payload.primaryType === 'KeygenVerification' ? { KeyDigest: EIP712_TYPES.KeyDigest } : {}),
      };
      const viaViem = await account.signTypedData({
        domain: DOMAIN,
        types,
        primaryType: payload.primaryType,
        message: payload.message,
      } as never);
      expect(bytesToHex(signature)).toBe(viaViem);
    },
  );

  it('signPublicDecryptVerification equals viem signTypedData of the payload', async () => {
    const account = privateKeyToAccount(bytesToHex(key.exportSecretBytes()));
    for (let i = 0; i < 4; i++) {
      const handles = [new Uint8Array(randomBytes(32)), new Uint8Array(randomBytes(1 + i))];
      const plaintexts = [{ bytes: new Uint8Array(randomBytes(8)), fheType: SignableFheType.Uint64 }];
      const extra = i % 2 === 0 ? new Uint8Array(0) : EXTRA;
      const payload = publicDecryptVerification(handles, plaintexts, extra);
      const viaViem = await account.signTypedData({
        domain: DOMAIN,
        types: { PublicDecryptVerification: EIP712_TYPES.PublicDecryptVerification },
        primaryType: 'PublicDecryptVerification',
        message: payload.message,
      } as never);
      expect(bytesToHex(signPublicDecryptVerification(key, DOMAIN, handles, plaintexts, extra))).toBe(
        viaViem,
      );
    }
  });

  it('recovers the same signer as viem’s recoverAddress: random keys, the high-s twin, the other v, r or s = 0', async () => {
    const order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    for (let i = 0; i < 12; i++) {
      const signer = PartySigningKey.generate();
      const payload = crsgenVerification(CRS_ID, 512 + i, randomBytes(32), EXTRA);
      const signature = signEip712(signer, DOMAIN, payload);
      const hash = bytesToHex(eip712Hash(DOMAIN, payload));
      const s = BigInt(bytesToHex(signature.subarray(32, 64)));
      const twin = Uint8Array.from(signature);
      twin.set(hexToBytes(toHex(order - s, { size: 32 })), 32);
      twin[64] = signature[64] === 27 ? 28 : 27;
      const otherV = Uint8Array.from(signature);
      otherV[64] = twin[64];
      for (const candidate of [signature, twin, otherV]) {
        expect(await recoverEip712Signer(DOMAIN, payload, candidate)).toBe(
          await recoverAddress({ hash, signature: candidate }),
        );
      }
      expect(await recoverEip712Signer(DOMAIN, payload, twin)).toBe(signer.address);
      expect(await recoverEip712Signer(DOMAIN, payload, otherV)).not.toBe(signer.address);
      for (const zero of [0, 32]) {
        const zeroed = Uint8Array.from(signature);
        zeroed.fill(0, zero, zero + 32);
        expect(await verifyEip712(DOMAIN, payload, zeroed, signer.address)).toBe(false);
      }
    }
  });

  it('a signature does not verify under another domain, other extraData, another signer or when mangled', async () => {
    const payload = crsgenVerification(CRS_ID, 512, new Uint8Array(32), EXTRA);
    const signature = signEip712(key, DOMAIN, payload);
    const otherChain = normalizeDomain({ ...DOMAIN, chainId: DOMAIN.chainId + 1n });
    expect(await verifyEip712(otherChain, payload, signature, key.address)).toBe(false);
    const otherExtra = crsgenVerification(CRS_ID, 512, new Uint8Array(32), new Uint8Array([1]));
    expect(await verifyEip712(DOMAIN, otherExtra, signature, key.address)).toBe(false);
    expect(await verifyEip712(DOMAIN, payload, signature, PartySigningKey.generate().address)).toBe(false);
    const mangled = Uint8Array.from(signature);
    mangled[64] = 5;
    expect(await verifyEip712(DOMAIN, payload, mangled, key.address)).toBe(false);
    expect(await verifyEip712(DOMAIN, payload, signature.subarray(0, 64), key.address)).toBe(false);
    await expect(recoverEip712Signer(DOMAIN, payload, signature.subarray(0, 64))).rejects.toThrow(
      SigningInvalidArgumentError,
    );
  });
});

describe('domains and ids', () => {
  it('reads the request domain: big-endian chain id bytes, checksummed contract, optional 32-byte salt', () => {
    const chain = new Uint8Array(32);
    chain[30] = 0xd4;
    chain[31] = 0x31;
    const domain = domainFromMessage({
      name: 'Decryption',
      version: '1',
      chain_id: chain,
      verifying_contract: CONTRACT,
    });
    expect(domain).toEqual(DOMAIN);
    expect(
      domainFromMessage({
        name: 'Decryption',
        version: '1',
        chain_id: new Uint8Array([0xd4, 0x31]),
        verifying_contract: CONTRACT,
      }),
    ).toEqual(DOMAIN);
    const salted = domainFromMessage({
      name: 'Decryption',
      version: '1',
      chain_id: chain,
      verifying_contract: CONTRACT,
      salt: new Uint8Array(32).fill(1),
    });
    expect(salted.salt).toBe(`0x${'01'.repeat(32)}`);
  });

  it('rejects a contract without a valid EIP-55 checksum, a short salt and an oversized chain id', () => {
    const base = { name: 'D', version: '1', chain_id: new Uint8Array([1]) };
    expect(() => domainFromMessage({ ...base, verifying_contract: CONTRACT.toLowerCase() })).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() => domainFromMessage({ ...base, verifying_contract: 'not-an-address' })).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() =>
      domainFromMessage({ ...base, verifying_contract: CONTRACT, salt: new Uint8Array(31) }),
    ).toThrow(/salt/);
    expect(() =>
      domainFromMessage({
        name: 'D',
        version: '1',
        chain_id: new Uint8Array(33),
        verifying_contract: CONTRACT,
      }),
    ).toThrow(/chain_id/);
  });

  it('rejects malformed request ids and handles', () => {
    expect(() => prepKeygenVerification(`0x${PREP_ID.slice(2)}`, EXTRA)).toThrow(SigningInvalidArgumentError);
    expect(() => prepKeygenVerification(KEY_ID.toUpperCase(), EXTRA)).toThrow(SigningInvalidArgumentError);
    expect(() => publicDecryptVerification([new Uint8Array(33)], [], EXTRA)).toThrow(
      SigningInvalidArgumentError,
    );
    expect(() => userDecryptionLinker(new Uint8Array(), [], CONTRACT.toLowerCase())).toThrow(
      SigningInvalidArgumentError,
    );
  });
});
