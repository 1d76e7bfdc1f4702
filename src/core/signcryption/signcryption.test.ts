// Signcryption and signed user-decryption responses against node-tkms 0.12.8 as the independent client: its own
// ML-KEM envelope, and its secure path (verify = true: EIP-712 signatures by the configured addresses, link,
// inner signcryption signature and server key digest) on responses built from real user-decryption shares.
import { createRequire } from 'node:module';
import { getAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconstructUserResponses, toTkmsResponses } from '../../client/user-decryption.ts';
import { writeObject } from '../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS } from '../../fhe/params/index.ts';
import { parseCiphertext, planDecryption } from '../../mpc/protocols/decryption/blocks.ts';
import {
  dealtKeys,
  encryptSquashedBool,
  encryptSquashedUint,
  testParties,
  testSource,
} from '../../mpc/protocols/decryption/testing.test-util.ts';
import { userDecryptionShares } from '../../mpc/protocols/decryption/user-decryption.ts';
import type { UserDecryptionResponse__Output } from '../api/generated/kms/v1/UserDecryptionResponse.ts';
import { signUserDecryptionResponse } from '../party/operations/user-decrypt.ts';
import { normalizeDomain } from '../signing/eip712.ts';
import { PartySigningKey } from '../signing/signing-key.ts';
import {
  generateUserEncryptionKeys,
  hybridDecrypt,
  hybridEncrypt,
  parseUserEncryptionKey,
  parseUserSecretKey,
  SigncryptionError,
  signcryptionReceiver,
  signcryptPlaintext,
  unifiedEncKeyBytes,
  unsigncryptPlaintext,
} from './index.ts';

const K = createRequire(import.meta.url)('node-tkms');
const params = PARAMS_TEST_BK_SNS;
const domain = normalizeDomain({
  name: 'Decryption',
  version: '1',
  chainId: 54321n,
  verifyingContract: getAddress('0x66f9664f97f2b50f62d13ea064982f936de76657'),
});
const clientAddress = '0x17853A630aAe15AED549B2B874de08B73C0F59c5';

