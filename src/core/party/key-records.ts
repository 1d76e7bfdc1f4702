// What a party keeps privately about a key: its metadata (ids, parameters, digests, signatures) and its share of
// the secret key. Stored as FheKeyInfo: u32 LE metadata length, metadata JSON, then the encoded key shares.
import { decodeKeyShares, encodeKeyShares, type KeyShares } from '../../mpc/protocols/key-shares.ts';
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
}

export function encodeKeyRecord(record: KeyRecord): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(record.metadata));
  const shares = encodeKeyShares(record.shares);
  const out = new Uint8Array(4 + json.length + shares.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  out.set(shares, 4 + json.length);
  return out;
}

export function decodeKeyRecord(bytes: Uint8Array): KeyRecord {
  try {
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    if (length > bytes.length - 4) throw new Error('metadata length exceeds the record');
    const metadata = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as KeyMetadata;
    return { metadata, shares: decodeKeyShares(bytes.subarray(4 + length)) };
  } catch (error) {
    throw new KmsError('Internal', `stored key record is unreadable: ${(error as Error).message}`);
  }
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
