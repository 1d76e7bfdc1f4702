// WebAssembly kernels (hand-written WAT in gr-kernels.wat). Not yet wired: the TypeScript kernels run.
import type { RingKernels, RingShape } from './kernels.ts';

/** The wasm kernels for a ring shape, or undefined when the compiled module is absent. */
export function wasmKernels(_shape: RingShape): RingKernels | undefined {
  return undefined;
}
