// Compact ciphertext lists (packed and unpacked) and proven lists with their zero-knowledge proof.
import {
  bool,
  type Codec,
  enumeration,
  map,
  option,
  refine,
  struct,
  u32,
  u64,
  u64Vec,
  unit,
  unsupported,
  vec,
  versioned,
  versions,
  wrapped,
} from '../codec/index.ts';
import { ByteReader } from '../codec/reader.ts';
import {
  carryModulusCodec,
  ciphertextModulusCodec,
  degreeCodec,
  expansionKindCodec,
  lweCiphertextCountCodec,
  lweSizeCodec,
  messageModulusCodec,
} from '../params/codec.ts';
import { tagCodec } from './common.ts';
import type {
  CompactCiphertextList,
  CompactPkeProof,
  DataKind,
  ProvenCompactCiphertextList,
  ShortintCompactCiphertextList,
} from './types.ts';

/** DataKind V1: Unsigned(usize) = 0, Signed(usize) = 1, Boolean = 2, String{n_chars: u32, padded: bool} = 3. */
export const dataKindCodec: Codec<DataKind> = versioned(
  'DataKind',
  1,
  enumeration<DataKind>(
    'DataKind',
    [
      map(
        u64,
        (blocks): DataKind => ({ kind: 'Unsigned', blocks }),
        (v) => (v.kind === 'Unsigned' ? v.blocks : 0),
      ),
      map(
        u64,
        (blocks): DataKind => ({ kind: 'Signed', blocks }),
        (v) => (v.kind === 'Signed' ? v.blocks : 0),
      ),
      unit<DataKind>({ kind: 'Boolean' }),
      map(
        struct<{ nChars: number; padded: boolean }>({ nChars: u32, padded: bool }),
        (s): DataKind => ({ kind: 'String', ...s }),
        (v) => (v.kind === 'String' ? { nChars: v.nChars, padded: v.padded } : { nChars: 0, padded: false }),
      ),
    ],
    (v) => ['Unsigned', 'Signed', 'Boolean', 'String'].indexOf(v.kind),
  ),
);

function checkCompactList(v: ShortintCompactCiphertextList): string | undefined {
  const n = v.lweSize - 1;
  if (n < 1) return `LWE size ${v.lweSize} is below 2`;
  const bins = Math.ceil(v.count / n);
  const expected = bins * n + v.count;
  return v.data.length === expected
    ? undefined
    : `data has ${v.data.length} words, expected ${expected} for ${v.count} ciphertexts of dimension ${n}`;
}

/** shortint CompactCiphertextList V2 over LweCompactCiphertextList V0. */
export const shortintCompactListCodec: Codec<ShortintCompactCiphertextList> = versioned(
  'shortint::CompactCiphertextList',
  2,
  refine(
    struct<ShortintCompactCiphertextList>({
      data: versioned('LweCompactCiphertextList', 0, u64Vec),
      lweSize: lweSizeCodec,
      count: lweCiphertextCountCodec,
      ciphertextModulus: ciphertextModulusCodec,
      degree: degreeCodec,
      messageModulus: messageModulusCodec,
      carryModulus: carryModulusCodec,
      expansionKind: expansionKindCodec,
    }),
    checkCompactList,
  ),
);

/** hlapi CompactCiphertextList V1 · integer CompactCiphertextList V1. */
export const compactCiphertextListCodec: Codec<CompactCiphertextList> = versioned(
  'hlapi::CompactCiphertextList',
  1,
  struct<CompactCiphertextList>({
    list: versioned('integer::CompactCiphertextList', 1, shortintCompactListCodec),
    info: vec(dataKindCodec),
    tag: tagCodec,
  }),
);

// ---- CompactPkeProof: parsed structurally (every point and limb count checked), kept as its wire bytes.

