/** A `CliIo` on in-memory files, so scripts can be tested in-process. */
import type { CliIo } from "../../../functions/cli/_io.ts";

export interface MemoryIo extends CliIo {
  readonly files: Map<string, Uint8Array>;
  stdoutBytes(): Uint8Array;
  stdoutText(): string;
  stderrText(): string;
}

export function memoryIo(
  files: Record<string, Uint8Array | string> = {},
  stdin: Uint8Array | string = "",
): MemoryIo {
  const encode = (d: Uint8Array | string) =>
    typeof d === "string" ? new TextEncoder().encode(d) : d;
  const store = new Map(Object.entries(files).map(([k, v]) => [k, encode(v)]));
  const out: Uint8Array[] = [];
  let err = "";
  const concat = () => {
    const total = out.reduce((s, c) => s + c.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of out) {
      all.set(c, at);
      at += c.length;
    }
    return all;
  };
  return {
    files: store,
    readFile(path) {
      const data = store.get(path);
      if (data === undefined) {
        return Promise.reject(new Error(`Cannot read "${path}": no such file`));
      }
      return Promise.resolve(data);
    },
    openFile(path) {
      const data = store.get(path);
      if (data === undefined) {
        return Promise.reject(new Error(`Cannot read "${path}": no such file`));
      }
      let at = 0;
      return Promise.resolve({
        size: data.length,
        read(buffer: Uint8Array) {
          // Small, uneven pieces, so readers meet records cut anywhere.
          const n = Math.min(buffer.length, data.length - at, 7 + (at % 13));
          buffer.set(data.subarray(at, at + n));
          at += n;
          return Promise.resolve(n);
        },
        close() {},
      });
    },
    readStdin: () => Promise.resolve(encode(stdin)),
    spoolStdin() {
      store.set("<stdin>", encode(stdin));
      return Promise.resolve("<stdin>");
    },
    removeFile(path) {
      store.delete(path);
      return Promise.resolve();
    },
    stderrIsTerminal: () => false,
    writeFile(path, data) {
      if (data instanceof Uint8Array) store.set(path, data);
      else {
        const pieces = [...data];
        const all = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of pieces) all.set(p, (at += p.length) - p.length);
        store.set(path, all);
      }
      return Promise.resolve();
    },
    stdout(data) {
      out.push(encode(data));
      return Promise.resolve();
    },
    stderr(text) {
      err += text;
      return Promise.resolve();
    },
    stdoutBytes: concat,
    stdoutText: () => new TextDecoder().decode(concat()),
    stderrText: () => err,
  };
}

/** Runs a script as its own process from the repository root. */
export async function spawnScript(
  script: string,
  args: string[],
  stdin?: Uint8Array,
): Promise<{ code: number; stdout: Uint8Array; stderr: string }> {
  const root = new URL("../../../", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  return { code, stdout, stderr: new TextDecoder().decode(stderr) };
}
