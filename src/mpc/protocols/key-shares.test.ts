import { describe, expect, it } from 'vitest';
import { galoisRing } from '../algebra/index.ts';
import { openRobust } from '../sharing/index.ts';
import {
  dealKeyShares,
  decodeKeyShares,
  encodeKeyShares,
  KEY_COMPONENTS,
  type KeyShares,
} from './key-shares.ts';

function randomBits(length: number): BigUint64Array {
  const out = new BigUint64Array(length);
  for (let i = 0; i < length; i++) out[i] = BigInt(Math.random() < 0.5 ? 1 : 0);
  return out;
}

/** A record in the byte layout written before the noise-squashing compression key existed (ids 0..5), built by
 * hand rather than by encodeKeyShares. */
function recordWithoutCompressionKey(share: KeyShares): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(22);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x4b534852, true);
  header[4] = 1;
  view.setUint32(5, share.partyIndex, true);
  view.setUint32(9, share.numParties, true);
  view.setUint32(13, share.threshold, true);
  view.setUint32(17, share.degree, true);
  const old = ['lweKey', 'glweKey', 'compactKey', 'oprfKey', 'compressionKey', 'noiseSquashingKey'] as const;
  const present = old.filter((c) => share.components[c]);
  header[21] = present.length;
  parts.push(header);
  for (const c of present) {
    const v = share.components[c]!;
    const h = new Uint8Array(5);
    h[0] = old.indexOf(c);
    new DataView(h.buffer).setUint32(1, v.length / (2 * share.degree), true);
    parts.push(h, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  return Buffer.concat(parts);
}

describe('key shares', () => {
  const R = galoisRing(128, 4);
  const secret = {
    glweKey: randomBits(64),
    noiseSquashingKey: randomBits(48),
    noiseSquashingCompressionKey: randomBits(40),
  };

  it('keeps the component ids of records written before the noise-squashing compression key', () => {
    expect(KEY_COMPONENTS.slice(0, 6)).toEqual([
      'lweKey',
      'glweKey',
      'compactKey',
      'oprfKey',
      'compressionKey',
      'noiseSquashingKey',
    ]);
    const [share] = dealKeyShares(
      { glweKey: secret.glweKey, noiseSquashingKey: secret.noiseSquashingKey },
      4,
      1,
      4,
    );
    const bytes = recordWithoutCompressionKey(share);
    expect(encodeKeyShares(share)).toEqual(new Uint8Array(bytes));
    const back = decodeKeyShares(bytes);
    expect(back.components.glweKey).toEqual(share.components.glweKey);
    expect(back.components.noiseSquashingKey).toEqual(share.components.noiseSquashingKey);
    expect(back.components.noiseSquashingCompressionKey).toBeUndefined();
  });

  it('deals, encodes and robustly opens the noise-squashing compression key despite a lying party', () => {
    const shares = dealKeyShares(secret, 4, 1, 4).map((s) => decodeKeyShares(encodeKeyShares(s)));
    const vectors = shares.map((s) => s.components.noiseSquashingCompressionKey!);
    vectors[2][5] ^= 1n;
    const { values, corruptParties } = openRobust(R, 1, vectors);
    const opened = R.constantCoefficients(values);
    for (let i = 0; i < secret.noiseSquashingCompressionKey.length; i++) {
      expect(opened[2 * i]).toBe(secret.noiseSquashingCompressionKey[i]);
      expect(opened[2 * i + 1]).toBe(0n);
    }
    expect(corruptParties).toEqual([3]);
    // An unknown component id (a record from a newer version) is refused by name.
    const bytes = encodeKeyShares(shares[0]);
    const tampered = bytes.slice();
    tampered[22] = KEY_COMPONENTS.length;
    expect(() => decodeKeyShares(tampered)).toThrow(/unknown component/);
  });
});
