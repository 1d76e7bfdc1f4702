// Four cores in this process, talking over real gRPC + mTLS on loopback with file vaults: insecure keygen end
// to end, with node-tfhe reading the public material and viem-verified signatures; then public decryption (BitDec)
// of what node-tfhe encrypts under the cluster's public key (FheBool to FheUint256), with a party sending wrong
// shares during the decryption and with a silent party.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOMAIN, type KmsClusterClient } from '../../src/client/kms-client.ts';
import type { PublicDecryptionResponse__Output } from '../../src/core/api/generated/kms/v1/PublicDecryptionResponse.ts';
import { coreBitDecCost } from '../../src/core/party/operations/bitdec-options.ts';
import type { PublicDecryptRequest } from '../../src/core/party/operations/public-decrypt.ts';
import { publicDecryptVerification, verifyEip712 } from '../../src/core/signing/eip712.ts';
import { leBytesToBigInt } from '../../src/core/signing/plaintexts.ts';
import { parameterSet } from '../../src/fhe/params/index.ts';
import { childSessionId, deriveSessionId, type SessionId, type Transport } from '../../src/mpc/net/index.ts';
import { parseCiphertext, planDecryption } from '../../src/mpc/protocols/decryption/blocks.ts';
import { type InProcessCluster, startInProcessCluster } from '../support/in-process-cluster.ts';

const tfhe = createRequire(import.meta.url)('node-tfhe');

const hex = (sessionId: SessionId) => Buffer.from(sessionId).toString('hex');

/** A result is accepted with t + 1 = 2 agreeing, validly signed parties; the client may stop waiting there. */
function expectAgreement(agreeing: number[], running: number[]) {
  expect(agreeing.length).toBeGreaterThanOrEqual(2);
  expect(new Set(agreeing).size).toBe(agreeing.length);
  for (const p of agreeing) expect(running).toContain(p);
}

/**
 * Makes `party` lie in the BitDec rounds of its public decryptions: from the round in which it sends a message of
 * `maskingBytes` (the masking round, the first of BitDec: one GR(2^64, 4) element per block) on, it adds `offset`
 * to every 64-bit word it sends in that session. Preprocessing made earlier in the session stays honest, and so
 * does the party's own protocol state: only what leaves it is falsified. The BitDec session id is derived from
 * the request id, captured when the party starts the request.
 */
function lieInBitDec(
  party: {
    options: { transport: Transport };
    startPublicDecrypt(request: PublicDecryptRequest, sync?: number): unknown;
  },
  maskingBytes: number,
  offset: bigint,
) {
  const transport = party.options.transport;
  const firstLyingRound = new Map<string, number>();
  const lie = { rounds: new Set<number>(), restore: () => {} };
  const falsify = (sessionId: SessionId, round: number, payload: Uint8Array): Uint8Array => {
    const id = hex(sessionId);
    if (!firstLyingRound.has(id)) return payload;
    if (firstLyingRound.get(id) === -1 && payload.length === maskingBytes) firstLyingRound.set(id, round);
    const from = firstLyingRound.get(id)!;
    if (from === -1 || round < from || payload.length % 8 !== 0) return payload;
    const out = Uint8Array.from(payload);
    const words = new BigUint64Array(out.buffer);
    for (let i = 0; i < words.length; i++) words[i] += offset;
    lie.rounds.add(round);
    return out;
  };
  const { send, sendToAll } = transport;
  const start = party.startPublicDecrypt;
  transport.send = (sid, round, to, payload) =>
    send.call(transport, sid, round, to, falsify(sid, round, payload));
  transport.sendToAll = (sid, round, payload) =>
    sendToAll.call(transport, sid, round, falsify(sid, round, payload));
  party.startPublicDecrypt = (request, sync) => {
    firstLyingRound.set(
      hex(childSessionId(deriveSessionId(request.requestId, 'public-decrypt'), 'bitdec')),
      -1,
    );
    return start.call(party, request, sync);
  };
  lie.restore = () => {
    transport.send = send;
    transport.sendToAll = sendToAll;
    party.startPublicDecrypt = start;
  };
  return lie;
}

