// node-tfhe 1.4.0-alpha.3 (relayer-sdk 0.4.3 clients) vs 1.7.0: the codec reads 1.4 lists and keys where the
// layouts differ, and writes a CompactPublicKey both versions accept (§12 of the interop notes).
import { describe, expect, test, vi } from 'vitest';
import { CodecError } from '../codec/index.ts';
import {
  defaultKeys,
  FIXTURE_TIMEOUT_MS,
  LIMIT,
  pkeKeys,
  provenList14,
  tfhe,
  tfhe14,
  tiny14Keys,
} from './golden.fixtures.ts';

// The first run on a machine generates the cached fixtures (CRS, proofs, server key): allow for it.
vi.setConfig({ testTimeout: FIXTURE_TIMEOUT_MS });

import { compactPublicKeyInLayout } from './keys.ts';
import { readObject, writeObject } from './registry.ts';

function toLayout(bytes: Uint8Array, version: 0 | 1): Uint8Array {
  const k = readObject('CompactPublicKey', bytes);
  return writeObject('CompactPublicKey', compactPublicKeyInLayout(k, version === 0 ? '1.4' : '1.7'));
}

function listFrom(T: typeof tfhe, cpkBytes: Uint8Array): Uint8Array {
  const b = T.CompactCiphertextList.builder(T.TfheCompactPublicKey.safe_deserialize(cpkBytes, LIMIT));
  b.push_u16(54321);
  b.push_boolean(true);
  return b.build_packed().safe_serialize(LIMIT);
}

describe('objects written by node-tfhe 1.4.0-alpha.3', () => {
  test('CompactPublicKey and compact lists use ExpansionKind V0 and round-trip byte-identically', () => {
    const { cpk } = tiny14Keys();
    const cpkBytes = cpk.safe_serialize(LIMIT);
    const k = readObject('CompactPublicKey', cpkBytes);
    expect(k.parameters.expansionKind).toEqual({
      kind: 'NoCasting',
      atomicPattern: { kind: 'Standard', pbsOrder: 'KeyswitchBootstrap' },
      version: 0,
    });
    expect(Buffer.from(writeObject('CompactPublicKey', k)).equals(Buffer.from(cpkBytes))).toBe(true);
    const listBytes = listFrom(tfhe14, cpkBytes);
    const l = readObject('CompactCiphertextList', listBytes);
    expect(l.list.expansionKind.version).toBe(0);
    expect(l.info).toEqual([{ kind: 'Unsigned', blocks: 8 }, { kind: 'Boolean' }]);
    expect(Buffer.from(writeObject('CompactCiphertextList', l)).equals(Buffer.from(listBytes))).toBe(true);
  });

  test('a 1.4 packed list under the default config is 8 bytes shorter than the 1.7 one', () => {
    const ck14 = tfhe14.TfheClientKey.generate(tfhe14.TfheConfigBuilder.default().build());
    const l14 = listFrom(tfhe14, tfhe14.TfheCompactPublicKey.new(ck14).safe_serialize(LIMIT));
    const l17 = listFrom(tfhe, defaultKeys().cpk.safe_serialize(LIMIT));
    expect([l14.length, l17.length]).toEqual([16_667, 16_675]);
    expect(readObject('CompactCiphertextList', l14).list.count).toBe(
      readObject('CompactCiphertextList', l17).list.count,
    );
  });

  test('FheUint8 from 1.4 parses; a 1.4 ClientKey is rejected with a typed UnknownVersion error', () => {
    const { ck } = tiny14Keys();
    const ct = tfhe14.FheUint8.encrypt_with_client_key(77, ck).safe_serialize(LIMIT);
    expect(readObject('FheUint', ct).blocks.length).toBe(4);
    try {
      readObject('ClientKey', ck.safe_serialize(LIMIT));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      expect((e as CodecError).kind).toBe('UnknownVersion');
      expect((e as CodecError).message).toMatch(/IntegerClientKey/);
    }
  });

  test('a ProvenCompactCiphertextList from 1.4 (pke_v2::Proof V2) parses and round-trips', async () => {
    const bytes = await provenList14((b) => toLayout(b, 0));
    const p = readObject('ProvenCompactCiphertextList', bytes);
    expect(p.lists.every((l) => l.proof.version === 2)).toBe(true);
    expect(p.info).toEqual([
      { kind: 'Unsigned', blocks: 4 },
      { kind: 'Unsigned', blocks: 32 },
    ]);
    expect(Buffer.from(writeObject('ProvenCompactCiphertextList', p)).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('CompactPublicKey for old clients', () => {
  test.each([
    ['default config (NoCasting)', defaultKeys],
    ['dedicated PKE (RequiresCasting)', pkeKeys],
  ] as const)('%s: the 1.4 layout is read by both versions, the 1.7 layout only by 1.7', (_, keys) => {
    const cpk17 = keys().cpk.safe_serialize(LIMIT);
    const v0 = toLayout(cpk17, 0);
    expect(Buffer.from(toLayout(cpk17, 1)).equals(Buffer.from(cpk17))).toBe(true);
    expect(cpk17.length - v0.length).toBe(
      readObject('CompactPublicKey', cpk17).parameters.expansionKind.kind === 'NoCasting' ? 8 : 0,
    );
    expect(() => tfhe14.TfheCompactPublicKey.safe_deserialize(cpk17, LIMIT)).toThrow();
    for (const T of [tfhe14, tfhe]) {
      const list = readObject('CompactCiphertextList', listFrom(T, v0));
      expect(list.info).toEqual([{ kind: 'Unsigned', blocks: 8 }, { kind: 'Boolean' }]);
    }
    // 1.7 upgrades the V0 tag on load and re-serializes it in the 1.7 layout.
    const upgraded = tfhe.TfheCompactPublicKey.safe_deserialize(v0, LIMIT).safe_serialize(LIMIT);
    expect(Buffer.from(upgraded).equals(Buffer.from(cpk17))).toBe(true);
  });
});
