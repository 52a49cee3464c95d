/**
 * Values larger than one KV entry (64 KiB), stored in chunks.
 *
 * A d = 100 Sigma alone is about 80 KB of JSON, so results are stored as
 * UTF-8 chunks of at most `BLOB_CHUNK_BYTES` under `["blob", id, i]`, plus a
 * header `["blob_head", id]` holding the chunk count and byte length. Small
 * blobs land in one atomic with their header; large ones take several
 * atomics (Deno KV allows 1,000 mutations and about 800 KB per atomic), the
 * chunks first and the header last, so a reader sees either no header or a
 * complete blob.
 *
 * @module
 */
import type { KvKey, KvLike } from "./kv_like.ts";

/** Largest chunk, in bytes; leaves room for the serialisation overhead. */
export const BLOB_CHUNK_BYTES = 60_000;
/** Chunks per atomic: 10 x 60 KB stays well under the per-atomic size cap. */
const CHUNKS_PER_ATOMIC = 10;

/** What the header of a stored blob records. */
export interface BlobHeader {
  readonly chunks: number;
  readonly bytes: number;
}

function chunkKey(id: string, i: number): KvKey {
  return ["blob", id, i];
}

function headKey(id: string): KvKey {
  return ["blob_head", id];
}

/**
 * Stores `text` under `id`. Throws if KV refuses a write, never truncates.
 *
 * @param kv the store.
 * @param id a key unique to this blob (blobs are written once).
 * @param text the value, typically a JSON string.
 */
export async function writeBlob(
  kv: KvLike,
  id: string,
  text: string,
): Promise<BlobHeader> {
  const bytes = new TextEncoder().encode(text);
  const chunks = Math.max(1, Math.ceil(bytes.length / BLOB_CHUNK_BYTES));
  const header: BlobHeader = { chunks, bytes: bytes.length };
  for (let start = 0; start < chunks; start += CHUNKS_PER_ATOMIC) {
    const op = kv.atomic();
    const end = Math.min(chunks, start + CHUNKS_PER_ATOMIC);
    for (let i = start; i < end; i++) {
      const part = bytes.slice(
        i * BLOB_CHUNK_BYTES,
        (i + 1) * BLOB_CHUNK_BYTES,
      );
      op.set(chunkKey(id, i), part);
    }
    if (end === chunks) op.set(headKey(id), header);
    const result = await op.commit();
    if (!result.ok) {
      throw new Error(`Cannot store blob ${id}: KV refused chunks ${start}+`);
    }
  }
  return header;
}

/**
 * Reads the blob stored under `id`, or null when there is none. Throws if
 * the chunks on disk do not add up to what the header records.
 */
export async function readBlob(kv: KvLike, id: string): Promise<string | null> {
  const head = await kv.get<BlobHeader>(headKey(id));
  if (head.value === null) return null;
  const { chunks, bytes } = head.value;
  const out = new Uint8Array(bytes);
  let offset = 0;
  let seen = 0;
  for await (const entry of kv.list<Uint8Array>({ prefix: ["blob", id] })) {
    const index = entry.key[2];
    if (index !== seen || offset + entry.value.length > bytes) {
      throw new Error(
        `Cannot read blob ${id}: chunk ${String(index)} is out of place`,
      );
    }
    out.set(entry.value, offset);
    offset += entry.value.length;
    seen++;
  }
  if (seen !== chunks || offset !== bytes) {
    throw new Error(
      `Cannot read blob ${id}: found ${seen} of ${chunks} chunks, ${offset} of ${bytes} bytes`,
    );
  }
  return new TextDecoder().decode(out);
}

/** Removes the blob stored under `id` (header first, so readers stop seeing it). */
export async function deleteBlob(kv: KvLike, id: string): Promise<void> {
  await kv.delete(headKey(id));
  const keys: KvKey[] = [];
  for await (const entry of kv.list({ prefix: ["blob", id] })) {
    keys.push(entry.key as KvKey);
  }
  for (let i = 0; i < keys.length; i += 100) {
    const op = kv.atomic();
    for (const key of keys.slice(i, i + 100)) op.delete(key);
    await op.commit();
  }
}
