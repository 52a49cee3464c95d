/**
 * JSON objects joined without parsing them: stored answers (megabytes of
 * d x d matrices) are passed on as the bytes they were stored as, with a
 * few fields around them, instead of being parsed and written again on the
 * server's thread.
 *
 * ```ts
 * import { jsonObjectChunks, joinChunks } from "./json_splice.ts";
 * const chunks = jsonObjectChunks([
 *   '{"id":"a"}',
 *   { name: "result", value: new TextEncoder().encode('{"b":[1]}') },
 *   "{}",
 * ]);
 * console.log(new TextDecoder().decode(joinChunks(chunks))); // {"id":"a","result":{"b":[1]}}
 * ```
 *
 * @module
 */

/**
 * A part of the object: the text or UTF-8 bytes of a JSON object, whose
 * fields it adds, or one field whose value is JSON text or bytes.
 */
export type JsonPiece =
  | string
  | Uint8Array
  | { readonly name: string; readonly value: string | Uint8Array };

const encoder = new TextEncoder();
const OPEN = encoder.encode("{");
const CLOSE = encoder.encode("}");
const COMMA = encoder.encode(",");

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The bytes between an object's outer braces, trimmed (a view, no copy). */
function objectBody(json: Uint8Array): Uint8Array {
  let start = 0;
  let end = json.length;
  while (start < end && isSpace(json[start]!)) start++;
  while (end > start && isSpace(json[end - 1]!)) end--;
  if (json[start] !== 0x7b || json[end - 1] !== 0x7d || end - start < 2) {
    throw new TypeError("Cannot join JSON objects: a piece is not an object");
  }
  start++;
  end--;
  while (start < end && isSpace(json[start]!)) start++;
  while (end > start && isSpace(json[end - 1]!)) end--;
  return json.subarray(start, end);
}

const bytesOf = (v: string | Uint8Array) =>
  typeof v === "string" ? encoder.encode(v) : v;

/**
 * The chunks of one JSON object with the fields of every piece, in order.
 * The pieces' fields must differ (they are not merged, only joined), and
 * object pieces must be valid JSON objects (only their braces are checked).
 *
 * @param pieces objects whose fields to take, and single fields.
 * @returns chunks (views into the pieces' bytes where they were bytes).
 * @throws {TypeError} when an object piece does not begin with `{` and end
 *   with `}`.
 */
export function jsonObjectChunks(
  pieces: readonly JsonPiece[],
): Uint8Array[] {
  const out: Uint8Array[] = [OPEN];
  const add = (chunks: Uint8Array[]) => {
    if (out.length > 1) out.push(COMMA);
    out.push(...chunks);
  };
  for (const piece of pieces) {
    if (typeof piece === "string" || piece instanceof Uint8Array) {
      const body = objectBody(bytesOf(piece));
      if (body.length > 0) add([body]);
    } else {
      add([
        encoder.encode(`${JSON.stringify(piece.name)}:`),
        bytesOf(piece.value),
      ]);
    }
  }
  out.push(CLOSE);
  return out;
}

/** `chunks` in one array. */
export function joinChunks(
  chunks: readonly Uint8Array[],
): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** A stream of `chunks`, as a response body. */
export function chunkStream(
  chunks: readonly Uint8Array[],
): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]!);
      else controller.close();
    },
  });
}
