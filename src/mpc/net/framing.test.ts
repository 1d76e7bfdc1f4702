import { describe, expect, it } from 'vitest';
import { NetError } from './errors.ts';
import { decodeFrames, encodeFrames, framedLength } from './framing.ts';

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NetError);
    expect((error as NetError).kind).toBe('InvalidMessage');
    expect((error as NetError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an InvalidMessage error');
}

describe('framing', () => {
  const parts = [Uint8Array.of(1, 2, 3), new Uint8Array(0), Uint8Array.of(9)];

  it('round-trips parts, including empty ones, as views into the input', () => {
    const bytes = encodeFrames(parts);
    expect(bytes.length).toBe(framedLength(parts));
    expect(Array.from(bytes.subarray(0, 4))).toEqual([3, 0, 0, 0]);
    const decoded = decodeFrames(bytes, { count: 3 });
    expect(decoded.map((p) => Array.from(p))).toEqual([[1, 2, 3], [], [9]]);
    expect(decoded[0].buffer).toBe(bytes.buffer);
    expect(decodeFrames(new Uint8Array(0))).toEqual([]);
  });

  it('decodes a frame that sits at an offset inside a larger buffer', () => {
    const inner = encodeFrames(parts);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    expect(decodeFrames(outer.subarray(5)).map((p) => p.length)).toEqual([3, 0, 1]);
  });

  it('rejects truncated input at every cut point', () => {
    const bytes = encodeFrames(parts);
    for (let cut = 1; cut < bytes.length; cut++) {
      // cuts that end exactly on a part boundary are valid frames with fewer parts, caught by `count`
      expectInvalid(
        () => decodeFrames(bytes.subarray(0, cut), { count: 3 }),
        /truncated|remain|expected 3 parts/,
      );
    }
    expectInvalid(() => decodeFrames(bytes.subarray(0, 2)), /truncated length prefix/);
    expectInvalid(() => decodeFrames(bytes.subarray(0, 6)), /declares 3 bytes, only 2 remain/);
  });

  it('rejects a length prefix pointing past the end (huge declared length)', () => {
    const bytes = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2);
    expectInvalid(() => decodeFrames(bytes), /declares 4294967295 bytes/);
  });

  it('rejects oversized parts, inputs and part counts', () => {
    const bytes = encodeFrames(parts);
    expectInvalid(() => decodeFrames(bytes, { maxPartBytes: 2 }), /exceeds 2/);
    expectInvalid(() => decodeFrames(bytes, { maxTotalBytes: bytes.length - 1 }), /exceed the limit/);
    expectInvalid(() => decodeFrames(bytes, { maxParts: 2 }), /more than 2 parts/);
    expectInvalid(() => decodeFrames(bytes, { count: 2 }), /more than 2 parts/);
    expectInvalid(() => decodeFrames(bytes, { count: 4 }), /expected 4 parts, got 3/);
    const many = encodeFrames(Array.from({ length: 70_000 }, () => new Uint8Array(0)));
    expectInvalid(() => decodeFrames(many), /more than 65536 parts/);
  });

  it('rejects non-bytes arguments with InvalidArgument', () => {
    expect(() => encodeFrames([[1, 2] as unknown as Uint8Array])).toThrow(
      /parts\[0\]: expected a Uint8Array/,
    );
    expect(() => decodeFrames('x' as unknown as Uint8Array)).toThrow(NetError);
  });
});