describe('insecure key generation and BitDec public decryption across four cores (in-process, real gRPC + mTLS)', () => {
  let cluster: InProcessCluster;
  let client: KmsClusterClient;
  let keyId: string;

  beforeAll(async () => {
    cluster = await startInProcessCluster({ parties: 4, name: 'kms-keygen' });
    client = cluster.client;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('generates a key whose public key node-tfhe reads and encrypts with, signed by every party', async () => {
    const outcome = await client.insecureKeygen('tfhe_default');
    keyId = outcome.keyId;
    expect(outcome.agreeingParties).toEqual([1, 2, 3, 4]);
    expect(outcome.digests.map((d) => d.keyType)).toEqual(['ServerKey', 'PublicKey']);
    for (let p = 1; p <= 4; p++) {
      const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
        await client.readPublic(p, 'PublicKey', keyId),
        1n << 30n,
      );
      const builder = tfhe.CompactCiphertextList.builder(cpk);
      builder.push_u8(42);
      builder.push_boolean(true);
      expect(builder.build().len()).toBe(2);
      const sks = tfhe.TfheCompressedServerKey.safe_deserialize(
        await client.readPublic(p, 'ServerKey', keyId),
        1n << 32n,
      );
      expect(sks).toBeDefined();
    }
    for (let p = 1; p <= 4; p++) expect(cluster.core(p).party.keyIds()).toContain(keyId);
  });

  it('decrypts FheBool to FheUint256 that node-tfhe encrypted under the cluster key, t + 1 or more parties signing the same plaintexts', async () => {
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(2, 'PublicKey', keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u8(173);
    builder.push_u32(3735928559);
    builder.push_boolean(true);
    builder.push_u64(9223372036854775813n);
    builder.push_u128((1n << 127n) + 0xabcdef0123456789n);
    builder.push_u256((0xfedcba9876543210n << 190n) + 777n);
    const list = builder.build().safe_serialize(1n << 30n);
    const single = tfhe.CompactCiphertextList.builder(cpk);
    single.push_u16(54321);
    const outcome = await client.publicDecrypt(keyId, [
      { bytes: list, fheType: 2 },
      { bytes: single.build().safe_serialize(1n << 30n), fheType: 3 },
    ]);
    expect(outcome.values).toEqual([
      { fheType: 2, value: 173n },
      { fheType: 4, value: 3735928559n },
      { fheType: 0, value: 1n },
      { fheType: 5, value: 9223372036854775813n },
      { fheType: 6, value: (1n << 127n) + 0xabcdef0123456789n },
      { fheType: 8, value: (0xfedcba9876543210n << 190n) + 777n },
      { fheType: 3, value: 54321n },
    ]);
    expectAgreement(outcome.agreeingParties, [1, 2, 3, 4]);
  });

  it('a party sending wrong shares in every BitDec round is corrected: the result is right and signed by t + 1 or more', async () => {
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u64(0xfeedfacecafebeefn);
    builder.push_boolean(true);
    builder.push_u128((1n << 100n) + 12345n);
    const expected = [
      { fheType: 5, value: 0xfeedfacecafebeefn },
      { fheType: 0, value: 1n },
      { fheType: 6, value: (1n << 100n) + 12345n },
    ];
    const bytes = builder.build().safe_serialize(1n << 30n);
    const plans = [
      planDecryption(parseCiphertext(bytes), parameterSet(cluster.core(1).party.keyParams(keyId))),
    ];
    const blocks = plans[0].count;
    const lie = lieInBitDec(cluster.core(3).party, blocks * 4 * 8, 1n << 40n);
    const handle = new Uint8Array(32).fill(0x33);
    try {
      const outcome = await client.publicDecrypt(keyId, [{ bytes, fheType: 5, handle }]);
      expect(outcome.values).toEqual(expected);
      expectAgreement(outcome.agreeingParties, [1, 2, 3, 4]);
      // The lies went out, in every BitDec round (masking, carry tree, message).
      expect(lie.rounds.size).toBe(coreBitDecCost(plans).rounds);
      // Honest parties open every round robustly (n = 4 shares of degree t = 1 correct one error) and drop the
      // liar from the later rounds. The liar falsifies only what it sends: it opens the others' honest shares
      // with its own true ones, so it computes — and validly signs — the right plaintexts too. Every party's
      // result, the liar's included, is read back and checked.
      for (let p = 1; p <= 4; p++) {
        const response = await client.connections[p - 1].call<PublicDecryptionResponse__Output>(
          'GetPublicDecryptionResult',
          { request_id: outcome.requestId },
          60_000,
        );
        const plaintexts = response.payload!.plaintexts.map((t) => ({
          bytes: new Uint8Array(t.bytes),
          fheType: t.fhe_type,
        }));
        expect(plaintexts.map((t) => ({ fheType: t.fheType, value: leBytesToBigInt(t.bytes) }))).toEqual(
          expected,
        );
        const signed = publicDecryptVerification([handle], plaintexts, new Uint8Array(0));
        expect(
          await verifyEip712(
            DEFAULT_DOMAIN,
            signed,
            response.external_signature,
            await client.partyAddress(p),
          ),
        ).toBe(true);
      }
    } finally {
      lie.restore();
    }
  });

  it('still decrypts with one party down', async () => {
    await cluster.stopParty(4);
    const cpk = tfhe.TfheCompactPublicKey.safe_deserialize(
      await client.readPublic(1, 'PublicKey', keyId),
      1n << 30n,
    );
    const builder = tfhe.CompactCiphertextList.builder(cpk);
    builder.push_u8(7);
    const outcome = await client.publicDecrypt(keyId, [
      { bytes: builder.build().safe_serialize(1n << 30n), fheType: 2 },
    ]);
    expect(outcome.values).toEqual([{ fheType: 2, value: 7n }]);
    expectAgreement(outcome.agreeingParties, [1, 2, 3]);
    await cluster.startParty(4);
  }, 300_000);
});
