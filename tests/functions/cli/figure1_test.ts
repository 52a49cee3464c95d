import assert from "node:assert/strict";
import { runFigure1 } from "../../../functions/cli/figure1.ts";
import { memoryIo, spawnScript } from "./_memory_io.ts";

const TINY = ["--small", "--runs", "2", "--n-scale", "0.1"];

Deno.test("figure1 writes the JSON and one SVG per panel", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = memoryIo();
    const code = await runFigure1([...TINY, "--out", dir, "--seed", "3"], io);
    assert.equal(code, 0, io.stderrText());
    const json = JSON.parse(
      new TextDecoder().decode(io.files.get(`${dir}/figure1.json`)),
    );
    assert.deepEqual(Object.keys(json.panels), [
      "samples",
      "dimension",
      "condition",
    ]);
    assert.equal(json.settings.runs, 2);
    assert.equal(json.panels.samples.points.length, 7);
    assert.equal(json.panels.dimension.points.length, 3);
    assert.equal(json.panels.condition.points.length, 4);
    const point = json.panels.dimension.points[0];
    assert.deepEqual(
      Object.keys(point).sort(),
      [
        "errB",
        "errSigma",
        "errors",
        "failed",
        "fitMs",
        "method",
        "notPd",
        "tv",
        "value",
      ],
    );
    assert.equal(point.errSigma.count, 2);
    for (const panel of ["samples", "dimension", "condition"]) {
      const svg = new TextDecoder().decode(
        io.files.get(`${dir}/figure1-${panel}.svg`),
      );
      assert.ok(svg.startsWith("<svg"), panel);
      assert.ok(svg.trimEnd().endsWith("</svg>"), panel);
      // One path per metric that has a finite mean somewhere (TV may be
      // undefined in every run when Sigma_hat is not PD at tiny n).
      const points = json.panels[panel].points;
      const withData = ["errSigma", "errB", "tv"].filter((m) =>
        points.some((p: Record<string, { mean: number | null }>) =>
          p[m]!.mean !== null
        )
      ).length;
      assert.equal(svg.split("<path").length - 1, withData, panel);
    }
    assert.match(io.stderrText(), /figure1: \[samples\] n = 200 done/);
    assert.match(io.stderrText(), /wrote .*figure1\.json and 3 SVG chart\(s\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("figure1 as a process writes files to --out", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/nested/out`;
    const { code, stderr } = await spawnScript("functions/cli/figure1.ts", [
      ...TINY,
      "--panels",
      "condition",
      "--out",
      out,
    ]);
    assert.equal(code, 0, stderr);
    const names = [];
    for await (const e of Deno.readDir(out)) names.push(e.name);
    assert.deepEqual(names.sort(), ["figure1-condition.svg", "figure1.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("figure1 rejects bad flags with one line and exit status 2", async (t) => {
  const cases: [string[], RegExp][] = [
    [["--runs", "abc"], /^figure1: --runs must be a number, got "abc"/],
    [["--runs", "0"], /^figure1: --runs must be in \[1, 1000\], got 0/],
    [
      ["--method", "nope"],
      /^figure1: --method: unknown method "nope"; valid methods are /,
    ],
    [
      ["--methods", "paper,nope"],
      /^figure1: --methods: unknown method "nope"; valid methods are /,
    ],
    [["--methods", ","], /^figure1: --methods needs at least one method name/],
    [["--n-scale", "2"], /^figure1: --n-scale must be in \(0, 1\], got 2/],
    [["--panels", "left"], /^figure1: --panels: unknown panel "left"/],
    [["--bogus"], /^figure1: unknown flag --bogus/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const io = memoryIo();
      assert.equal(await runFigure1(args, io), 2);
      const err = io.stderrText();
      assert.match(err, message);
      assert.equal(err.trimEnd().split("\n").length, 1);
    });
  }
  await t.step("as a process", async () => {
    const { code, stderr } = await spawnScript("functions/cli/figure1.ts", [
      "--runs",
      "x",
    ]);
    assert.equal(code, 2);
    assert.equal(stderr.trimEnd().split("\n").length, 1);
  });
});

Deno.test("figure1 --help prints the flags", async () => {
  const io = memoryIo();
  assert.equal(await runFigure1(["--help"], io), 0);
  assert.match(io.stdoutText(), /--n-scale/);
});