const FP_LIMBS = 7; // BLS12-446 base field: 446 bits in 7 u64 limbs
const fp: Codec<BigUint64Array> = versioned(
  'Fp',
  0,
  refine(u64Vec, (v) =>
    v.length === FP_LIMBS ? undefined : `Fp has ${v.length} limbs, expected ${FP_LIMBS}`,
  ),
);
const fp2 = versioned('Fp2', 0, struct({ c0: fp, c1: fp }));

function point<T>(coordinate: Codec<T>): Codec<unknown> {
  return versioned(
    'SerializableAffine',
    0,
    enumeration<unknown>(
      'SerializableAffine',
      [unit(null), struct({ x: coordinate, infinity: bool }), struct({ x: coordinate, y: coordinate })],
      () => 0,
    ),
  );
}
const g1 = point(fp);
const g2 = point(fp2);

const pkeV2ProofFields = {
  cHatE: g2,
  cE: g1,
  cRTilde: g1,
  cR: g1,
  cHatBin: g2,
  cY: g1,
  cH1: g1,
  cH2: g1,
  cHatT: g2,
  pi: g1,
  piKzg: g1,
  computeLoadProofFields: option(versioned('ComputeLoadProofFields', 0, struct({ cHatH3: g2, cHatW: g2 }))),
};
const hashSelector = (typeName: string) =>
  versioned(
    typeName,
    0,
    refine(u32, (v) => (v < 3 ? undefined : `unknown variant ${v} of ${typeName}`)),
  );

/** pke_v2::Proof: V2 (tfhe-rs 1.4, ends with PkeV2HashMode) and V3 (1.7, ends with PkeV2SupportedHashConfig). */
const pkeV2ProofCodec = versions<unknown>(
  'pke_v2::Proof',
  [
    unsupported('pke_v2::Proof V0'),
    unsupported('pke_v2::Proof V1'),
    struct({ ...pkeV2ProofFields, hash: hashSelector('PkeV2HashMode') }),
    struct({ ...pkeV2ProofFields, hash: hashSelector('PkeV2SupportedHashConfig') }),
  ],
  () => 3,
);

const compactPkeProofStructure: Codec<unknown> = versioned(
  'CompactPkeProof',
  2,
  enumeration<unknown>('CompactPkeProof', [unsupported('PKEv1 proofs'), pkeV2ProofCodec], () => 1),
);

function validateProofBytes(bytes: Uint8Array, root: string): { version: number } {
  const r = new ByteReader(bytes, { root });
  compactPkeProofStructure.read(r);
  if (r.remaining !== 0) r.fail('TrailingBytes', `${r.remaining} bytes after the proof`);
  return { version: new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true) };
}

/** CompactPkeProof V2 (PkeV2 only): validated structurally, kept as its exact bytes. */
export const compactPkeProofCodec: Codec<CompactPkeProof> = {
  minSize: compactPkeProofStructure.minSize,
  read: (r) => {
    const start = r.offset;
    compactPkeProofStructure.read(r);
    const bytes = r.bytes.slice(start, r.offset);
    const version = new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
    return { scheme: 'PkeV2', version, bytes };
  },
  write: (w, v) => {
    validateProofBytes(v.bytes, 'CompactPkeProof');
    w.raw(v.bytes);
  },
  size: (v) => v.bytes.length,
};

/** hlapi ProvenCompactCiphertextList V0 · integer V0 · shortint ProvenCompactCiphertextList V0. */
export const provenCompactCiphertextListCodec: Codec<ProvenCompactCiphertextList> = versioned(
  'hlapi::ProvenCompactCiphertextList',
  0,
  struct<ProvenCompactCiphertextList>({
    lists: wrapped(
      [
        ['integer::ProvenCompactCiphertextList', 0],
        ['shortint::ProvenCompactCiphertextList', 0],
      ],
      vec(
        struct<ProvenCompactCiphertextList['lists'][number]>({
          list: shortintCompactListCodec,
          proof: compactPkeProofCodec,
        }),
      ),
    ),
    info: vec(dataKindCodec),
    tag: tagCodec,
  }),
);
