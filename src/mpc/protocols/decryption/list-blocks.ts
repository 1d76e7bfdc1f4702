// Ciphertext lists read without expansion. Compact and proven lists: ciphertext j of a list is an LWE whose mask is
// a rotation of its bin's mask (src/fhe/math/compact.ts), under the dedicated compact key when the parameter set
// has one, else under the big key. Compressed squashed-noise lists: LWE j is body j of its GLWE under the
// noise-squashing compression key, its mask a window of the GLWE's reversed and negated masks
// (src/fhe/math/compressed-squashed.ts), which partial decryption reads without extracting an LWE per body.
import { compactListLwe } from '../../../fhe/math/compact.ts';
import {
  extractSquashedLwes,
  type SquashedGlweCoefficients,
  type SquashedGlweWindows,
  squashedGlweCoefficients,
  squashedGlweWindows,
  squashedLweCount,
} from '../../../fhe/math/compressed-squashed.ts';
import { unpackCompactBlocks } from '../../../fhe/math/radix.ts';
import { deltaLog2 as deltaLog2Of } from '../../../fhe/math/torus.ts';
import type {
  CompressedSquashedNoiseCiphertextList,
  DataKind,
  ShortintCompactCiphertextList,
} from '../../../fhe/objects/index.ts';
import type { ParameterSet } from '../../../fhe/params/index.ts';
import type { KeyComponent } from '../key-shares.ts';
import {
  boolPlaintext,
  checkBlockValues,
  checkEncoding,
  checkModulus,
  computeKey,
  type DecryptionPlan,
  fail,
  log2Exact,
  type Plaintext,
  radixPlaintext,
  typeName,
} from './plan.ts';

/** Blocks per value of a compact list's data kinds; strings are not decryptable here. */
function dataKindBlocks(what: string, info: readonly DataKind[]): number[] {
  return info.map((d, i) => {
    if (d.kind === 'Boolean') return 1;
    if (d.kind === 'Unsigned' || d.kind === 'Signed') {
      if (!Number.isInteger(d.blocks) || d.blocks < 1) fail(`${what}.info[${i}]: ${d.blocks} blocks`);
      return d.blocks;
    }
    return fail(`${what}.info[${i}]: ${d.kind} values are not supported by threshold decryption`);
  });
}

/**
 * Radix bits per LWE of one value whose digits are [first, last) when its LWEs hold nothing but its digits from
 * bit 0 on: one digit each (msgBits; 1 for a boolean), or two each, low half first (2 · msgBits; only the last LWE
 * may hold one). 0 when the value starts in a high half (its first LWE also holds the previous value's digit).
 */
function radixBitsPerLwe(
  isBool: boolean,
  msgBits: number,
  first: number,
  last: number,
  digitLwe: readonly number[],
  digitHalf: readonly number[],
): number {
  const at = (k: number) => ({ lwe: digitLwe[first + k] - digitLwe[first], half: digitHalf[first + k] });
  const digits = last - first;
  const matches = (perLwe: number) =>
    Array.from({ length: digits }, (_, k) => at(k)).every(
      ({ lwe, half }, k) => lwe === Math.floor(k / perLwe) && half === k % perLwe,
    );
  if (digitHalf[first] !== 0) return 0;
  if (digits === 1) return isBool ? 1 : msgBits;
  if (matches(1)) return msgBits;
  return matches(2) ? 2 * msgBits : 0;
}

/**
 * Compact and proven lists. Blocks are flattened in push order, two per LWE in packed lists (lo + msg·hi), so a
 * value's digits may straddle LWEs. With `element`, only the LWEs holding that value's digits are decrypted;
 * an LWE whose high digit is not needed opens only its low digit, one whose high digit is needed opens both (a
 * neighbour's digit may come along: the encoding packs them into one plaintext).
 */
