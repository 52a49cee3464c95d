/**
 * Values larger than one KV entry (64 KiB), stored in chunks: text (UTF-8)
 * or bytes.
 *
 * A d = 100 fit is about 630 KB of JSON, so results are stored as UTF-8
 * chunks of at most `BLOB_CHUNK_BYTES` under `["blob", id, i]`, plus a header
 * `["blob_head", id]` holding the chunk count, the byte length and a SHA-256
 * of the bytes. Small blobs land in one atomic with their header; large ones
 * take several atomics (Deno KV allows 1,000 mutations and about 800 KB per
 * atomic), the chunks first and the header last. A process that dies midway
 * leaves chunks without a header: readers see no blob, and whoever wrote it
 * must have registered it for reclaiming (the run store does). A chunk lost
 * or changed later (a lazy KV expiry, a damaged store) is caught by the count
 * and the checksum: `readBlob` throws {@linkcode BlobDamagedError}.
 *
 * @module
 */
import type { KvKey, KvLike } from "./kv_like.ts";
import { toHex } from "./owner_token.ts";

/** Largest chunk, in bytes; leaves room for the serialisation overhead. */
export const BLOB_CHUNK_BYTES = 60_000;
/** Chunks per atomic: 10 x 60 KB stays well under the per-atomic size cap. */
const CHUNKS_PER_ATOMIC = 10;
/** Deletions per atomic when a blob is removed. */
const DELETES_PER_ATOMIC = 100;

/** What the header of a stored blob records. */
export interface BlobHeader {
  readonly chunks: number;
  readonly bytes: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
}

/** A blob whose header is present but whose chunks do not match it. */
export class BlobDamagedError extends Error {
  /** The blob's id. */
  readonly blobId: string;

  constructor(blobId: string, problem: string) {
    super(`Cannot read blob ${blobId}: ${problem}`);
    this.name = "BlobDamagedError";
    this.blobId = blobId;
  }
}

function chunkKey(id: string, i: number): KvKey {
  return ["blob", id, i];
}

function headKey(id: string): KvKey {
  return ["blob_head", id];
}

/** Hex SHA-256 of `bytes`, or of the UTF-8 of a string. */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string"
    ? new TextEncoder().encode(bytes)
    : bytes.buffer instanceof ArrayBuffer
    ? bytes as Uint8Array<ArrayBuffer>
    : bytes.slice();
  return toHex(await crypto.subtle.digest("SHA-256", data));
}

/** The UTF-8 length of `text`, as `writeBlob` would store it. */
export function blobBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Stores `text` under `id`. Throws if KV refuses a write, never truncates.
 *
 * @param kv the store.
 * @param id a key unique to this blob (blobs are written once).
 * @param text the value, typically a JSON string.
 * @param options `expireIn` (milliseconds) for every key written: KV drops
 *   them some time after, a backstop for a sweep that did not run.
 */
export function writeBlob(
  kv: KvLike,
  id: string,
  text: string,
  options: { readonly expireIn?: number } = {},
): Promise<BlobHeader> {
  return writeBlobBytes(kv, id, new TextEncoder().encode(text), options);
}

/**
 * Stores `bytes` under `id`, as `writeBlob` stores text (the bytes are
 * copied into the chunks, so the caller may reuse them).
 */
export async function writeBlobBytes(
  kv: KvLike,
  id: string,
  bytes: Uint8Array,
  options: { readonly expireIn?: number } = {},
): Promise<BlobHeader> {
  const chunks = Math.max(1, Math.ceil(bytes.length / BLOB_CHUNK_BYTES));
  const header: BlobHeader = {
    chunks,
    bytes: bytes.length,
    sha256: await sha256Hex(bytes),
  };
  const setOptions = options.expireIn === undefined
    ? undefined
    : { expireIn: options.expireIn };
  for (let start = 0; start < chunks; start += CHUNKS_PER_ATOMIC) {
    const op = kv.atomic();
    const end = Math.min(chunks, start + CHUNKS_PER_ATOMIC);
    for (let i = start; i < end; i++) {
      const part = bytes.slice(
        i * BLOB_CHUNK_BYTES,
        (i + 1) * BLOB_CHUNK_BYTES,
      );
      op.set(chunkKey(id, i), part, setOptions);
    }
    if (end === chunks) op.set(headKey(id), header, setOptions);
    const result = await op.commit();
    if (!result.ok) {
      throw new Error(`Cannot store blob ${id}: KV refused chunks ${start}+`);
    }
  }
  return header;
}

/**
 * Reads the blob stored under `id`.
 *
 * @returns the text, or null when no header exists (never written, deleted,
 *   or its writer died before the header).
 * @throws {BlobDamagedError} when the chunks do not add up to the header:
 *   one missing, out of place, of the wrong type, or a checksum mismatch.
 */
export async function readBlob(kv: KvLike, id: string): Promise<string | null> {
  const bytes = await readBlobBytes(kv, id);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** Reads the bytes stored under `id`, with the checks of `readBlob`. */
export async function readBlobBytes(
  kv: KvLike,
  id: string,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const head = await kv.get<Partial<BlobHeader>>(headKey(id));
  if (head.value === null) return null;
  const { chunks, bytes, sha256: expected } = head.value;
  if (
    !Number.isSafeInteger(chunks) || !Number.isSafeInteger(bytes) ||
    typeof expected !== "string"
  ) {
    throw new BlobDamagedError(id, "its header is incomplete");
  }
  const out = new Uint8Array(bytes!);
  let offset = 0;
  let seen = 0;
  const listing = kv.list<unknown>({ prefix: ["blob", id] }, {
    limit: chunks! + 1,
  });
  for await (const entry of listing) {
    const index = entry.key[2];
    const part = entry.value;
    if (
      index !== seen || !(part instanceof Uint8Array) ||
      offset + part.length > bytes!
    ) {
      throw new BlobDamagedError(
        id,
        `chunk ${
          String(index)
        } is out of place (one before it is missing, or it is damaged)`,
      );
    }
    out.set(part, offset);
    offset += part.length;
    seen++;
  }
  if (seen !== chunks || offset !== bytes) {
    throw new BlobDamagedError(
      id,
      `found ${seen} of ${chunks} chunks, ${offset} of ${bytes} bytes`,
    );
  }
  if (await sha256Hex(out) !== expected) {
    throw new BlobDamagedError(id, "its checksum does not match");
  }
  return out;
}

/**
 * Removes the blob stored under `id` (header first, so readers stop seeing
 * it), including chunks left without a header. Safe to repeat.
 */
export async function deleteBlob(kv: KvLike, id: string): Promise<void> {
  await kv.delete(headKey(id));
  const keys: KvKey[] = [];
  for await (const entry of kv.list({ prefix: ["blob", id] })) {
    keys.push(entry.key as KvKey);
  }
  for (let i = 0; i < keys.length; i += DELETES_PER_ATOMIC) {
    const op = kv.atomic();
    for (const key of keys.slice(i, i + DELETES_PER_ATOMIC)) op.delete(key);
    const result = await op.commit();
    if (!result.ok) throw new Error(`Cannot delete blob ${id}`);
  }
}
