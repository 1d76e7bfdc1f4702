// Keccak-256 (the Ethereum hash, not SHA3-256) for EIP-712 digests: every decryption response is hashed with a
// handful of short Keccak calls at each core. keccak.wat runs the permutation on 64-bit lanes in WebAssembly; when
// neither the built module nor wabt is available, @noble/hashes computes the same bytes.
import { existsSync, readFileSync } from 'node:fs';
import { keccak_256 as nobleKeccak256 } from '@noble/hashes/sha3.js';

// The project compiles without the DOM lib, so the few WebAssembly APIs used are typed here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KeccakExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  /** XORs `blocks` rate-sized blocks from byte `ptr` into the state (bytes [0, 200)), permuting after each. */
  absorb(ptr: number, blocks: number): void;
}

/** Keccak-256 rate in bytes (1600 − 2·256 bits). */
const RATE = 136;
/** Where input blocks are copied (state at 0, round constants at 256). */
const INPUT = 1024;
/** Blocks that fit the single memory page above INPUT. */
const MAX_BLOCKS = Math.floor((65_536 - INPUT) / RATE);

/** The bytes of keccak.wasm, or of keccak.wat compiled in-process with wabt when the build step has not run. */
async function moduleBytes(): Promise<Uint8Array | undefined> {
  const wasmFile = new URL('./keccak.wasm', import.meta.url);
  if (existsSync(wasmFile)) return readFileSync(wasmFile);
  try {
    const { default: initWabt } = await import('wabt');
    const wabt = await initWabt();
    const module = wabt.parseWat(
      'keccak.wat',
      readFileSync(new URL('./keccak.wat', import.meta.url), 'utf8'),
    );
    module.validate();
    const bytes = module.toBinary({ log: false }).buffer;
    module.destroy();
    return bytes;
  } catch {
    return undefined;
  }
}

const bytes = await moduleBytes();
const kernel = bytes
  ? (new wasmApi.Instance(new wasmApi.Module(bytes), {}).exports as unknown as KeccakExports)
  : undefined;
// One page that never grows: the view stays valid.
const memory = kernel ? new Uint8Array(kernel.memory.buffer) : new Uint8Array(0);

/** True when the WebAssembly permutation is in use (else @noble/hashes). */
export const KECCAK_WASM = kernel !== undefined;

/**
 * Keccak-256 of `data` (32 bytes), as viem's `keccak256` and @noble/hashes' `keccak_256`.
 * @example keccak256(new Uint8Array(0)) // c5d2…a470
 */
export function keccak256(data: Uint8Array): Uint8Array {
  if (!kernel) return nobleKeccak256(data);
  memory.fill(0, 0, 200);
  let at = 0;
  while (data.length - at >= RATE) {
    const blocks = Math.min(MAX_BLOCKS, Math.floor((data.length - at) / RATE));
    memory.set(data.subarray(at, at + blocks * RATE), INPUT);
    kernel.absorb(INPUT, blocks);
    at += blocks * RATE;
  }
  // Last block: the rest, then the Keccak padding 0x01 … 0x80 (one byte 0x81 when only one byte is left).
  const rest = data.length - at;
  memory.fill(0, INPUT, INPUT + RATE);
  memory.set(data.subarray(at), INPUT);
  memory[INPUT + rest] ^= 0x01;
  memory[INPUT + RATE - 1] ^= 0x80;
  kernel.absorb(INPUT, 1);
  return memory.slice(0, 32);
}