export function planCompactLists(
  kind: 'CompactCiphertextList' | 'ProvenCompactCiphertextList',
  lists: readonly ShortintCompactCiphertextList[],
  info: readonly DataKind[],
  params: ParameterSet,
  element: number | undefined,
): DecryptionPlan {
  const pke = params.dedicatedCompactPublicKey?.pke;
  const key: KeyComponent = pke ? 'compactKey' : computeKey(params).key;
  const dimension = pke ? pke.encryptionLweDimension : computeKey(params).dimension;
  const encoding = pke
    ? { messageModulus: pke.messageModulus, carryModulus: pke.carryModulus }
    : { messageModulus: params.compute.messageModulus, carryModulus: params.compute.carryModulus };
  const msg = encoding.messageModulus;
  const msgBits = log2Exact('messageModulus', msg);
  const perValue = dataKindBlocks(kind, info);
  // Digit d of the flattened block stream lives in LWE digitLwe[d], low (0) or high (1) half.
  const digitLwe: number[] = [];
  const digitHalf: number[] = [];
  let lweIndex = 0;
  lists.forEach((list, li) => {
    const what = `${kind}.lists[${li}]`;
    checkModulus(what, list.ciphertextModulus, 64);
    checkEncoding(what, list, encoding);
    if (list.lweSize - 1 !== dimension) {
      fail(`${what}: LWE dimension ${list.lweSize - 1}, expected ${dimension} (the ${key}'s)`);
    }
    for (let j = 0; j < list.count; j++, lweIndex++) {
      digitLwe.push(lweIndex);
      digitHalf.push(0);
      if (list.degree >= msg) {
        digitLwe.push(lweIndex);
        digitHalf.push(1);
      }
    }
  });
  const needed = perValue.reduce((a, b) => a + b, 0);
  if (needed > digitLwe.length) {
    fail(`${kind}: its data kinds need ${needed} blocks, the lists hold ${digitLwe.length}`);
  }
  if (element !== undefined && (!Number.isInteger(element) || element < 0 || element >= info.length)) {
    fail(`options.element: expected an index in [0, ${info.length}), got ${element}`);
  }
  const values = element === undefined ? info.map((_, i) => i) : [element];
  const firstDigit = perValue.slice(0, values[0]).reduce((a, b) => a + b, 0);
  const lastDigit = firstDigit + values.reduce((n, i) => n + perValue[i], 0); // exclusive
  // The LWEs to decrypt, in order, and how many bits of each are read.
  const selected: number[] = [];
  const bitsOf = new Map<number, number>();
  for (let d = firstDigit; d < lastDigit; d++) {
    const lwe = digitLwe[d];
    if (!bitsOf.has(lwe)) selected.push(lwe);
    bitsOf.set(lwe, Math.max(bitsOf.get(lwe) ?? 0, (digitHalf[d] + 1) * msgBits));
  }
  const position = new Map(selected.map((lwe, i) => [lwe, i]));
  const lwes = new BigUint64Array(selected.length * (dimension + 1));
  let listStart = 0;
  lists.forEach((list, li) => {
    const lweList = { data: list.data, lweDimension: dimension, count: list.count };
    for (let j = 0; j < list.count; j++) {
      const at = position.get(listStart + j);
      if (at === undefined) continue;
      try {
        lwes.set(compactListLwe(lweList, j), at * (dimension + 1));
      } catch (error) {
        fail(`${kind}.lists[${li}]: ${(error as Error).message}`);
      }
    }
    listStart += list.count;
  });
  const typeOf = (i: number) =>
    info[i].kind === 'Boolean' ? 'Bool' : typeName(perValue[i] * msgBits, info[i].kind === 'Signed');
  const plan: DecryptionPlan = {
    kind,
    modulusBits: 64,
    key,
    lweDimension: dimension,
    count: selected.length,
    lwes,
    encoding,
    deltaLog2: deltaLog2Of(encoding),
    valueBits: Uint8Array.from(selected, (lwe) => bitsOf.get(lwe)!),
    bitsPerBlock:
      element === undefined
        ? 0
        : radixBitsPerLwe(
            info[element].kind === 'Boolean',
            msgBits,
            firstDigit,
            lastDigit,
            digitLwe,
            digitHalf,
          ),
    types: values.map(typeOf),
    recombine(blockValues) {
      checkBlockValues(plan, blockValues);
      const out: Plaintext[] = [];
      let d = firstDigit;
      for (const i of values) {
        const run = new Uint8Array(perValue[i]);
        for (let k = 0; k < run.length; k++, d++) {
          const v = blockValues[position.get(digitLwe[d])!];
          run[k] = (digitHalf[d] ? Math.floor(v / msg) : v) % msg;
        }
        out.push(
          info[i].kind === 'Boolean'
            ? boolPlaintext(run[0])
            : radixPlaintext(run, msg, info[i].kind === 'Signed'),
        );
      }
      return out;
    },
  };
  return plan;
}

