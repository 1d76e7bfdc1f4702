// What a party keeps privately about a key: its metadata (ids, parameters, digests, signatures) and its share of
// the secret key. Stored as FheKeyInfo: u32 LE metadata length, metadata JSON, then the encoded key shares.

import { decodeFrames, encodeFrames } from '../../mpc/net/index.ts';
import { decodeKeyShares, encodeKeyShares, type KeyShares } from '../../mpc/protocols/key-shares.ts';
import type { PrssSetup } from '../../mpc/prss/prss.ts';
import { prssSubsets } from '../../mpc/prss/subsets.ts';
import { KmsError } from '../errors.ts';

export interface KeyMetadata {
  keyId: string;
  preprocessingId: string;
  /** Parameter set name (see src/fhe/params). */
  params: string;
  insecure: boolean;
  /** Public data types and their digests (hex), as returned to clients. */
  digests: { keyType: string; digest: string }[];
  /** hex */
  extraData: string;
  /** hex; empty when the request had no domain. */
  externalSignature: string;
}

export interface KeyRecord {
  metadata: KeyMetadata;
  shares: KeyShares;
  /** The PRSS keys set up with the key's parties, used by its decryptions. */
  prss: PrssSetup;
}

/** FheKeyInfo layout: three length-prefixed frames — metadata JSON, key shares, PRSS keys. */
export function encodeKeyRecord(record: KeyRecord): Uint8Array {
  return encodeFrames([
    new TextEncoder().encode(JSON.stringify(record.metadata)),
    encodeKeyShares(record.shares),
    encodePrssSetup(record.prss),
  ]);
}

export function decodeKeyRecord(bytes: Uint8Array): KeyRecord {
  try {
    const [metadata, shares, prss] = decodeFrames(bytes, { count: 3 });
    return {
      metadata: JSON.parse(new TextDecoder().decode(metadata)) as KeyMetadata,
      shares: decodeKeyShares(shares),
      prss: decodePrssSetup(prss),
    };
  } catch (error) {
    throw new KmsError('Internal', `stored key record is unreadable: ${(error as Error).message}`);
  }
}

/** u32 n, t, party, key count, then per key: u32 subset index and 32 key bytes. */
function encodePrssSetup(setup: PrssSetup): Uint8Array {
  const out = new Uint8Array(16 + setup.keys.size * 36);
  const view = new DataView(out.buffer);
  view.setUint32(0, setup.n, true);
  view.setUint32(4, setup.t, true);
  view.setUint32(8, setup.party, true);
  view.setUint32(12, setup.keys.size, true);
  let at = 16;
  for (const [index, key] of setup.keys) {
    view.setUint32(at, index, true);
    out.set(key, at + 4);
    at += 36;
  }
  return out;
}

function decodePrssSetup(bytes: Uint8Array): PrssSetup {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [n, t, party, count] = [0, 4, 8, 12].map((o) => view.getUint32(o, true));
  if (bytes.length !== 16 + count * 36) throw new Error('PRSS section length');
  const subsets = prssSubsets(n, t);
  const keys = new Map<number, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const index = view.getUint32(16 + i * 36, true);
    if (!subsets[index]?.members.includes(party)) throw new Error(`PRSS key for a foreign subset ${index}`);
    keys.set(index, Uint8Array.from(bytes.subarray(20 + i * 36, 52 + i * 36)));
  }
  return { n, t, party, subsets, keys };
}

/** Metadata of a CRS, stored as CrsInfo (JSON). */
export interface CrsMetadata {
  crsId: string;
  maxNumBits: number;
  params: string;
  insecure: boolean;
  /** hex */
  digest: string;
  extraData: string;
  externalSignature: string;
}
