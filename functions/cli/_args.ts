/**
 * A small flag parser shared by the CLI scripts.
 *
 * Accepts `--name value`, `--name=value`, bare `--name` for boolean flags,
 * `-h`/`--help`, `--` to end flags, and `-` as a positional (stdin). Values
 * are converted by the flag's kind; anything wrong throws `UsageError` with a
 * one-line message.
 *
 * @module
 */

/** A command line that cannot be understood; scripts exit with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** How a flag's value is read. */
export type FlagKind = "string" | "number" | "integer" | "boolean";

/** One flag a script accepts. */
export interface FlagSpec {
  readonly kind: FlagKind;
  /** For `--help` output. */
  readonly description?: string;
  /** For string flags: the only values allowed. */
  readonly choices?: readonly string[];
}

/** The flags a script accepts, by name (without the leading dashes). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<K extends FlagKind> = K extends "boolean" ? boolean
  : K extends "string" ? string
  : number;

/** Parsed flag values: a flag not given on the command line is absent. */
export type FlagValues<S extends FlagSpecs> = {
  -readonly [N in keyof S]?: ValueOf<S[N]["kind"]>;
};

/** What `parseFlags` found. */
export interface ParsedArgs<S extends FlagSpecs> {
  readonly flags: FlagValues<S>;
  /** Arguments that are not flags, in order. */
  readonly positionals: string[];
  /** `-h` or `--help` was given. */
  readonly help: boolean;
  /**
   * With `allowUnknown`: flags not in the spec, with their raw string value
   * (each must have a value: `--name value` or `--name=value`).
   */
  readonly unknown: Record<string, string>;
}

/** Options of `parseFlags`. */
export interface ParseFlagsOptions {
  /**
   * Collect flags not in the spec into `unknown` instead of throwing.
   * @default {false}
   */
  readonly allowUnknown?: boolean;
}

/** Converts one flag value by kind; throws `UsageError` naming the flag. */
export function convertFlag(
  name: string,
  spec: FlagSpec,
  raw: string,
): string | number | boolean {
  switch (spec.kind) {
    case "string":
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new UsageError(
          `--${name} must be one of ${spec.choices.join(", ")}, got "${raw}"`,
        );
      }
      return raw;
    case "boolean":
      if (raw === "true") return true;
      if (raw === "false") return false;
      throw new UsageError(`--${name} must be true or false, got "${raw}"`);
    case "number":
    case "integer": {
      const v = raw.trim() === "" ? NaN : Number(raw);
      if (!Number.isFinite(v)) {
        throw new UsageError(`--${name} must be a number, got "${raw}"`);
      }
      if (spec.kind === "integer" && !Number.isSafeInteger(v)) {
        throw new UsageError(`--${name} must be an integer, got "${raw}"`);
      }
      return v;
    }
  }
}

/** The flag names of `spec` as `--a, --b`, for messages. */
export function listFlags(spec: FlagSpecs): string {
  return Object.keys(spec).map((n) => `--${n}`).join(", ");
}

/**
 * Parses command-line arguments against `spec`.
 *
 * @param args the arguments after the script name (`Deno.args`).
 * @param spec the accepted flags.
 * @param options whether to collect unknown flags instead of failing.
 * @returns flag values converted by kind, positionals, and whether help was
 *   asked for.
 * @throws {UsageError} for an unknown flag (listing the valid ones), a
 *   missing value, or a value of the wrong kind.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./_args.ts";
 * const { flags, positionals } = parseFlags(["data.csv", "--seed", "3"], {
 *   seed: { kind: "integer" },
 * });
 * assert.deepEqual([positionals[0], flags.seed], ["data.csv", 3]);
 * ```
 */
export function parseFlags<S extends FlagSpecs>(
  args: readonly string[],
  spec: S,
  options: ParseFlagsOptions = {},
): ParsedArgs<S> {
  const flags: Record<string, string | number | boolean> = {};
  const positionals: string[] = [];
  const unknown: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-" && !/^-\d/.test(arg)) {
        throw new UsageError(
          `unknown flag ${arg}; valid flags are ${listFlags(spec)}`,
        );
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let raw: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    const flagSpec = Object.hasOwn(spec, name) ? spec[name] : undefined;
    const takeValue = (): string => {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) {
        throw new UsageError(`--${name} needs a value`);
      }
      i++;
      return next;
    };
    if (flagSpec === undefined) {
      if (!options.allowUnknown) {
        throw new UsageError(
          `unknown flag --${name}; valid flags are ${listFlags(spec)}`,
        );
      }
      unknown[name] = raw ?? takeValue();
      continue;
    }
    if (flagSpec.kind === "boolean" && raw === undefined) raw = "true";
    flags[name] = convertFlag(name, flagSpec, raw ?? takeValue());
  }
  return { flags: flags as FlagValues<S>, positionals, help, unknown };
}

/** Help text: one line per flag, from the spec's descriptions. */
export function describeFlags(spec: FlagSpecs): string {
  const width = Math.max(0, ...Object.keys(spec).map((n) => n.length)) + 2;
  return Object.entries(spec).map(([name, s]) => {
    const kind = s.choices ? s.choices.join("|") : s.kind;
    return `  --${name.padEnd(width)} ${kind.padEnd(8)} ${s.description ?? ""}`
      .trimEnd();
  }).join("\n");
}
