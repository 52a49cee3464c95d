/** Starting a server process and finding the port it listens on. */

/** A running server process. */
export interface ServerProcess {
  readonly url: string;
  readonly child: Deno.ChildProcess;
  /** What the process wrote to stdout and stderr so far. */
  log(): string;
  /** Kills the process and waits for it to end. */
  stop(): Promise<void>;
}

/**
 * Spawns `command args` and waits (up to `timeoutMs`) for a line
 * `Listening on http://host:port/` on stdout or stderr.
 */
export async function startServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child = new Deno.Command(command, {
    args,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const found = new Promise<string>((resolve, reject) => {
    const scan = async (stream: ReadableStream<Uint8Array>) => {
      const decoder = new TextDecoder();
      // A reader, not `for await`: Deno 2.5's types (Deno Deploy's runtime)
      // do not declare ReadableStream async-iterable.
      const reader = stream.getReader();
      for (
        let read = await reader.read();
        !read.done;
        read = await reader.read()
      ) {
        log += decoder.decode(read.value, { stream: true });
        const m = /Listening on (http:\/\/[0-9.]+:\d+)\//.exec(log);
        if (m) resolve(m[1]!);
      }
      reject(new Error(`The server exited before listening:\n${log}`));
    };
    scan(child.stdout).catch(reject);
    scan(child.stderr).catch(reject);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`No "Listening on" within ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
  });
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already ended */ }
    await child.status;
  };
  try {
    const url = await Promise.race([found, timeout]);
    return { url, child, stop, log: () => log };
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
