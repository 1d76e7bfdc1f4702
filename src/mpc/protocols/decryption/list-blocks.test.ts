import { beforeAll, describe, expect, it } from 'vitest';
import {
  decryptCompressedSquashedList,
  encryptCompressedSquashedList,
} from '../../../fhe/math/compressed-squashed.ts';
import { type DataKind, writeObject } from '../../../fhe/objects/index.ts';
import { PARAMS_TEST_BK_SNS, TFHE_1_7_DEFAULT } from '../../../fhe/params/index.ts';
import { galoisRing } from '../../algebra/index.ts';
import { wordsOf } from '../../preprocessing/channel.ts';
import { lieAbout } from '../../sharing/shares.malicious.ts';
import { type CiphertextInput, parseCiphertext, planDecryption } from './blocks.ts';
import { ProtocolInputError } from './errors.ts';
import { MAX_LIST_LWES_PER_REQUEST, squashedGlweBlocksOf } from './list-blocks.ts';
import { noiseFloodDecrypt } from './noise-flood.ts';
import { phaseShares } from './partial.ts';
import { atAllParties, dealtKeys, testParties, testSource } from './testing.test-util.ts';
import {
  decodeTkmsShares,
  encodeTkmsShares,
  reconstructUserDecryption,
  userDecryptionShares,
} from './user-decryption.ts';

const params = PARAMS_TEST_BK_SNS;
const VALUES: { kind: DataKind; value: bigint }[] = [
  { kind: { kind: 'Boolean' }, value: 1n },
  { kind: { kind: 'Unsigned', blocks: 4 }, value: 173n },
  { kind: { kind: 'Unsigned', blocks: 32 }, value: (1n << 64n) - 59n },
  { kind: { kind: 'Signed', blocks: 8 }, value: -1234n },
  { kind: { kind: 'Unsigned', blocks: 128 }, value: (0xfedcba9876543210n << 190n) + 777n },
  { kind: { kind: 'Boolean' }, value: 0n },
  // 1 + 2 + 16 + 4 + 64 + 1 = 88 LWEs; the last value crosses into a second GLWE.
  { kind: { kind: 'Unsigned', blocks: 128 }, value: (1n << 255n) - 1n },
];
const TYPES = ['Bool', 'Uint8', 'Uint64', 'Int16', 'Uint256', 'Bool', 'Uint256'];

