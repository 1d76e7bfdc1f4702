// A party's share of a TFHE secret key set: each secret key (binary words) is Shamir-shared element by element
// over GR(2^128, d) with the key bit in the constant coefficient. 128-bit shares serve both decryption domains:
// reduced mod 2^64 they are a valid sharing over GR(2^64, d), since F(X) and the evaluation points reduce too.
import { type GaloisRing, galoisRing } from '../algebra/index.ts';
import { shareSecrets } from '../sharing/index.ts';
import { ProtocolInputError } from './errors.ts';

/** Names of the secret keys of a key set, in their fixed serialization order. */
export const KEY_COMPONENTS = [
  'lweKey',
  'glweKey',
  'compactKey',
  'oprfKey',
  'compressionKey',
  'noiseSquashingKey',
  // Appended: component ids are positions here, so records written before it still decode unchanged.
  'noiseSquashingCompressionKey',
] as const;
export type KeyComponent = (typeof KEY_COMPONENTS)[number];

export interface KeyShares {
  partyIndex: number;
  numParties: number;
  threshold: number;
  /** Extension degree of GR(2^128, d). */
  degree: number;
  /** Share vectors (count = key length) of the components the key set has. */
  components: Partial<Record<KeyComponent, BigUint64Array>>;
}

/** Secret key bits per component as u64 words (0n / 1n); absent components are omitted or null. */
export type SecretKeyBits = Partial<Record<KeyComponent, BigUint64Array | null>>;

const MAGIC = 0x4b534852; // "KSHR"
const VERSION = 1;

/**
 * Shares every secret key of a key set among `numParties` parties at degree `threshold`.
 * @example const shares = dealKeyShares(secretBits, 4, 1, 4); // shares[0] is party 1's
 */
export function dealKeyShares(
  secret: SecretKeyBits,
  numParties: number,
  threshold: number,
  degree: number,
): KeyShares[] {
  const R = galoisRing(128, degree);
  const out: KeyShares[] = Array.from({ length: numParties }, (_, i) => ({
    partyIndex: i + 1,
    numParties,
    threshold,
    degree,
    components: {},
  }));
  for (const name of KEY_COMPONENTS) {
    const bits = secret[name];
    if (!bits) continue;
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] > 1n) throw new ProtocolInputError(`secret.${name}[${i}]: expected a key bit (0 or 1)`);
    }
    // Z_2^128 values are (lo, hi) word pairs; key bits have hi = 0.
    const words = new BigUint64Array(bits.length * 2);
    for (let i = 0; i < bits.length; i++) words[2 * i] = bits[i];
    const shares = shareSecrets(R, R.embedIntegers(words), threshold, numParties);
    for (let p = 0; p < numParties; p++) out[p].components[name] = shares[p];
  }
  return out;
}

/** Serializes a party's key shares (magic, version, header, then per component: id, count, words LE). */
export function encodeKeyShares(shares: KeyShares): Uint8Array {
  const R = galoisRing(128, shares.degree);
  const present = KEY_COMPONENTS.filter((c) => shares.components[c]);
  let size = 4 + 1 + 4 * 4 + 1;
  for (const c of present) size += 1 + 4 + shares.components[c]!.byteLength;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  out[4] = VERSION;
  view.setUint32(5, shares.partyIndex, true);
  view.setUint32(9, shares.numParties, true);
  view.setUint32(13, shares.threshold, true);
  view.setUint32(17, shares.degree, true);
  out[21] = present.length;
  let at = 22;
  for (const c of present) {
    const vector = shares.components[c]!;
    out[at] = KEY_COMPONENTS.indexOf(c);
    view.setUint32(at + 1, R.count(vector), true);
    out.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), at + 5);
    at += 5 + vector.byteLength;
  }
  return out;
}

/** Parses key shares; every length is checked against the input before allocating. */
export function decodeKeyShares(bytes: Uint8Array): KeyShares {
  const fail = (why: string): never => {
    throw new ProtocolInputError(`key shares: ${why}`);
  };
  if (bytes.length < 22) fail('truncated header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('bad magic');
  if (bytes[4] !== VERSION) fail(`unsupported version ${bytes[4]}`);
  const partyIndex = view.getUint32(5, true);
  const numParties = view.getUint32(9, true);
  const threshold = view.getUint32(13, true);
  const degree = view.getUint32(17, true);
  if (degree < 3 || degree > 8) fail(`degree ${degree} out of range`);
  if (numParties < 1 || numParties >= 2 ** degree || partyIndex < 1 || partyIndex > numParties)
    fail('bad parties');
  if (threshold >= numParties && numParties > 1) fail('bad threshold');
  const R: GaloisRing = galoisRing(128, degree);
  const components: KeyShares['components'] = {};
  let at = 22;
  for (let k = 0; k < bytes[21]; k++) {
    if (at + 5 > bytes.length) fail('truncated component header');
    const name = KEY_COMPONENTS[bytes[at]] ?? fail(`unknown component ${bytes[at]}`);
    if (components[name]) fail(`duplicate component ${name}`);
    const count = view.getUint32(at + 1, true);
    const byteLength = count * R.wordsPerElement * 8;
    if (byteLength > bytes.length - at - 5) fail(`component ${name} of ${count} elements exceeds the input`);
    const vector = R.alloc(count);
    new Uint8Array(vector.buffer).set(bytes.subarray(at + 5, at + 5 + byteLength));
    components[name] = vector;
    at += 5 + byteLength;
  }
  if (at !== bytes.length) fail(`${bytes.length - at} trailing bytes`);
  return { partyIndex, numParties, threshold, degree, components };
}
