import assert from "node:assert/strict";
import {
  convertFlag,
  describeFlags,
  parseFlags,
  UsageError,
} from "../../../functions/cli/_args.ts";

const spec = {
  seed: { kind: "integer", description: "seed" },
  lambda: { kind: "number" },
  format: { kind: "string", choices: ["csv", "npy"] },
  pretty: { kind: "boolean" },
} as const;

Deno.test("parseFlags() reads values by kind in both spellings", () => {
  const { flags, positionals, help } = parseFlags(
    ["a.csv", "--seed", "3", "--lambda=-0.5", "--format", "npy", "--pretty"],
    spec,
  );
  assert.deepEqual(flags, {
    seed: 3,
    lambda: -0.5,
    format: "npy",
    pretty: true,
  });
  assert.deepEqual(positionals, ["a.csv"]);
  assert.equal(help, false);
});

Deno.test("parseFlags() keeps - and everything after -- as positionals", () => {
  const { positionals, flags } = parseFlags(
    ["-", "--pretty=false", "--", "--seed"],
    spec,
  );
  assert.deepEqual(positionals, ["-", "--seed"]);
  assert.deepEqual(flags, { pretty: false });
});

Deno.test("parseFlags() notices -h and --help", () => {
  assert.equal(parseFlags(["-h"], spec).help, true);
  assert.equal(parseFlags(["x", "--help"], spec).help, true);
});

Deno.test("parseFlags() collects unknown flags only when asked", () => {
  const parsed = parseFlags(["--B", "2", "--r=3", "f"], spec, {
    allowUnknown: true,
  });
  assert.deepEqual(parsed.unknown, { B: "2", r: "3" });
  assert.deepEqual(parsed.positionals, ["f"]);
  assert.throws(() => parseFlags(["--B", "2"], spec), {
    name: "UsageError",
    message:
      "unknown flag --B; valid flags are --seed, --lambda, --format, --pretty",
  });
  assert.throws(() => parseFlags(["-x"], spec), UsageError);
});

Deno.test("parseFlags() rejects missing and malformed values", () => {
  const cases: [string[], string][] = [
    [["--seed"], "--seed needs a value"],
    [["--seed", "--pretty"], "--seed needs a value"],
    [["--seed", "1.5"], '--seed must be an integer, got "1.5"'],
    [["--seed", ""], '--seed must be a number, got ""'],
    [["--lambda", "abc"], '--lambda must be a number, got "abc"'],
    [["--lambda=Infinity"], '--lambda must be a number, got "Infinity"'],
    [["--format", "json"], '--format must be one of csv, npy, got "json"'],
    [["--pretty=yes"], '--pretty must be true or false, got "yes"'],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseFlags(args, spec), {
      name: "UsageError",
      message,
    });
  }
});

Deno.test("convertFlag() converts one raw value", () => {
  assert.equal(convertFlag("r", { kind: "number" }, "3"), 3);
  assert.equal(convertFlag("c", { kind: "boolean" }, "false"), false);
});

Deno.test("describeFlags() lists every flag with its description", () => {
  const text = describeFlags(spec);
  assert.equal(text.split("\n").length, 4);
  assert.match(text, /--seed\s+integer\s+seed/);
  assert.match(text, /--format\s+csv\|npy/);
});
