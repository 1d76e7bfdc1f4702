// Golden-byte tests against node-tfhe 1.7.0: every object node-tfhe writes is parsed to its last byte, re-written
// byte-identically, and (where it carries a message) decrypted with the secret key read from the ClientKey.
import { describe, expect, test, vi } from 'vitest';
import { compactPkeParametersOf, TFHE_1_7_DEDICATED_PKE, TFHE_1_7_DEFAULT } from '../params/index.ts';
import {
  COMPACT_LIST_VALUES,
  compactList,
  defaultKeys,
  defaultServerKey,
  FIXTURE_TIMEOUT_MS,
  LIMIT,
  pkeKeys,
  provenList,
  provenListProofLoad,
  tfhe,
  tinyKeys,
  tinyPkeKeys,
} from './golden.fixtures.ts';

// The first run on a machine generates the cached fixtures (CRS, proofs, server key): allow for it.
vi.setConfig({ testTimeout: FIXTURE_TIMEOUT_MS });

import { type ObjectKind, objectKindOf, readObject, writeObject } from './registry.ts';
import type { ShortintCiphertext, ShortintCompactCiphertextList } from './types.ts';

function roundTrip<K extends ObjectKind>(kind: K, bytes: Uint8Array) {
  const obj = readObject(kind, bytes);
  const again = writeObject(kind, obj);
  expect(again.length).toBe(bytes.length);
  expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
  expect(objectKindOf(bytes)).toBe(kind);
  return obj;
}

// ---- plain decryption (test-only, BigInt): phase = b − Σ a_i s_i, Δ = 2^64 / (2·msg·carry)
const M64 = (1n << 64n) - 1n;
function decodePhase(phase: bigint, msg: number, carry: number): bigint {
  const clear = BigInt(msg * carry);
  const delta = (1n << 63n) / clear;
  return ((phase + delta / 2n) / delta) % (2n * clear);
}
function lweDecrypt(data: BigUint64Array, key: BigUint64Array, msg: number, carry: number): bigint {
  const n = data.length - 1;
  expect(key.length).toBe(n);
  let acc = 0n;
  for (let i = 0; i < n; i++) if (key[i] === 1n) acc += data[i];
  return decodePhase((data[n] - acc) & M64, msg, carry);
}
function decryptBlocks(blocks: ShortintCiphertext[], key: BigUint64Array): bigint {
  let v = 0n;
  blocks.forEach((b, i) => {
    v |=
      (lweDecrypt(b.ct.data, key, b.messageModulus, b.carryModulus) % BigInt(b.messageModulus)) <<
      BigInt(2 * i);
  });
  return v;
}
/** j-th LWE of a compact list: mask = bin mask · X^j (negacyclic), body = j-th body. */
function compactListDecrypt(list: ShortintCompactCiphertextList, key: BigUint64Array): bigint[] {
  const n = list.lweSize - 1;
  const bins = Math.ceil(list.count / n);
  const out: bigint[] = [];
  for (let j = 0; j < list.count; j++) {
    const bin = Math.floor(j / n);
    const jj = j % n;
    const mask = list.data.subarray(bin * n, (bin + 1) * n);
    const lwe = new BigUint64Array(n + 1);
    for (let i = 0; i < n; i++) lwe[i] = i >= jj ? mask[i - jj] : BigInt.asUintN(64, -mask[n + i - jj]);
    lwe[n] = list.data[bins * n + j];
    const v = lweDecrypt(lwe, key, list.messageModulus, list.carryModulus);
    const m = BigInt(list.messageModulus);
    if (list.degree >= list.messageModulus) out.push(v % m, (v / m) % m);
    else out.push(v % m);
  }
  return out;
}
function recompose(blocks: bigint[], info: { kind: string; blocks?: number }[]): bigint[] {
  let k = 0;
  return info.map((d) => {
    const nb = d.kind === 'Boolean' ? 1 : (d.blocks ?? 0);
    let v = 0n;
    for (let i = 0; i < nb; i++) v |= blocks[k + i] << BigInt(2 * i);
    k += nb;
    return v;
  });
}

