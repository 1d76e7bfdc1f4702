// Compact and proven ciphertext lists read without expansion: ciphertext j of a list is an LWE whose mask is a
// rotation of its bin's mask (src/fhe/math/compact.ts), under the dedicated compact key when the parameter set has
// one, else under the big key.
import { compactListLwe } from '../../../fhe/math/compact.ts';
import { deltaLog2 as deltaLog2Of } from '../../../fhe/math/torus.ts';
import type { DataKind, ShortintCompactCiphertextList } from '../../../fhe/objects/index.ts';
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
