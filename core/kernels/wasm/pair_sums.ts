/**
 * The pair sums of the masked Gram as a WebAssembly SIMD kernel
 * (pair_sums.wat, assembled into pair_sums_wasm.ts by `deno task
 * build:wasm`), with the arrays it reads and writes carved out of its own
 * memory. Where WebAssembly SIMD is not available, `pairSumsArena` returns
 * undefined and the caller keeps its TypeScript loop, which the tests hold
 * the kernel to bit for bit.
 *
 * This module is browser compatible.
 * @module
 */
import { pairSumsBase64 } from "./pair_sums_wasm.ts";

/** Bytes of one WebAssembly memory page. */
const PAGE = 65536;
/** Largest memory used: byte offsets stay below 2³¹ in the kernel's arithmetic. */
const MAX_BYTES = 2 ** 31 - PAGE;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable. */
function pairSumsModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const text = atob(pairSumsBase64);
      const bytes = new Uint8Array(text.length);
      for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The lists of a block of rows that the pair sums read (see ../masked_gram.ts). */
export interface PairLists {
  readonly columnStart: Int32Array;
  readonly columnEntry: Int32Array;
  readonly rowEnd: Int32Array;
  readonly posIndex: Int32Array;
  readonly value: Float64Array;
}

/** Typed arrays in the kernel's memory, and the kernel that reads them. */
export interface PairSumsArena {
  /** A zeroed Int32Array of `length` entries in the kernel's memory. */
  int32(length: number): Int32Array;
  /** A zeroed Float64Array of `length` entries (16-byte aligned). */
  float64(length: number): Float64Array;
  /**
   * Adds the pair sums of one block (see `PairAccumulator.add` in
   * ../masked_gram.ts); every array must come from this arena.
   */
  pairSums(
    d: number,
    higher: boolean,
    lists: PairLists,
    acc: Float64Array,
  ): void;
}

/**
 * An arena of `bytes` bytes (plus alignment) with the kernel, or undefined
 * where WebAssembly SIMD is unavailable or the size is beyond its reach.
 */
export function pairSumsArena(bytes: number): PairSumsArena | undefined {
  const module = pairSumsModule();
  const pages = Math.ceil((bytes + 64) / PAGE);
  if (module === null || pages * PAGE > MAX_BYTES) return undefined;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    return undefined;
  }
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const run = instance.exports.pairSums as (...args: number[]) => void;
  let next = 0;
  const take = (size: number): number => {
    const at = next;
    next = Math.ceil((at + size) / 16) * 16;
    if (next > memory.buffer.byteLength) {
      throw new RangeError("Cannot lay out the pair sums: arena too small");
    }
    return at;
  };
  return {
    int32: (length) => new Int32Array(memory.buffer, take(4 * length), length),
    float64: (length) =>
      new Float64Array(memory.buffer, take(8 * length), length),
    pairSums(d, higher, lists, acc) {
      run(
        d,
        higher ? 1 : 0,
        lists.columnStart.byteOffset,
        lists.columnEntry.byteOffset,
        lists.rowEnd.byteOffset,
        lists.posIndex.byteOffset,
        lists.value.byteOffset,
        acc.byteOffset,
      );
    },
  };
}