describe('ClientKey', () => {
  test('default config: parses, matches the named parameter set, re-writes byte-identically', () => {
    const bytes = defaultKeys().ckBytes;
    expect(bytes.length).toBe(31_458);
    const ck = roundTrip('ClientKey', bytes);
    expect(ck.glweSecretKey.data.length).toBe(2048);
    expect(ck.glweSecretKey.polynomialSize).toBe(2048);
    expect(ck.lweSecretKey.length).toBe(918);
    expect(ck.oprfPrivateKey?.length).toBe(918);
    expect(ck.parameters).toEqual(TFHE_1_7_DEFAULT.compute);
    expect(ck.dedicatedCompactPrivateKey).toBeNull();
    expect([...ck.glweSecretKey.data].every((b) => b === 0n || b === 1n)).toBe(true);
  });

  test('dedicated compact-PKE config: compact key and casting parameters', () => {
    const bytes = pkeKeys().ckBytes;
    expect(bytes.length).toBe(47_998);
    const ck = roundTrip('ClientKey', bytes);
    expect(ck.dedicatedCompactPrivateKey?.secretKey.length).toBe(2048);
    expect(ck.dedicatedCompactPrivateKey?.parameters).toEqual(
      TFHE_1_7_DEDICATED_PKE.dedicatedCompactPublicKey?.pke,
    );
    expect(ck.dedicatedCompactPrivateKey?.keySwitchingParameters).toEqual(
      TFHE_1_7_DEDICATED_PKE.dedicatedCompactPublicKey?.ksk,
    );
  });

  test('a ClientKey written from JS key bits is accepted by node-tfhe and its encryptions decrypt in JS', () => {
    const ref = readObject('ClientKey', defaultKeys().ckBytes);
    const bits = (n: number) => BigUint64Array.from({ length: n }, () => BigInt(Math.random() < 0.5 ? 1 : 0));
    const mine = {
      ...ref,
      glweSecretKey: { data: bits(2048), polynomialSize: 2048 },
      lweSecretKey: bits(918),
    };
    const ck = tfhe.TfheClientKey.safe_deserialize(writeObject('ClientKey', mine), LIMIT);
    const ct = readObject('FheUint', tfhe.FheUint8.encrypt_with_client_key(201, ck).safe_serialize(LIMIT));
    expect(decryptBlocks(ct.blocks, mine.glweSecretKey.data)).toBe(201n);
  });
});

describe('public keys', () => {
  test('CompactPublicKey (default, NoCasting) and (dedicated PKE, RequiresCasting)', () => {
    const d = defaultKeys().cpk.safe_serialize(LIMIT);
    expect(d.length).toBe(33_034);
    const cpk = roundTrip('CompactPublicKey', d);
    expect(cpk.mask.length).toBe(2048);
    expect(cpk.parameters).toEqual(compactPkeParametersOf(TFHE_1_7_DEFAULT));
    const p = pkeKeys().cpk.safe_serialize(LIMIT);
    expect(p.length).toBe(33_018);
    expect(roundTrip('CompactPublicKey', p).parameters).toEqual(
      compactPkeParametersOf(TFHE_1_7_DEDICATED_PKE),
    );
  });

  test('CompressedCompactPublicKey', () => {
    const bytes = tfhe.TfheCompressedCompactPublicKey.new(defaultKeys().ck).safe_serialize(LIMIT);
    expect(bytes.length).toBe(16_732);
    const k = roundTrip('CompressedCompactPublicKey', bytes);
    expect(k.compressionSeed.seed.kind).toBe('Ctr');
    expect(k.body.length).toBe(2048);
  });
});

describe('ciphertexts encrypted with the client key', () => {
  const widths = [
    ['FheUint8', 8, 0xadn],
    ['FheUint16', 16, 0xbeefn],
    ['FheUint32', 32, 0xdeadbeefn],
    ['FheUint64', 64, 0x0123456789abcdefn],
    ['FheUint128', 128, (1n << 127n) + 12345n],
    ['FheUint256', 256, (1n << 255n) + 99n],
  ] as const;
  test.each(widths)('%s', (cls, bits, value) => {
    const { ck, ckBytes } = defaultKeys();
    const clear = bits <= 32 ? Number(value) : value;
    const bytes = tfhe[cls].encrypt_with_client_key(clear, ck).safe_serialize(LIMIT);
    const ct = roundTrip('FheUint', bytes);
    expect(ct.blocks.length).toBe(bits / 2);
    expect(bytes.length).toBe(101 + 16_500 * (bits / 2));
    const key = readObject('ClientKey', ckBytes).glweSecretKey.data;
    expect(decryptBlocks(ct.blocks, key)).toBe(value);
  });

  test('FheBool and FheInt8', () => {
    const { ck, ckBytes } = defaultKeys();
    const key = readObject('ClientKey', ckBytes).glweSecretKey.data;
    const b = roundTrip('FheBool', tfhe.FheBool.encrypt_with_client_key(true, ck).safe_serialize(LIMIT));
    expect(decryptBlocks([b.block], key)).toBe(1n);
    const i = roundTrip('FheInt', tfhe.FheInt8.encrypt_with_client_key(-5, ck).safe_serialize(LIMIT));
    expect(BigInt.asIntN(8, decryptBlocks(i.blocks, key))).toBe(-5n);
  });
});

