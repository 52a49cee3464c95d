/**
 * Inputs for the options of the chosen methods, generated from each method's
 * option specs (GET /api/methods): a number field with the spec's range for
 * numbers and integers, a checkbox for booleans, the default shown beside
 * each, and the spec's description as the field's hint.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import type { MethodInfo, MethodOption } from "../api/types.ts";
import {
  checkOption,
  describeRange,
  inputOf,
  type OptionInput,
  type OptionInputs,
} from "../lib/method_options.ts";

/** Props of `MethodOptionsForm`. */
export interface MethodOptionsFormProps {
  /** Prefix of the input ids: `${idPrefix}-${method}-${option}`. */
  readonly idPrefix: string;
  /** The chosen methods, with their option specs. */
  readonly methods: readonly MethodInfo[];
  readonly inputs: OptionInputs;
  readonly onInput: (method: string, name: string, input: OptionInput) => void;
  readonly onReset: (method: string) => void;
}

/**
 * One option's input, checked against its spec: the error beside it while
 * the value is unusable, the range, default and description as its hint.
 * Also used for fields that are not a method's (the bootstrap count).
 */
export function OptionField(
  { id, method, spec, input, onInput, label }: {
    id: string;
    /** The method the option belongs to, if any (`data-method`). */
    method?: string;
    spec: MethodOption;
    input: OptionInput;
    onInput: (input: OptionInput) => void;
    /** The label; the option's name by default. */
    label?: ComponentChildren;
  },
) {
  const name = label ?? <code>{spec.name}</code>;
  const hintId = `${id}-hint`;
  const checked = checkOption(spec, input);
  const errorId = `${id}-error`;
  if (spec.kind === "boolean") {
    return (
      <div class="field option-field">
        <div class="check">
          <input
            id={id}
            type="checkbox"
            checked={input === true}
            aria-describedby={hintId}
            onChange={(e) =>
              onInput((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={id}>{name}</label>
        </div>
        <small id={hintId} class="hint">
          <span class="range">{describeRange(spec)}.</span> {spec.description}
        </small>
      </div>
    );
  }
  return (
    <div class="field option-field">
      <label for={id}>{name}</label>
      <input
        id={id}
        type="number"
        inputMode={spec.kind === "integer" ? "numeric" : "decimal"}
        value={String(input)}
        min={spec.min}
        max={spec.max}
        step={spec.kind === "integer" ? 1 : "any"}
        required
        aria-invalid={!checked.ok}
        aria-describedby={checked.ok ? hintId : `${errorId} ${hintId}`}
        data-method={method}
        data-option={spec.name}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {!checked.ok && (
        <small id={errorId} class="field-error">{checked.message}</small>
      )}
      <small id={hintId} class="hint">
        <span class="range">{describeRange(spec)}.</span> {spec.description}
      </small>
    </div>
  );
}

/** One fieldset per chosen method that has options. */
export function MethodOptionsForm(
  { idPrefix, methods, inputs, onInput, onReset }: MethodOptionsFormProps,
) {
  const withOptions = methods.filter((m) => m.options.length > 0);
  const without = methods.filter((m) => m.options.length === 0);
  if (methods.length === 0) return null;
  return (
    <div class="method-options" data-testid="method-options">
      {withOptions.map((info) => (
        <fieldset key={info.name} class="options-fieldset">
          <legend>
            Options of <strong>{info.name}</strong>
          </legend>
          <div class="grid">
            {info.options.map((spec) => (
              <OptionField
                key={spec.name}
                id={`${idPrefix}-${info.name}-${spec.name}`}
                method={info.name}
                spec={spec}
                input={inputOf(inputs, info.name, spec)}
                onInput={(input) => onInput(info.name, spec.name, input)}
              />
            ))}
          </div>
          {inputs[info.name] && (
            <div class="actions">
              <button
                type="button"
                onClick={() => onReset(info.name)}
              >
                Reset {info.name} to defaults
              </button>
            </div>
          )}
        </fieldset>
      ))}
      {without.length > 0 && (
        <p class="muted">
          No options: {without.map((m) => m.name).join(", ")}.
        </p>
      )}
    </div>
  );
}
