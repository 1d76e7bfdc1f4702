// Four cores in this process over real gRPC + mTLS: insecure keygen ('tfhe_default'), node-tfhe encrypts under the
// cluster key, user decryption (BitDec shares signcrypted to the user's ML-KEM-512 key). Reconstructed by our client
// and by node-tkms 0.12.8 with signature verification ON; compact lists of several values (unpacked and packed),
// one value per element; with a party signing wrong shares, with a party down; malformed requests are refused
// with the right status while the cluster keeps serving.
import { createRequire } from 'node:module';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN, type KmsClusterClient, newRequestId } from '../../src/client/kms-client.ts';
import {
  toTkmsResponses,
  type UserDecryptionOutcome,
  type UserEncryptionKeys,
} from '../../src/client/user-decryption.ts';
import type { UserDecryptionResponse } from '../../src/core/api/generated/kms/v1/UserDecryptionResponse.ts';
import { signUserDecryptionResponse } from '../../src/core/party/operations/user-decrypt.ts';
import {
  parseUserSecretKey,
  signcryptionReceiver,
  unsigncryptPlaintext,
} from '../../src/core/signcryption/index.ts';
import { decodeTkmsShares } from '../../src/mpc/protocols/decryption/user-decryption.ts';
import { type InProcessCluster, startInProcessCluster } from '../support/in-process-cluster.ts';

const require = createRequire(import.meta.url);
const tfhe = require('node-tfhe');
const K = require('node-tkms');

const CLIENT = '0x17853A630aAe15AED549B2B874de08B73C0F59c5';
/** [FheTypes id, node-tfhe push method, value]. */
const VALUES: [number, string, bigint][] = [
  [0, 'push_boolean', 1n],
  [2, 'push_u8', 173n],
  [4, 'push_u32', 0xdeadbeefn],
  [5, 'push_u64', (1n << 64n) - 59n],
  [6, 'push_u128', (1n << 127n) + 0xabcdefn],
  [8, 'push_u256', (0xfedcba9876543210n << 190n) + 777n],
];

/** node-tkms' own user key pair (its encodings: safe-serialized public key, bincode secret key). */
function tkmsKeys(): { keys: UserEncryptionKeys; sk: unknown; pk: unknown } {
  const sk = K.ml_kem_pke_keygen();
  const pk = K.ml_kem_pke_get_pk(sk);
  return {
    keys: {
      publicKey: new Uint8Array(K.ml_kem_pke_pk_to_u8vec(pk)),
      secretKey: new Uint8Array(K.ml_kem_pke_sk_to_u8vec(sk)),
    },
    sk,
    pk,
  };
}

function tkmsReconstruct(
  addresses: string[],
  outcome: UserDecryptionOutcome,
  user: { sk: unknown; pk: unknown },
  parties: number[],
): bigint[] {
  const tkmsClient = K.new_client(
    addresses.map((a, i) => K.new_server_id_addr(i + 1, a)),
    outcome.request.clientAddress,
    'default',
  );
  const chain = new Array<number>(32).fill(0);
  for (let i = 31, v = DEFAULT_DOMAIN.chainId; i >= 0; i--, v >>= 8n) chain[i] = Number(v & 0xffn);
  const out = K.process_user_decryption_resp_from_js(
    tkmsClient,
    {
      signature: undefined,
      client_address: outcome.request.clientAddress,
      enc_key: Buffer.from(outcome.request.encKey).toString('hex'),
      ciphertext_handles: outcome.request.handles.map((h) => Buffer.from(h).toString('hex')),
      eip712_verifying_contract: DEFAULT_DOMAIN.verifyingContract,
    },
    {
      name: DEFAULT_DOMAIN.name,
      version: DEFAULT_DOMAIN.version,
      chain_id: chain,
      verifying_contract: DEFAULT_DOMAIN.verifyingContract,
      salt: null,
    },
    toTkmsResponses(parties.map((p) => outcome.responses.get(p)!)),
    user.pk,
    user.sk,
    true,
  ) as { bytes: Uint8Array }[];
  return out.map((p) => BigInt(`0x${Buffer.from(p.bytes).toString('hex') || '0'}`));
}