describe('compact lists', () => {
  test.each([true, false])('default config, packed=%s', (packed) => {
    const { cpk, ckBytes } = defaultKeys();
    const bytes = compactList(tfhe, cpk, packed);
    expect(bytes.length).toBe(packed ? 16_771 : 16_867);
    const l = roundTrip('CompactCiphertextList', bytes);
    expect(l.list.degree).toBe(packed ? 15 : 3);
    expect(l.list.expansionKind.kind).toBe('NoCasting');
    const key = readObject('ClientKey', ckBytes).glweSecretKey.data;
    expect(recompose(compactListDecrypt(l.list, key), l.info)).toEqual(COMPACT_LIST_VALUES);
  });

  test('dedicated PKE config (RequiresCasting), packed', () => {
    const { cpk, ckBytes } = pkeKeys();
    const l = roundTrip('CompactCiphertextList', compactList(tfhe, cpk, true));
    expect(l.list.expansionKind).toEqual({ kind: 'RequiresCasting', version: 1 });
    const key = readObject('ClientKey', ckBytes).dedicatedCompactPrivateKey!.secretKey;
    expect(recompose(compactListDecrypt(l.list, key), l.info)).toEqual(COMPACT_LIST_VALUES);
  });

  test('ProvenCompactCiphertextList (PKEv2 proofs, Verify load) parses, re-writes and decrypts', async () => {
    const { list } = await provenList();
    const p = roundTrip('ProvenCompactCiphertextList', list);
    expect(p.lists.length).toBe(2); // 105 bits under a 64-bit CRS: two proven lists
    for (const l of p.lists) {
      expect(l.proof.version).toBe(3);
      expect(l.proof.bytes.length).toBe(2037);
    }
    const key = readObject('ClientKey', pkeKeys().ckBytes).dedicatedCompactPrivateKey!.secretKey;
    const blocks = p.lists.flatMap((l) => compactListDecrypt(l.list, key));
    // A Node Buffer at a non-zero offset gives the same object, and the object does not alias the input.
    const buf = Buffer.concat([Buffer.alloc(3), Buffer.from(list)]).subarray(3);
    const fromBuf = readObject('ProvenCompactCiphertextList', buf);
    buf.fill(0);
    expect(fromBuf.lists.map((l) => l.proof.version)).toEqual([3, 3]);
    expect(Buffer.from(writeObject('ProvenCompactCiphertextList', fromBuf)).equals(Buffer.from(list))).toBe(
      true,
    );
    expect(recompose(blocks, p.info)).toEqual([42n, 123456789n, 1n, 9223372036854775813n]);
  });
});

test('ProvenCompactCiphertextList with ZkComputeLoad.Proof (compute-load proof fields present)', async () => {
  const p = roundTrip('ProvenCompactCiphertextList', await provenListProofLoad());
  expect(p.lists.map((l) => l.proof.bytes.length)).toEqual([2617]);
  const key = readObject('ClientKey', pkeKeys().ckBytes).dedicatedCompactPrivateKey!.secretKey;
  expect(recompose(compactListDecrypt(p.lists[0].list, key), p.info)).toEqual([4242n, 0n]);
});

describe('CompressedServerKey', () => {
  test('tiny parameters, with and without a dedicated compact key (casting key material)', () => {
    for (const ks of [tinyKeys(), tinyPkeKeys()]) {
      const bytes = tfhe.TfheCompressedServerKey.new(ks.ck).safe_serialize(LIMIT);
      const k = roundTrip('CompressedServerKey', bytes);
      expect(k.bootstrappingKey.data.length).toBe(16 * 1 * 2 * 256);
      expect(k.oprfBootstrappingKey?.data.length).toBe(16 * 1 * 2 * 256);
      expect(k.keySwitchingKey.data.length).toBe(256 * 4);
    }
    const withCast = readObject(
      'CompressedServerKey',
      tfhe.TfheCompressedServerKey.new(tinyPkeKeys().ck).safe_serialize(LIMIT),
    );
    expect(withCast.cpkKeySwitchingKeyMaterial?.destinationKey).toBe('Small');
    expect(withCast.cpkKeySwitchingKeyMaterial?.keySwitchingKey.data.length).toBe(256 * 4);
  });

  test('default config (60 MB): byte-exact round trip, parse and write each well under a second', async () => {
    const bytes = await defaultServerKey();
    expect(bytes.length).toBe(60_228_264);
    let t = performance.now();
    const k = readObject('CompressedServerKey', bytes);
    const readMs = performance.now() - t;
    t = performance.now();
    const again = writeObject('CompressedServerKey', k);
    const writeMs = performance.now() - t;
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    expect(k.modulusSwitch).toEqual({ kind: 'CenteredMeanNoiseReduction' });
    expect(k.bootstrappingKey.data.length).toBe(918 * 2 * 2048);
    expect(k.maxDegree).toBe(12);
    expect(readMs).toBeLessThan(1000);
    expect(writeMs).toBeLessThan(1000);
  });
});
