/**
 * Steps the experiment scripts share: running a script of flags only,
 * checking the flags several scripts take, following an experiment's steps
 * and writing a JSON result.
 *
 * @module
 */
import { methodNames } from "../../core/estimators/registry.ts";
import {
  type FlagSpecs,
  type FlagValues,
  parseFlags,
  UsageError,
} from "./_args.ts";
import { type CliIo, runCli } from "./_io.ts";

/**
 * The flags of a script that takes no positional arguments, or `undefined`
 * once `--help` has printed `usage()`.
 *
 * @throws {UsageError} for a bad flag or any positional argument.
 */
export async function parseFlagsOnly<S extends FlagSpecs>(
  script: string,
  args: readonly string[],
  spec: S,
  io: CliIo,
  usage: () => string,
): Promise<FlagValues<S> | undefined> {
  const { flags, positionals, help } = parseFlags(args, spec);
  if (help) {
    await io.stdout(usage());
    return undefined;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; ${script} takes flags only`,
    );
  }
  return flags;
}

/**
 * Runs a script that takes flags only: parses `args` against `spec`
 * (`--help` prints `usage()` and stops), then `body` with the flags. Errors
 * become one line on stderr, as `runCli` does.
 *
 * @returns the exit status.
 */
export function runFlagsCommand<S extends FlagSpecs>(
  script: string,
  args: readonly string[],
  io: CliIo,
  spec: S,
  usage: () => string,
  body: (flags: FlagValues<S>) => Promise<void>,
): Promise<number> {
  return runCli(script, io, async () => {
    const flags = await parseFlagsOnly(script, args, spec, io, usage);
    if (flags !== undefined) await body(flags);
  });
}

/** Comma-separated items, trimmed, empty ones dropped. */
export function splitList(raw: string): string[] {
  return raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** Throws unless `runs` (the `--runs` flag) is in [1, 1000]. */
export function checkRuns(runs: number): void {
  if (runs < 1 || runs > 1000) {
    throw new UsageError(`--runs must be in [1, 1000], got ${runs}`);
  }
}

/** Throws unless `nScale` (the `--n-scale` flag) is in (0, 1]. */
export function checkNScale(nScale: number): void {
  if (!(nScale > 0 && nScale <= 1)) {
    throw new UsageError(`--n-scale must be in (0, 1], got ${nScale}`);
  }
}

/** Throws unless `method` (given with `flag`) is in the registry. */
export function checkMethod(method: string, flag = "--method"): void {
  const known = methodNames();
  if (!known.includes(method)) {
    throw new UsageError(
      `${flag}: unknown method "${method}"; valid methods are ${
        known.join(", ")
      }`,
    );
  }
}

/**
 * The flags of a script that runs several methods: `--methods a,b`
 * (canonical) and `--method a,b`, the same flag spelled in the singular.
 *
 * @param defaults what the help says is used without either.
 */
export function methodsFlags(defaults: string) {
  return {
    methods: {
      kind: "string",
      description: `method names, comma-separated (default ${defaults})`,
    },
    method: { kind: "string", description: "the same as --methods" },
  } as const satisfies FlagSpecs;
}

/**
 * The methods named by `--methods` or `--method` (see `methodsFlags`), each
 * checked against the registry, or `fallback()` when neither is given.
 *
 * @throws {UsageError} when both are given, the list is empty, or a name is
 *   not a registered method.
 */
export function readMethods(
  flags: { readonly methods?: string; readonly method?: string },
  fallback: () => string[],
): string[] {
  if (flags.methods !== undefined && flags.method !== undefined) {
    throw new UsageError(
      "give --methods or --method (the same flag), not both",
    );
  }
  const flag = flags.methods !== undefined ? "--methods" : "--method";
  const given = flags.methods ?? flags.method;
  if (given === undefined) return fallback();
  const methods = splitList(given);
  if (methods.length === 0) {
    throw new UsageError(`${flag} needs at least one method name`);
  }
  for (const m of methods) checkMethod(m, flag);
  return methods;
}

/**
 * Runs `steps` to the end, handing each progress value to `onStep` (awaited
 * before the next step), and returns the generator's result.
 */
export async function finishSteps<P, R>(
  steps: Generator<P, R>,
  onStep: (progress: P) => Promise<void> | void = () => {},
): Promise<R> {
  let next = steps.next();
  while (!next.done) {
    await onStep(next.value);
    next = steps.next();
  }
  return next.value;
}

/** Seconds since `started` (a `performance.now()` reading), one decimal. */
export function secondsSince(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

/**
 * The parsed JSON of the file at `path`; `what` names it in the error
 * ("the spec" gives `Cannot read the spec: "f.json" is not valid JSON (…)`).
 *
 * @throws {RangeError} when the file is not valid JSON; `Error` when it
 *   cannot be read.
 */
export async function readJsonFile(
  io: CliIo,
  path: string,
  what: string,
): Promise<unknown> {
  const text = new TextDecoder().decode(await io.readFile(path));
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new RangeError(
      `Cannot read ${what}: "${path}" is not valid JSON (${why})`,
    );
  }
}

/** Writes `value` as indented JSON with a final newline. */
export function writeJson(
  io: CliIo,
  path: string,
  value: unknown,
): Promise<void> {
  return io.writeFile(
    path,
    new TextEncoder().encode(JSON.stringify(value, null, 2) + "\n"),
  );
}
