/**
 * The per-method options form, as data: what the user typed for each option
 * of each method (kept as typed, so a half-written number is not lost), its
 * check against the method's option spec, and the values a fit request sends.
 *
 * @module
 */
import type { MethodInfo, MethodOption } from "../api/types.ts";

/** What an option's input holds: text for numbers, a flag for booleans. */
export type OptionInput = string | boolean;

/** Typed values by method, then by option name; absent means the default. */
export type OptionInputs = Readonly<
  Record<string, Readonly<Record<string, OptionInput>>>
>;

/** A checked option value, or why it is unusable. */
export type CheckedOption =
  | { readonly ok: true; readonly value: number | boolean }
  | { readonly ok: false; readonly message: string };

/** What the input of `spec` shows before the user changes it. */
export function defaultInput(spec: MethodOption): OptionInput {
  return typeof spec.default === "boolean"
    ? spec.default
    : String(spec.default);
}

/** The input of option `spec` of `method`: the typed value or the default. */
export function inputOf(
  inputs: OptionInputs,
  method: string,
  spec: MethodOption,
): OptionInput {
  return inputs[method]?.[spec.name] ?? defaultInput(spec);
}

/**
 * Checks a typed value against its spec the way the API will (kind, integer,
 * min and max, all inclusive), so the form can say what is wrong before a
 * request is sent.
 */
export function checkOption(
  spec: MethodOption,
  input: OptionInput,
): CheckedOption {
  if (spec.kind === "boolean") {
    return typeof input === "boolean"
      ? { ok: true, value: input }
      : { ok: false, message: `${spec.name} must be on or off` };
  }
  const text = String(input).trim();
  const value = text === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    return { ok: false, message: `${spec.name} must be a number` };
  }
  if (spec.kind === "integer" && !Number.isInteger(value)) {
    return { ok: false, message: `${spec.name} must be a whole number` };
  }
  if (spec.min !== undefined && value < spec.min) {
    return { ok: false, message: `${spec.name} must be at least ${spec.min}` };
  }
  if (spec.max !== undefined && value > spec.max) {
    return { ok: false, message: `${spec.name} must be at most ${spec.max}` };
  }
  return { ok: true, value };
}

/** The options of one method to send, or the problems that stop the fit. */
export type MethodOptionsResult =
  | {
    readonly ok: true;
    /** Only the options that differ from their default (the API fills the rest). */
    readonly options: Record<string, number | boolean>;
  }
  | { readonly ok: false; readonly messages: readonly string[] };

/** Checks every option of `info` and collects the values to send. */
export function optionsToSend(
  info: MethodInfo,
  inputs: OptionInputs,
): MethodOptionsResult {
  const options: Record<string, number | boolean> = {};
  const messages: string[] = [];
  for (const spec of info.options) {
    const checked = checkOption(spec, inputOf(inputs, info.name, spec));
    if (!checked.ok) messages.push(`${info.name}: ${checked.message}`);
    else if (checked.value !== spec.default) {
      options[spec.name] = checked.value;
    }
  }
  return messages.length > 0 ? { ok: false, messages } : { ok: true, options };
}

/** `inputs` with option `name` of `method` set to `input`. */
export function withInput(
  inputs: OptionInputs,
  method: string,
  name: string,
  input: OptionInput,
): OptionInputs {
  return { ...inputs, [method]: { ...inputs[method], [name]: input } };
}

/** A spec's range and default in words, e.g. "integer 1–1000, default 1". */
export function describeRange(spec: MethodOption): string {
  if (spec.kind === "boolean") {
    return `default ${spec.default ? "on" : "off"}`;
  }
  const lo = spec.min !== undefined ? formatBound(spec.min) : "";
  const hi = spec.max !== undefined ? formatBound(spec.max) : "";
  const range = lo && hi
    ? ` ${lo} – ${hi}`
    : lo
    ? ` ≥ ${lo}`
    : hi
    ? ` ≤ ${hi}`
    : "";
  return `${spec.kind}${range}, default ${spec.default}`;
}

function formatBound(x: number): string {
  return Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3)
    ? x.toExponential(0)
    : String(x);
}

/**
 * The methods a multi-method picker starts with: the API's default and the
 * paper's method (once if they are the same), keeping only registered names.
 */
export function initialMethods(
  defaultMethod: string,
  registered: readonly string[],
): string[] {
  const wanted = [...new Set([defaultMethod, "paper"])];
  return wanted.filter((m) => m !== "" && registered.includes(m));
}