describe('compressed squashed-noise lists (BigCompressed): planning and NoiseFlood', () => {
  let keys: ReturnType<typeof dealtKeys>;
  let input: CiphertextInput;
  let bytes: Uint8Array;

  beforeAll(() => {
    keys = dealtKeys(params, 4, 1);
    const key = keys.secret.noiseSquashingCompressionKey!;
    const list = encryptCompressedSquashedList(VALUES, key, params.noiseSquashingCompression!, testSource(5));
    expect(decryptCompressedSquashedList(list, key)).toEqual(VALUES.map((v) => v.value));
    bytes = writeObject('CompressedSquashedNoiseCiphertextList', list);
    input = parseCiphertext(bytes);
  });

  it('reads the GLWE words in place at every alignment and plans the same phase shares from them', () => {
    const reference = phaseShares(keys.shares[0], [planDecryption(input, params)], 128);
    const kinds = [...Array(8).keys()].map((shift) => {
      const padded = new Uint8Array(bytes.length + shift);
      padded.set(bytes, shift);
      const at = padded.subarray(shift);
      const parsed = parseCiphertext(at);
      const plan = planDecryption(parsed, params);
      const { mask } = squashedGlweBlocksOf(plan)!.segments[0];
      expect(mask.buffer).toBe(padded.buffer); // a view of the request, whatever its alignment
      expect(phaseShares(keys.shares[0], [plan], 128)).toEqual(reference);
      // The object still reads and re-writes as parsed (its words copied from the bytes on first read).
      expect(writeObject('CompressedSquashedNoiseCiphertextList', parsed.ciphertext as never)).toEqual(bytes);
      return mask.constructor.name;
    });
    // One shift of the eight aligns the words (a BigUint64Array view), the others leave their bytes.
    expect(kinds.filter((kind) => kind === 'BigUint64Array').length).toBe(1);
    expect(kinds.filter((kind) => kind === 'Uint8Array').length).toBe(7);
  });

  it('plans every element under the compression key (k·N), types from the list info', () => {
    expect(input.kind).toBe('CompressedSquashedNoiseCiphertextList');
    const plan = planDecryption(input, params);
    expect(plan.key).toBe('noiseSquashingCompressionKey');
    expect(plan.modulusBits).toBe(128);
    expect(plan.lweDimension).toBe(256);
    expect(plan.count).toBe(152);
    expect(plan.types).toEqual(TYPES);
    expect(plan.bitsPerBlock).toBe(0);
    const element = planDecryption(input, params, { element: 2 });
    expect([element.count, element.types, element.bitsPerBlock]).toEqual([16, ['Uint64'], 4]);
    expect(element.lwes).toEqual(plan.lwes.subarray(3 * 2 * 257, 19 * 2 * 257));
    // The GLWEs each plan reads and the runs of bodies it decrypts in them (128 LWEs per GLWE).
    const runs = (p: typeof plan) => squashedGlweBlocksOf(p)!.segments.map((s) => [s.first, s.count]);
    expect(runs(plan)).toEqual([
      [0, 128],
      [0, 24],
    ]);
    expect(runs(element)).toEqual([[3, 16]]);
    const last = planDecryption(input, params, { element: 6 });
    expect(runs(last)).toEqual([
      [88, 40],
      [0, 24],
    ]);
    expect(last.lwes).toEqual(plan.lwes.subarray(88 * 2 * 257));
  });

  it('refuses lists it cannot decrypt, by name', () => {
    expect(() => planDecryption(input, TFHE_1_7_DEFAULT)).toThrow(/no noise-squashing compression key/);
    expect(() => parseCiphertext(bytes, 'SquashedNoiseFheUint')).toThrow(ProtocolInputError);
    const list = (
      input as { ciphertext: Parameters<typeof writeObject<'CompressedSquashedNoiseCiphertextList'>>[1] }
    ).ciphertext;
    const short = { ...list, info: [...list.info, { kind: 'Boolean' as const }] };
    expect(() => planDecryption({ kind: input.kind, ciphertext: short } as CiphertextInput, params)).toThrow(
      /need 153 squashed LWEs, the list holds 152/,
    );
    const text = { ...list, info: [{ kind: 'String' as const, nChars: 3, padded: false }] };
    expect(() => planDecryption({ kind: input.kind, ciphertext: text } as CiphertextInput, params)).toThrow(
      /String values are not supported/,
    );
    expect(() => planDecryption(input, params, { element: 7 })).toThrow(/options.element/);
    const nsc = { ...params.noiseSquashingCompression!, lwePerGlwe: 512 };
    expect(() => planDecryption(input, { ...params, noiseSquashingCompression: nsc })).toThrow(
      /512 LWEs per GLWE exceed its polynomial size 256/,
    );
    // A list holding more LWEs than one request may decrypt: refused before reading a GLWE; one element of it is
    // planned.
    const glwe = { ...list.glweCiphertexts[0] };
    const hugeList = (glwes: number, lastBodies = 128) => ({
      ...list,
      glweCiphertexts: Array.from({ length: glwes }, (_, i) =>
        i === glwes - 1 ? { ...glwe, bodiesCount: lastBodies } : glwe,
      ),
      info: [
        ...Array.from({ length: glwes - 1 }, () => ({ kind: 'Unsigned' as const, blocks: 256 })),
        { kind: 'Unsigned' as const, blocks: 2 * lastBodies },
      ],
    });
    const huge = { kind: input.kind, ciphertext: hugeList(65537) } as CiphertextInput;
    expect(() => planDecryption(huge, params)).toThrow(
      /8388736 squashed LWEs exceed what one request may decrypt \(8192\); split the list/,
    );
    expect(planDecryption(huge, params, { element: 3 }).count).toBe(128);
    const limit = MAX_LIST_LWES_PER_REQUEST / 128;
    const atLimit = { kind: input.kind, ciphertext: hugeList(limit) } as CiphertextInput;
    expect(planDecryption(atLimit, params).count).toBe(MAX_LIST_LWES_PER_REQUEST);
    const above = { kind: input.kind, ciphertext: hugeList(limit + 1, 1) } as CiphertextInput;
    expect(() => planDecryption(above, params)).toThrow(/8193 squashed LWEs exceed/);
  });

  it('4 parties decrypt the whole list publicly in one round; a lying party is corrected and named', async () => {
    const plan = planDecryption(input, params);
    const honest = testParties(4, 1, { tag: 'honest' });
    const results = await atAllParties(4, (p) =>
      noiseFloodDecrypt(honest.sessions[p - 1], honest.prss[p - 1], keys.shares[p - 1], [plan]),
    );
    for (const r of results) {
      expect(r.rounds).toBe(1);
      expect(r.plaintexts[0].map((v) => v.value)).toEqual(VALUES.map((v) => v.value));
      expect(r.plaintexts[0].map((v) => v.fheType)).toEqual(TYPES);
    }
    const { sessions, prss, network } = testParties(4, 1, { tag: 'liar' });
    const R = galoisRing(128, 4);
    network.addFault({
      from: 2,
      action: {
        kind: 'corrupt',
        mutate: (payload) =>
          new Uint8Array(
            lieAbout(R, wordsOf(payload, payload.length / 8)!, 9, { kind: 'plane', plane: 123 }).buffer,
          ),
      },
    });
    const lied = await atAllParties(4, (p) =>
      noiseFloodDecrypt(sessions[p - 1], prss[p - 1], keys.shares[p - 1], [plan]),
    );
    for (const p of [1, 3, 4]) {
      expect(lied[p - 1].plaintexts[0].map((v) => v.value)).toEqual(VALUES.map((v) => v.value));
      expect(lied[p - 1].liars).toEqual([2]);
    }
  });

  it('key shares without the compression key are refused with the missing component named', async () => {
    const plan = planDecryption(input, params);
    const { sessions, prss } = testParties(4, 1, { tag: 'nokey' });
    const shares = { ...keys.shares[0], components: { ...keys.shares[0].components } };
    delete shares.components.noiseSquashingCompressionKey;
    await expect(noiseFloodDecrypt(sessions[0], prss[0], shares, [plan])).rejects.toThrow(
      /no noiseSquashingCompressionKey/,
    );
    for (const s of sessions) s.close();
  });

  it('user decryption: each element on its own, reconstructed by the client; the whole list is refused', () => {
    const { sessions, prss } = testParties(4, 1, { tag: 'user' });
    const elements = [0, 1, 2, 4].map((element) => planDecryption(input, params, { element }));
    const all = sessions.map((s, i) => userDecryptionShares(s, prss[i], keys.shares[i], elements));
    elements.forEach((_, c) => {
      const byParty = all.map((s) => decodeTkmsShares(encodeTkmsShares(s[c].packed)));
      const { plaintext } = reconstructUserDecryption(all[0][c].layout, byParty, 1);
      const expected = VALUES[[0, 1, 2, 4][c]].value;
      expect(plaintext.value).toBe(expected);
    });
    expect(() =>
      userDecryptionShares(sessions[0], prss[0], keys.shares[0], [planDecryption(input, params)]),
    ).toThrow(/single-value/);
    for (const s of sessions) s.close();
  });
});
