/**
 * Input, output and exit codes for the CLI scripts, behind a small interface
 * so that tests can run a script in-process with files in memory.
 *
 * @module
 */
import { UsageError } from "./_args.ts";

/** A file opened for reading in pieces. */
export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /** Reads the next bytes into `buffer`; returns how many, 0 at the end. */
  read(buffer: Uint8Array): Promise<number>;
  close(): void;
}

/** What a CLI script may do to the outside world. */
export interface CliIo {
  /** The bytes of a file; throws `Error` with a one-line message. */
  readFile(path: string): Promise<Uint8Array>;
  /** A file to read in pieces; throws `Error` with a one-line message. */
  openFile(path: string): Promise<ByteSource>;
  /** Everything on standard input. */
  readStdin(): Promise<Uint8Array>;
  /**
   * Copies standard input to a new temporary file, piece by piece, and
   * returns its path (for `openFile`; remove it with `removeFile`).
   */
  spoolStdin(): Promise<string>;
  /** Removes a file, if it exists. */
  removeFile(path: string): Promise<void>;
  /** Whether standard error is a terminal (progress is shown there). */
  stderrIsTerminal(): boolean;
  /** Writes a file whole, or piece by piece from an iterable. */
  writeFile(
    path: string,
    data: Uint8Array | Iterable<Uint8Array>,
  ): Promise<void>;
  stdout(data: Uint8Array | string): Promise<void>;
  stderr(text: string): Promise<void>;
}

/** Exit status for bad input or a failed run. */
export const EXIT_FAILURE = 1;
/** Exit status for a command line that cannot be understood. */
export const EXIT_USAGE = 2;

function fileProblem(path: string, e: unknown): Error {
  const what = e instanceof Deno.errors.NotFound
    ? "no such file"
    : e instanceof Deno.errors.IsADirectory
    ? "it is a directory"
    : e instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : e instanceof Error
    ? e.message
    : String(e);
  return new Error(`Cannot read "${path}": ${what}`);
}

async function writeAll(
  stream: WritableStream<Uint8Array>,
  data: Uint8Array,
): Promise<void> {
  const writer = stream.getWriter();
  try {
    await writer.write(data);
  } finally {
    writer.releaseLock();
  }
}

const encoder = new TextEncoder();

/** The real process: files through `Deno`, standard streams. */
export const denoIo: CliIo = {
  async readFile(path) {
    try {
      const info = await Deno.stat(path);
      if (info.isDirectory) throw new Deno.errors.IsADirectory(path);
      return await Deno.readFile(path);
    } catch (e) {
      throw fileProblem(path, e);
    }
  },
  async openFile(path) {
    let file: Deno.FsFile | undefined;
    try {
      const info = await Deno.stat(path);
      if (info.isDirectory) throw new Deno.errors.IsADirectory(path);
      file = await Deno.open(path, { read: true });
      const opened = file;
      return {
        size: info.size,
        async read(buffer) {
          return (await opened.read(buffer)) ?? 0;
        },
        close: () => opened.close(),
      };
    } catch (e) {
      file?.close();
      throw fileProblem(path, e);
    }
  },
  async spoolStdin() {
    const path = await Deno.makeTempFile({ prefix: "fit-stdin-" });
    const file = await Deno.open(path, { write: true, truncate: true });
    await Deno.stdin.readable.pipeTo(file.writable);
    return path;
  },
  async removeFile(path) {
    await Deno.remove(path).catch(() => {});
  },
  stderrIsTerminal: () => Deno.stderr.isTerminal(),
  async readStdin() {
    return new Uint8Array(
      await new Response(Deno.stdin.readable).arrayBuffer(),
    );
  },
  async writeFile(path, data) {
    try {
      await Deno.writeFile(
        path,
        data instanceof Uint8Array ? data : ReadableStream.from(data),
      );
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`Cannot write "${path}": ${why}`);
    }
  },
  stdout(data) {
    return writeAll(
      Deno.stdout.writable,
      typeof data === "string" ? encoder.encode(data) : data,
    );
  },
  stderr(text) {
    return writeAll(Deno.stderr.writable, encoder.encode(text));
  },
};

/**
 * Runs a script body and turns any error into one line on stderr,
 * `<name>: <message>`, with exit status 2 for `UsageError` and 1 otherwise.
 * Stack traces are never printed.
 *
 * @returns the exit status: 0 when `body` returns normally.
 */
export async function runCli(
  name: string,
  io: CliIo,
  body: () => Promise<void>,
): Promise<number> {
  try {
    await body();
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const oneLine = message.replace(/\s*[\r\n]+\s*/g, " ").trim();
    const usage = e instanceof UsageError;
    await io.stderr(
      `${name}: ${oneLine}${usage ? ` (see ${name} --help)` : ""}\n`,
    );
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  }
}