/**
 * Most u64 words the mask windows of one compressed squashed list's plan may take (512 MiB): 4·k·N per GLWE it
 * covers, twice the GLWE's stored mask, so the bound only matters for lists near the message limit.
 * BC_PARAMS_SNS: 2,730 GLWEs, 349,440 LWEs.
 */
export const MAX_LIST_WINDOW_WORDS = 2 ** 26;

/**
 * Most squashed LWEs one request may decrypt from a compressed list (512 euint64): bounds the work one request
 * costs every party (≈ 11 µs of dot products per LWE in full GLWEs, 30 µs for one euint64 alone), whatever the
 * list's size on the wire.
 */
export const MAX_LIST_LWES_PER_REQUEST = 8192;

/**
 * Most u64 words sample-extracted LWEs of one plan may take when its `lwes` are read (512 MiB): extraction turns
 * each stored body (16 B) into an LWE of k·N + 1 values. BC_PARAMS_SNS: 5,460 LWEs, 341 euint64. Partial
 * decryption reads the windows instead.
 */
export const MAX_EXTRACTED_LIST_WORDS = 2 ** 26;

/**
 * One GLWE of a compressed squashed list's plan: its mask and bodies (views of the parsed words), its mask windows
 * (unpacked on first read: the wasm phase kernels read the mask itself), and the bodies the plan covers.
 */
export interface SquashedGlweSegment extends SquashedGlweWindows, SquashedGlweCoefficients {
  /** The first body of this GLWE the plan decrypts. */
  readonly first: number;
  /** How many consecutive bodies from `first` on it decrypts (the plan's blocks, in order, segment by segment). */
  readonly count: number;
}

/** The masks of a compressed squashed list's plan as GLWE windows: what partial decryption reads. */
export interface SquashedGlweBlocks {
  readonly glweDimension: number;
  readonly polynomialSize: number;
  readonly segments: readonly SquashedGlweSegment[];
}

/**
 * The plan of a compressed squashed list: its blocks' masks are the GLWE windows of `glwes` (phases are computed
 * from them directly); `lwes` is sample-extracted only if read, for tools and tests.
 */
export interface CompressedSquashedPlan extends DecryptionPlan {
  readonly glwes: SquashedGlweBlocks;
}

/** The GLWE windows of a compressed squashed list's plan, undefined for every other plan. */
export function squashedGlweBlocksOf(plan: DecryptionPlan): SquashedGlweBlocks | undefined {
  return (plan as Partial<CompressedSquashedPlan>).glwes;
}

/**
 * Compressed squashed-noise lists (tfhe-rs CompressedSquashedNoiseCiphertextList): squashed LWE j of the list is
 * body coefficient j mod lwePerGlwe of GLWE floor(j / lwePerGlwe), a 128-bit LWE of dimension k·N under the
 * noise-squashing compression key whose mask is a window of its GLWE's (`squashedGlweWindows`). A radix value of b
 * blocks takes ceil(b / 2) LWEs (lo + msg·hi, as squashed ciphertexts pack them), a boolean one. With `element`,
 * only the GLWEs holding that value's LWEs are read.
 */