describe('user decryption across four cores (in-process, real gRPC + mTLS)', () => {
  let cluster: InProcessCluster;
  let client: KmsClusterClient;
  let keyId: string;
  let addresses: string[];
  let cpk: unknown;

  beforeAll(async () => {
    cluster = await startInProcessCluster({ parties: 4, name: 'kms-user-decrypt' });
    client = cluster.client;
    keyId = (await client.insecureKeygen('tfhe_default')).keyId;
    addresses = await Promise.all([1, 2, 3, 4].map((p) => client.partyAddress(p)));
    cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', keyId),
      1n << 30n,
    );
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  function encrypt(push: string, value: bigint): Uint8Array {
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder[push](
      push === 'push_boolean'
        ? value === 1n
        : push === 'push_u8' || push === 'push_u32'
          ? Number(value)
          : value,
    );
    return builder.build().safe_serialize(1n << 30n);
  }

  it('FheBool and FheUint8/32/64/128/256 from node-tfhe: our client and node-tkms (verify = true) agree', async () => {
    const user = tkmsKeys();
    const started = Date.now();
    const outcome = await client.userDecrypt(
      keyId,
      VALUES.map(([fheType, push, value]) => ({ bytes: encrypt(push, value), fheType })),
      { keys: user.keys, clientAddress: CLIENT },
    );
    const elapsed = Date.now() - started;
    const expected = VALUES.map(([fheType, , value]) => ({ fheType, value }));
    expect(outcome.values).toEqual(expected);
    expect(outcome.acceptedParties).toEqual([1, 2, 3, 4]);
    expect(outcome.liars).toEqual([]);
    expect(tkmsReconstruct(addresses, outcome, user, [1, 2, 3, 4])).toEqual(VALUES.map(([, , v]) => v));
    expect(tkmsReconstruct(addresses, outcome, user, [2, 3, 4])).toEqual(VALUES.map(([, , v]) => v));
    // A payload altered after signing (party 1 carrying party 2's first signcryption) no longer authenticates:
    // with only parties 1, 3 and 4 node-tkms has too few valid responses.
    const first = outcome.responses.get(1)!;
    const forged = {
      ...first,
      payload: {
        ...first.payload!,
        signcrypted_ciphertexts: [
          outcome.responses.get(2)!.payload!.signcrypted_ciphertexts[0],
          ...first.payload!.signcrypted_ciphertexts.slice(1),
        ],
      },
    };
    const tampered = { ...outcome, responses: new Map(outcome.responses).set(1, forged) };
    expect(() => tkmsReconstruct(addresses, tampered, user, [1, 2, 3, 4])).not.toThrow();
    expect(() => tkmsReconstruct(addresses, tampered, user, [1, 3, 4])).toThrow();
    expect(elapsed).toBeLessThan(60_000);
  });

  it('a party that signs wrong shares is corrected by our client and by node-tkms', async () => {
    const user = tkmsKeys();
    const requestId = newRequestId();
    const handles = VALUES.slice(1, 4).map((_, i) => new Uint8Array(32).fill(0x40 + i));
    const liar = cluster.core(3).party;
    const honestResult = liar.userDecryptions.result.bind(liar.userDecryptions);
    // The adversary re-signs its response with shares shifted by a constant (it holds its signing key; the test
    // opens its own share with the user's key only to build that lie).
    liar.userDecryptions.result = async (id: string, waitMs?: number) => {
      const honest = await honestResult(id, waitMs);
      if (id !== requestId) return honest;
      const receiver = signcryptionReceiver(CLIENT, user.keys.publicKey);
      const payload = honest.payload!;
      const link = new Uint8Array(payload.digest as Uint8Array);
      const shares = (payload.signcrypted_ciphertexts ?? []).map((c) => {
        const { plaintext } = unsigncryptPlaintext(
          parseUserSecretKey(user.keys.secretKey),
          receiver,
          liar.options.signingKey.verfKey,
          new Uint8Array(c.signcrypted_ciphertext as Uint8Array),
          link,
        );
        const packed = decodeTkmsShares(plaintext.bytes);
        packed[1] += 1n << 40n; // bit 123 of the first block phase
        return { packed, fheTypeId: c.fhe_type!, packingFactor: c.packing_factor! };
      });
      return signUserDecryptionResponse(
        liar.options.signingKey,
        3,
        1,
        {
          externalHandles: handles,
          handles,
          domain: DEFAULT_DOMAIN,
          extraData: new Uint8Array(0),
          clientAddress: CLIENT,
          encKey: user.keys.publicKey,
          receiver,
        },
        shares,
      ) as UserDecryptionResponse;
    };
    try {
      const outcome = await client.userDecrypt(
        keyId,
        VALUES.slice(1, 4).map(([fheType, push, value], i) => ({
          bytes: encrypt(push, value),
          fheType,
          handle: handles[i],
        })),
        { keys: user.keys, clientAddress: CLIENT, requestId },
      );
      expect(outcome.values.map((v) => v.value)).toEqual(VALUES.slice(1, 4).map(([, , v]) => v));
      expect(outcome.acceptedParties).toEqual([1, 2, 3, 4]);
      expect(outcome.liars).toEqual([3]);
      expect(tkmsReconstruct(addresses, outcome, user, [1, 2, 3, 4])).toEqual(
        VALUES.slice(1, 4).map(([, , v]) => v),
      );
    } finally {
      liar.userDecryptions.result = honestResult;
    }
  });

  it('compact lists of several values, unpacked and packed: one value per element, our client and node-tkms agree', async () => {
    const user = tkmsKeys();
    const unpacked = tfhe.CompactCiphertextList.builder(cpk);
    unpacked.push_u8(201);
    unpacked.push_boolean(true);
    unpacked.push_u32(0xdeadbeef);
    unpacked.push_boolean(false);
    unpacked.push_u64((1n << 64n) - 3n);
    // Packed: two digits per LWE, so every value after an even number of Booleans starts a block.
    const packed = tfhe.CompactCiphertextList.builder(cpk);
    packed.push_u16(54321);
    packed.push_u128((1n << 127n) + 99n);
    packed.push_boolean(true);
    const handles = [
      new Uint8Array(32).fill(0x51),
      new Uint8Array(32).fill(0x52),
      new Uint8Array(32).fill(0x53),
    ];
    const outcome = await client.userDecrypt(
      keyId,
      [
        { bytes: unpacked.build().safe_serialize(1n << 30n), fheType: 2, handle: handles[0] },
        { bytes: encrypt('push_u8', 7n), fheType: 2, handle: handles[1] },
        { bytes: packed.build_packed().safe_serialize(1n << 30n), fheType: 3, handle: handles[2] },
      ],
      { keys: user.keys, clientAddress: CLIENT },
    );
    const expected = [
      { fheType: 2, value: 201n },
      { fheType: 0, value: 1n },
      { fheType: 4, value: 0xdeadbeefn },
      { fheType: 0, value: 0n },
      { fheType: 5, value: (1n << 64n) - 3n },
      { fheType: 2, value: 7n },
      { fheType: 3, value: 54321n },
      { fheType: 6, value: (1n << 127n) + 99n },
      { fheType: 0, value: 1n },
    ];
    expect(outcome.values).toEqual(expected);
    expect(outcome.acceptedParties).toEqual([1, 2, 3, 4]);
    expect(outcome.liars).toEqual([]);
    // Each element carries its list's handle; packed-list values have packing factor 2 (Booleans 1).
    const entries = outcome.responses.get(1)!.payload!.signcrypted_ciphertexts;
    expect(entries.map((e) => Buffer.from(e.external_handle)[0])).toEqual([
      0x51, 0x51, 0x51, 0x51, 0x51, 0x52, 0x53, 0x53, 0x53,
    ]);
    expect(entries.map((e) => e.packing_factor)).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 1]);
    const values = expected.map((v) => v.value);
    expect(tkmsReconstruct(addresses, outcome, user, [1, 2, 3, 4])).toEqual(values);
    expect(tkmsReconstruct(addresses, outcome, user, [1, 2, 4])).toEqual(values);
  });

  it('refuses malformed requests with InvalidArgument / NotFound and keeps serving', async () => {
    const user = tkmsKeys();
    const good = {
      request_id: { request_id: newRequestId() },
      key_id: { request_id: keyId },
      typed_ciphertexts: [
        {
          ciphertext: Buffer.from(encrypt('push_u8', 9n)),
          fhe_type: 2,
          external_handle: Buffer.alloc(32, 1),
        },
      ],
      client_address: CLIENT,
      enc_key: Buffer.from(user.keys.publicKey),
      domain: {
        name: DEFAULT_DOMAIN.name,
        version: DEFAULT_DOMAIN.version,
        chain_id: Buffer.from(DEFAULT_DOMAIN.chainId.toString(16).padStart(64, '0'), 'hex'),
        verifying_contract: DEFAULT_DOMAIN.verifyingContract,
      },
    };
    const truncated = Buffer.from(good.typed_ciphertexts[0].ciphertext).subarray(0, 500);
    const boolFirst = tfhe.CompactCiphertextList.builder(cpk);
    boolFirst.push_boolean(true);
    boolFirst.push_u8(3);
    const packedAfterBool = Buffer.from(boolFirst.build_packed().safe_serialize(1n << 30n));
    const cases: [string, Record<string, unknown>, number][] = [
      [
        'malformed ciphertext',
        { typed_ciphertexts: [{ ...good.typed_ciphertexts[0], ciphertext: truncated }] },
        status.INVALID_ARGUMENT,
      ],
      [
        'wrong fhe_type',
        { typed_ciphertexts: [{ ...good.typed_ciphertexts[0], fhe_type: 5 }] },
        status.INVALID_ARGUMENT,
      ],
      [
        'squashed format for a list',
        { typed_ciphertexts: [{ ...good.typed_ciphertexts[0], ciphertext_format: 'BigExpanded' }] },
        status.INVALID_ARGUMENT,
      ],
      [
        'unknown ciphertext_format',
        { typed_ciphertexts: [{ ...good.typed_ciphertexts[0], ciphertext_format: 9 }] },
        status.INVALID_ARGUMENT,
      ],
      [
        'packed-list value starting in a high half',
        { typed_ciphertexts: [{ ...good.typed_ciphertexts[0], ciphertext: packedAfterBool, fhe_type: 0 }] },
        status.INVALID_ARGUMENT,
      ],
      ['unknown key', { key_id: { request_id: newRequestId() } }, status.NOT_FOUND],
      ['no checksum', { client_address: CLIENT.toLowerCase() }, status.INVALID_ARGUMENT],
      ['bad enc_key', { enc_key: Buffer.alloc(808, 0xff) }, status.INVALID_ARGUMENT],
      ['no domain', { domain: null }, status.INVALID_ARGUMENT],
      [
        'contract = client',
        { domain: { ...good.domain, verifying_contract: CLIENT } },
        status.INVALID_ARGUMENT,
      ],
    ];
    for (const [name, change, code] of cases) {
      const request = { ...good, ...change, request_id: { request_id: newRequestId() } };
      const error = await client.connections[0].call('UserDecryptSync', request).then(
        () => undefined,
        (e: { code: number }) => e,
      );
      expect({ name, code: error?.code }).toEqual({ name, code });
    }
    const outcome = await client.userDecrypt(keyId, [{ bytes: encrypt('push_u32', 4242n), fheType: 4 }]);
    expect(outcome.values).toEqual([{ fheType: 4, value: 4242n }]);
  });

  it('still decrypts with one party down', async () => {
    await cluster.stopParty(4);
    const user = tkmsKeys();
    const outcome = await client.userDecrypt(
      keyId,
      [{ bytes: encrypt('push_u64', 1234567890123n), fheType: 5 }],
      {
        keys: user.keys,
        clientAddress: CLIENT,
      },
    );
    expect(outcome.values).toEqual([{ fheType: 5, value: 1234567890123n }]);
    expect(outcome.acceptedParties).toEqual([1, 2, 3]);
    expect(tkmsReconstruct(addresses, outcome, user, [1, 2, 3])).toEqual([1234567890123n]);
  });
});