function chainIdBytes(chainId: bigint): number[] {
  const out = new Array<number>(32).fill(0);
  for (let i = 31, v = chainId; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

describe('hybrid ML-KEM-512 + AES-256-GCM envelope', () => {
  it('node-tkms decrypts ours and we decrypt node-tkms’, with keys in either encoding', () => {
    const sk = K.ml_kem_pke_keygen();
    const pk = K.ml_kem_pke_get_pk(sk);
    const tkmsPk = new Uint8Array(K.ml_kem_pke_pk_to_u8vec(pk));
    const raw = parseUserEncryptionKey(tkmsPk);
    expect(unifiedEncKeyBytes(raw)).toEqual(tkmsPk);
    const message = new TextEncoder().encode('share bytes');
    expect(new Uint8Array(K.ml_kem_pke_decrypt(hybridEncrypt(message, raw), sk))).toEqual(message);
    const theirs = new Uint8Array(K.ml_kem_pke_encrypt(message, pk));
    expect(hybridDecrypt(theirs, parseUserSecretKey(K.ml_kem_pke_sk_to_u8vec(sk)))).toEqual(message);
    const ours = generateUserEncryptionKeys();
    expect(ours.publicKey.length).toBe(808);
    const toOurs = K.ml_kem_pke_encrypt(
      message,
      K.u8vec_to_ml_kem_pke_pk(unifiedEncKeyBytes(parseUserEncryptionKey(ours.publicKey))),
    );
    expect(hybridDecrypt(new Uint8Array(toOurs), ours.secretKey)).toEqual(message);
  });

  it('rejects tampering, a wrong key, a foreign signer and a wrong link', () => {
    const keys = generateUserEncryptionKeys();
    const receiver = signcryptionReceiver(clientAddress, keys.publicKey);
    const server = PartySigningKey.generate();
    const link = new Uint8Array(32).fill(7);
    const ct = signcryptPlaintext(server, receiver, new Uint8Array([1, 2, 3]), 5, link);
    const ok = unsigncryptPlaintext(keys.secretKey, receiver, server.verfKey, ct, link);
    expect(ok.plaintext).toEqual({ bytes: new Uint8Array([1, 2, 3]), fheType: 5 });
    const tampered = ct.slice();
    tampered[tampered.length - 1] ^= 1;
    expect(() => unsigncryptPlaintext(keys.secretKey, receiver, server.verfKey, tampered, link)).toThrow(
      SigncryptionError,
    );
    expect(() =>
      unsigncryptPlaintext(generateUserEncryptionKeys().secretKey, receiver, server.verfKey, ct, link),
    ).toThrow(/authentication/);
    expect(() =>
      unsigncryptPlaintext(keys.secretKey, receiver, PartySigningKey.generate().verfKey, ct, link),
    ).toThrow(/another server key/);
    expect(() =>
      unsigncryptPlaintext(keys.secretKey, receiver, server.verfKey, ct, new Uint8Array(32)),
    ).toThrow(/link/);
    const otherUser = signcryptionReceiver('0x0000000000000000000000000000000000000001', keys.publicKey);
    expect(() => unsigncryptPlaintext(keys.secretKey, otherUser, server.verfKey, ct, link)).toThrow(
      /signature/,
    );
    const zero = new Uint8Array(808);
    new DataView(zero.buffer).setBigUint64(0, 800n, true);
    expect(() => parseUserEncryptionKey(zero)).not.toThrow(); // all-zero coefficients are a valid encoding
    const bad = new Uint8Array(808);
    new DataView(bad.buffer).setBigUint64(0, 800n, true);
    bad.fill(0xff, 8);
    expect(() => parseUserEncryptionKey(bad)).toThrow(/ML-KEM-512/);
    expect(() => parseUserEncryptionKey(new Uint8Array(100))).toThrow(SigncryptionError);
  });
});

describe('signed user-decryption responses (n = 4, t = 1) against node-tkms verify = true', () => {
  const values: [number, number, bigint][] = [
    [0, 1, 1n],
    [2, 8, 173n],
    [5, 64, (1n << 64n) - 59n],
    [6, 128, (1n << 127n) + 99n],
  ];
  let signers: PartySigningKey[];
  let responsesFor: (
    encKey: Uint8Array,
    corrupt?: number,
  ) => { responses: Map<number, UserDecryptionResponse__Output>; handles: Uint8Array[] };

  beforeAll(() => {
    const keys = dealtKeys(params, 4, 1);
    const source = testSource(31);
    const plans = values.map(([, bits, value]) =>
      bits === 1
        ? planDecryption(
            parseCiphertext(
              writeObject('SquashedNoiseFheBool', encryptSquashedBool(value === 1n, keys.secret, source)),
            ),
            params,
          )
        : planDecryption(
            parseCiphertext(
              writeObject('SquashedNoiseFheUint', encryptSquashedUint(value, bits, keys.secret, source)),
            ),
            params,
          ),
    );
    signers = Array.from({ length: 4 }, () => PartySigningKey.generate());
    let round = 0;
    responsesFor = (encKey, corrupt) => {
      const { sessions, prss } = testParties(4, 1, { tag: `signed-${round++}` });
      const handles = values.map((_, i) => new Uint8Array(32).fill(i + 1));
      const receiver = signcryptionReceiver(clientAddress, encKey);
      const responses = new Map<number, UserDecryptionResponse__Output>();
      sessions.forEach((session, i) => {
        const shares = userDecryptionShares(session, prss[i], keys.shares[i], plans);
        if (i + 1 === corrupt) for (const s of shares) s.packed[5] ^= 1n << 60n;
        const response = signUserDecryptionResponse(
          signers[i],
          i + 1,
          1,
          {
            externalHandles: handles,
            handles,
            domain,
            extraData: new Uint8Array(0),
            clientAddress,
            encKey,
            receiver,
          },
          shares,
        );
        responses.set(i + 1, response as UserDecryptionResponse__Output);
      });
      return { responses, handles };
    };
  });

  function tkms(
    responses: UserDecryptionResponse__Output[],
    handles: Uint8Array[],
    sk: unknown,
    pk: unknown,
    encKey: Uint8Array,
    addresses = signers.map((s) => s.address as string),
  ): bigint[] {
    const client = K.new_client(
      addresses.map((a, i) => K.new_server_id_addr(i + 1, a)),
      clientAddress,
      'test',
    );
    const request = {
      signature: undefined,
      client_address: clientAddress,
      enc_key: Buffer.from(encKey).toString('hex'),
      ciphertext_handles: handles.map((h) => Buffer.from(h).toString('hex')),
      eip712_verifying_contract: domain.verifyingContract,
    };
    const jsDomain = {
      name: domain.name,
      version: domain.version,
      chain_id: chainIdBytes(domain.chainId),
      verifying_contract: domain.verifyingContract,
      salt: null,
    };
    const out = K.process_user_decryption_resp_from_js(
      client,
      request,
      jsDomain,
      toTkmsResponses(responses),
      pk,
      sk,
      true,
    ) as { bytes: Uint8Array }[];
    return out.map((p) => BigInt(`0x${Buffer.from(p.bytes).toString('hex') || '0'}`));
  }

  it('node-tkms (verify = true) and our client reconstruct every value; with 3 of 4 too', async () => {
    const sk = K.ml_kem_pke_keygen();
    const pk = K.ml_kem_pke_get_pk(sk);
    const encKey = new Uint8Array(K.ml_kem_pke_pk_to_u8vec(pk));
    const { responses, handles } = responsesFor(encKey);
    const expected = values.map(([, , v]) => v);
    expect(tkms([...responses.values()], handles, sk, pk, encKey)).toEqual(expected);
    expect(
      tkms(
        [1, 2, 4].map((p) => responses.get(p)!),
        handles,
        sk,
        pk,
        encKey,
      ),
    ).toEqual(expected);
    // A party configured with another address: node-tkms drops its response and still reconstructs from 3.
    const foreign = signers.map((s) => s.address as string);
    foreign[1] = PartySigningKey.generate().address;
    expect(tkms([...responses.values()], handles, sk, pk, encKey, foreign)).toEqual(expected);
    expect(() =>
      tkms(
        [1, 2, 4].map((p) => responses.get(p)!),
        handles,
        sk,
        pk,
        encKey,
        foreign,
      ),
    ).toThrow();
    const ours = await reconstructUserResponses(responses, {
      numParties: 4,
      threshold: 1,
      domain,
      addresses: new Map(signers.map((s, i) => [i + 1, s.address])),
      clientAddress,
      encKey,
      secretKey: new Uint8Array(K.ml_kem_pke_sk_to_u8vec(sk)),
      handles,
      fheTypes: values.map(([t]) => t),
      extraData: new Uint8Array(0),
    });
    expect(ours.values.map((v) => v.value)).toEqual(expected);
    expect(ours.acceptedParties).toEqual([1, 2, 3, 4]);
  });

  it('one party with wrong shares is corrected; a response signed by an unknown key is rejected', async () => {
    const sk = K.ml_kem_pke_keygen();
    const pk = K.ml_kem_pke_get_pk(sk);
    const encKey = new Uint8Array(K.ml_kem_pke_pk_to_u8vec(pk));
    const { responses, handles } = responsesFor(encKey, 3);
    const expected = values.map(([, , v]) => v);
    expect(tkms([...responses.values()], handles, sk, pk, encKey)).toEqual(expected);
    const context = {
      numParties: 4,
      threshold: 1,
      domain,
      addresses: new Map(signers.map((s, i) => [i + 1, s.address as string])),
      clientAddress,
      encKey,
      secretKey: new Uint8Array(K.ml_kem_pke_sk_to_u8vec(sk)),
      handles,
      fheTypes: values.map(([t]) => t),
      extraData: new Uint8Array(0),
    };
    const ours = await reconstructUserResponses(responses, context);
    expect(ours.values.map((v) => v.value)).toEqual(expected);
    expect(ours.liars).toEqual([3]);
    // Party 2 is configured with another address: its response no longer authenticates.
    const clean = responsesFor(encKey);
    const addresses = new Map(context.addresses);
    addresses.set(2, PartySigningKey.generate().address);
    const rejected = await reconstructUserResponses(clean.responses, {
      ...context,
      handles: clean.handles,
      addresses,
    });
    expect(rejected.rejected.map((r) => r.partyId)).toEqual([2]);
    expect(rejected.values.map((v) => v.value)).toEqual(expected);
  });
});