export function planCompressedSquashedList(
  list: CompressedSquashedNoiseCiphertextList,
  params: ParameterSet,
  element: number | undefined,
): CompressedSquashedPlan {
  const kind = 'CompressedSquashedNoiseCiphertextList';
  const nsc = params.noiseSquashingCompression;
  if (!nsc)
    fail(
      `parameter set ${params.name} has no noise-squashing compression key: compressed squashed lists cannot be decrypted`,
    );
  const encoding = { messageModulus: nsc.messageModulus, carryModulus: nsc.carryModulus };
  const msg = encoding.messageModulus;
  const msgBits = log2Exact('messageModulus', msg);
  const k = nsc.packingKsGlweDimension;
  const N = nsc.packingKsPolynomialSize;
  const dimension = k * N;
  if (list.info.length === 0) fail(`${kind}: the list holds no value`);
  const meta = list.meta ?? fail(`${kind}: a list with values but no metadata`);
  checkEncoding(`${kind}.meta`, meta, encoding);
  if (nsc.lwePerGlwe > N)
    fail(`parameter set ${params.name}: ${nsc.lwePerGlwe} LWEs per GLWE exceed its polynomial size ${N}`);
  if (meta.lwePerGlwe !== nsc.lwePerGlwe)
    fail(`${kind}.meta: ${meta.lwePerGlwe} LWEs per GLWE, the parameter set packs ${nsc.lwePerGlwe}`);
  const perValue = dataKindBlocks(kind, list.info);
  const lwesOf = (i: number) => (list.info[i].kind === 'Boolean' ? 1 : Math.ceil(perValue[i] / 2));
  const total = list.info.reduce((n, _, i) => n + lwesOf(i), 0);
  list.glweCiphertexts.forEach((g, gi) => {
    const what = `${kind}.glweCiphertexts[${gi}]`;
    checkModulus(what, g.uncompressedCiphertextModulus, 128);
    if (g.glweDimension !== k || g.polynomialSize !== N)
      fail(
        `${what}: GLWE ${g.glweDimension} × ${g.polynomialSize}, expected ${k} × ${N} (the compression key's)`,
      );
    const full = gi < list.glweCiphertexts.length - 1;
    if (full ? g.bodiesCount !== nsc.lwePerGlwe : g.bodiesCount < 1 || g.bodiesCount > nsc.lwePerGlwe)
      fail(`${what}: ${g.bodiesCount} bodies do not fit the ${nsc.lwePerGlwe}-per-GLWE layout`);
  });
  const held = squashedLweCount(list.glweCiphertexts);
  if (held !== total) fail(`${kind}: its data kinds need ${total} squashed LWEs, the list holds ${held}`);
  if (element !== undefined && (!Number.isInteger(element) || element < 0 || element >= list.info.length)) {
    fail(`options.element: expected an index in [0, ${list.info.length}), got ${element}`);
  }
  const values = element === undefined ? list.info.map((_, i) => i) : [element];
  const first = list.info.slice(0, values[0]).reduce((n, _, i) => n + lwesOf(i), 0);
  const count = values.reduce((n, i) => n + lwesOf(i), 0);
  if (count > MAX_LIST_LWES_PER_REQUEST)
    fail(
      `${kind}: ${count} squashed LWEs exceed what one request may decrypt (${MAX_LIST_LWES_PER_REQUEST}); split the list`,
    );
  const firstGlwe = Math.floor(first / nsc.lwePerGlwe);
  const glweCount = Math.floor((first + count - 1) / nsc.lwePerGlwe) - firstGlwe + 1;
  if (glweCount * 4 * dimension > MAX_LIST_WINDOW_WORDS)
    fail(
      `${kind}: ${count} squashed LWEs in ${glweCount} GLWEs of ${k} × ${N} exceed what one request may read (${Math.floor(MAX_LIST_WINDOW_WORDS / (4 * dimension))} GLWEs); split the list`,
    );
  const segments: SquashedGlweSegment[] = [];
  for (let j = first; j < first + count; ) {
    const g = Math.floor(j / nsc.lwePerGlwe);
    const end = Math.min(first + count, (g + 1) * nsc.lwePerGlwe);
    try {
      const glwe = list.glweCiphertexts[g];
      const { mask, bodies } = squashedGlweCoefficients(glwe);
      let windows: BigUint64Array | undefined;
      segments.push({
        mask,
        bodies,
        get windows() {
          windows ??= squashedGlweWindows(glwe).windows;
          return windows;
        },
        first: j - g * nsc.lwePerGlwe,
        count: end - j,
      });
    } catch (error) {
      fail(`${kind}.glweCiphertexts[${g}]: ${(error as Error).message}`);
    }
    j = end;
  }
  let extracted: BigUint64Array | undefined;
  /** The plan's LWEs by sample extraction (GLWE by GLWE), bounded like the windows. */
  const extract = (): BigUint64Array => {
    if (count * 2 * (dimension + 1) > MAX_EXTRACTED_LIST_WORDS)
      fail(
        `${kind}: ${count} squashed LWEs of dimension ${dimension} exceed what one request may extract (${Math.floor(MAX_EXTRACTED_LIST_WORDS / (2 * (dimension + 1)))}); split the list`,
      );
    const lwes = new BigUint64Array(count * 2 * (dimension + 1));
    let at = 0;
    segments.forEach((segment, s) => {
      const indices = Array.from({ length: segment.count }, (_, c) => segment.first + c);
      extractSquashedLwes(list.glweCiphertexts[firstGlwe + s], indices, undefined, { words: lwes, at });
      at += segment.count * 2 * (dimension + 1);
    });
    return lwes;
  };
  const valueBits = new Uint8Array(count);
  let at = 0;
  for (const i of values) {
    const n = lwesOf(i);
    if (list.info[i].kind === 'Boolean') valueBits[at] = 1;
    else {
      valueBits.fill(2 * msgBits, at, at + n);
      if (perValue[i] % 2 === 1) valueBits[at + n - 1] = msgBits;
    }
    at += n;
  }
  const single = values.length === 1 ? values[0] : undefined;
  const plan: CompressedSquashedPlan = {
    kind,
    modulusBits: 128,
    key: 'noiseSquashingCompressionKey',
    lweDimension: dimension,
    count,
    get lwes() {
      extracted ??= extract();
      return extracted;
    },
    glwes: { glweDimension: k, polynomialSize: N, segments },
    encoding,
    deltaLog2: 128 - 1 - log2Exact('messageModulus·carryModulus', msg * encoding.carryModulus),
    valueBits,
    bitsPerBlock:
      single === undefined
        ? 0
        : list.info[single].kind === 'Boolean'
          ? 1
          : perValue[single] > 1
            ? 2 * msgBits
            : msgBits,
    types: values.map((i) =>
      list.info[i].kind === 'Boolean'
        ? 'Bool'
        : typeName(perValue[i] * msgBits, list.info[i].kind === 'Signed'),
    ),
    recombine(blockValues) {
      checkBlockValues(plan, blockValues);
      const out: Plaintext[] = [];
      let b = 0;
      for (const i of values) {
        const n = lwesOf(i);
        const own = blockValues.subarray(b, b + n);
        b += n;
        out.push(
          list.info[i].kind === 'Boolean'
            ? boolPlaintext(own[0])
            : radixPlaintext(
                unpackCompactBlocks(own, true, msg).subarray(0, perValue[i]),
                msg,
                list.info[i].kind === 'Signed',
              ),
        );
      }
      return out;
    },
  };
  return plan;
}