describe('user decryption with seven cores (n = 7, t = 2)', () => {
  let cluster: InProcessCluster;
  let client: KmsClusterClient;

  beforeAll(async () => {
    cluster = await startInProcessCluster({ parties: 7, peerTimeoutMs: 3_000, name: 'kms-user-decrypt-7' });
    client = cluster.client;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('reconstructs with our client and node-tkms (verify = true) from all 7 and from n − t = 5 responses', async () => {
    const { keyId } = await client.insecureKeygen('tfhe_default');
    const addresses = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((p) => client.partyAddress(p)));
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', keyId),
      1n << 30n,
    );
    const lists = [
      ['push_u8', 201, 2],
      ['push_u64', 0xfedcba9876543210n, 5],
    ] as const;
    const user = tkmsKeys();
    const outcome = await client.userDecrypt(
      keyId,
      lists.map(([push, value, fheType]) => {
        const builder = tfhe.CompactCiphertextList.builder(cpk);
        builder[push](value);
        return { bytes: builder.build().safe_serialize(1n << 30n), fheType };
      }),
      { keys: user.keys, clientAddress: CLIENT },
    );
    const expected = [201n, 0xfedcba9876543210n];
    expect(outcome.values.map((v) => v.value)).toEqual(expected);
    expect(outcome.acceptedParties).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(tkmsReconstruct(addresses, outcome, user, [1, 2, 3, 4, 5, 6, 7])).toEqual(expected);
    expect(tkmsReconstruct(addresses, outcome, user, [1, 3, 4, 6, 7])).toEqual(expected);
  }, 600_000);
});
