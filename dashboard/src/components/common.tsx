/**
 * Small building blocks shared by the views: labelled fields bound to
 * signals, error and progress displays, method pickers.
 *
 * @module
 */
import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import type { MethodInfo } from "../api/types.ts";
import { MethodSwatch } from "./method_swatch.tsx";

/** A labelled number input bound to `value`. */
export function NumberField(
  { id, label, value, min, max, step }: {
    id: string;
    label: string;
    value: Signal<number>;
    min?: number;
    max?: number;
    step?: number | "any";
  },
) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value.value}
        min={min}
        max={max}
        step={step ?? 1}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).valueAsNumber;
          if (Number.isFinite(v)) value.value = v;
        }}
      />
    </div>
  );
}

/** A labelled select bound to `value`. */
export function SelectField<T extends string>(
  { id, label, value, options }: {
    id: string;
    label: string;
    value: Signal<T>;
    options: readonly (readonly [T, string])[];
  },
) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value.value}
        onChange={(e) =>
          value.value = (e.currentTarget as HTMLSelectElement).value as T}
      >
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </div>
  );
}

/** The API's (or the form's) message, announced to screen readers. */
export function ErrorMessage({ message }: { message: string }) {
  if (!message) return null;
  return <p class="error" role="alert">{message}</p>;
}

/** A progress bar with its count (of `unit`, fits by default) as text. */
export function ProgressBar(
  { done, total, label, unit = "fits", testId = "progress" }: {
    done: number;
    total: number;
    label: string;
    unit?: string;
    testId?: string;
  },
) {
  const pct = total > 0 ? Math.round((100 * done) / total) : 0;
  return (
    <div class="progress" data-testid={testId}>
      <label>
        {label}: {done} / {total || "?"} {unit} ({pct}%)
        <progress
          value={done}
          max={total || 1}
          aria-valuenow={done}
          aria-valuemax={total}
        />
      </label>
    </div>
  );
}

/** Checkboxes for the registry's methods. */
export function MethodPicker(
  { idPrefix, methods, selected, onToggle, legend = "Methods" }: {
    idPrefix: string;
    methods: readonly MethodInfo[];
    selected: readonly string[];
    onToggle: (name: string, on: boolean) => void;
    legend?: string;
  },
) {
  const names = methods.map((m) => m.name);
  return (
    <fieldset class="methods">
      <legend>{legend}</legend>
      {methods.length === 0 && <p class="muted">No methods loaded.</p>}
      {methods.map((m) => (
        <div class="check" key={m.name}>
          <input
            type="checkbox"
            id={`${idPrefix}-${m.name}`}
            checked={selected.includes(m.name)}
            onChange={(e) =>
              onToggle(m.name, (e.currentTarget as HTMLInputElement).checked)}
          />
          <label
            for={`${idPrefix}-${m.name}`}
            title={`${m.assumptions} Cost: ${m.cost}`}
          >
            <MethodSwatch method={m.name} methods={names} />
            <strong>{m.name}</strong> <span class="muted">{m.description}</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** A titled card. */
export function Panel(
  { title, children, id }: {
    title: string;
    children: ComponentChildren;
    id?: string;
  },
) {
  return (
    <section class="panel" aria-labelledby={id ? `${id}-title` : undefined}>
      <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
      {children}
    </section>
  );
}
