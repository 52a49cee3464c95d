import assert from "node:assert/strict";
import { DEFAULT_LIMITS } from "../../functions/app.ts";
import {
  ConfigError,
  DEFAULT_JOB_POOL,
  DEFAULT_LISTEN,
  DEFAULT_STORE_TIMING,
  jobPoolFromEnv,
  LIMIT_VARIABLES,
  limitsFromEnv,
  listenAddressFromEnv,
  MAX_FIT_WORKERS,
  serverConfigFromEnv,
  storeTimingFromEnv,
} from "../../functions/config.ts";

function env(values: Record<string, string>) {
  return (name: string) => values[name];
}

function assertConfigError(fn: () => unknown, variable: string, value: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `ConfigError, got ${e}`);
    assert.equal(e.variable, variable);
    assert.ok(e.message.includes(variable), e.message);
    assert.ok(e.message.includes(JSON.stringify(value)), e.message);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  });
}

Deno.test("limitsFromEnv() returns nothing for an empty environment", () => {
  assert.deepEqual(limitsFromEnv(env({})), {});
  // Blank values count as unset (a platform form left empty).
  assert.deepEqual(limitsFromEnv(env({ MAX_BODY_BYTES: "  " })), {});
});

Deno.test("limitsFromEnv() covers every limit and the module doc lists its default", async () => {
  const fields = LIMIT_VARIABLES.map((v) => v.field).sort();
  assert.deepEqual(fields, Object.keys(DEFAULT_LIMITS).sort());
  const doc = await Deno.readTextFile(
    new URL("../../functions/config.ts", import.meta.url),
  );
  for (const { variable, field } of LIMIT_VARIABLES) {
    const row = doc.split("\n").find((l) => l.includes(`| \`${variable}\` |`));
    assert.ok(row, `${variable} is documented`);
    assert.ok(
      row.includes(`\`${DEFAULT_LIMITS[field]}\``),
      `${variable}'s documented default is ${DEFAULT_LIMITS[field]}: ${row}`,
    );
  }
});

Deno.test("limitsFromEnv() parses each variable onto its field", () => {
  const limits = limitsFromEnv(env({
    MAX_BODY_BYTES: "1048576",
    MAX_JSON_BODY_BYTES: "65536",
    MAX_FIT_ENTRIES: "1e6",
    MAX_FIT_D: "300",
    MAX_FIT_WORK: "5e9",
    MAX_FIT_MEMORY_BYTES: "268435456",
    MAX_SAMPLE_D: "50",
    MAX_SAMPLE_K: "60",
    MAX_SAMPLE_ENTRIES: " 2000 ",
    MAX_SAMPLE_WORK: "1000000",
    MAX_RUN_FITS: "10",
    MAX_RUN_WORK: "1e12",
    MAX_RUNS_PER_CLIENT: "3",
    RATE_LIMIT_BURST: "5",
    RATE_LIMIT_PER_SECOND: "0.5",
    TRUST_FORWARDED_FOR: "true",
    RETENTION_SECONDS: "86400",
    MAX_RESULT_BYTES: "1048576",
    MAX_EVENT_STREAMS: "2",
  }));
  assert.deepEqual(limits, {
    maxBodyBytes: 1048576,
    maxJsonBodyBytes: 65536,
    maxFitEntries: 1_000_000,
    maxFitD: 300,
    maxFitWork: 5e9,
    maxFitMemoryBytes: 268435456,
    maxSampleD: 50,
    maxSampleK: 60,
    maxSampleEntries: 2000,
    maxSampleWork: 1_000_000,
    maxRunFits: 10,
    maxRunWork: 1e12,
    maxRunsPerClient: 3,
    rateCapacity: 5,
    rateRefillPerSecond: 0.5,
    trustForwardedFor: true,
    retentionSeconds: 86400,
    maxResultBytes: 1048576,
    maxEventStreams: 2,
  });
  assert.deepEqual(limitsFromEnv(env({ TRUST_FORWARDED_FOR: "0" })), {
    trustForwardedFor: false,
  });
  assert.deepEqual(limitsFromEnv(env({ TRUST_FORWARDED_FOR: "FALSE" })), {
    trustForwardedFor: false,
  });
});

Deno.test("limitsFromEnv() rejects unusable values naming variable and value", async (t) => {
  const cases: [string, string][] = [
    ["MAX_BODY_BYTES", "32MB"],
    ["MAX_BODY_BYTES", "0"],
    ["MAX_FIT_ENTRIES", "-5"],
    ["MAX_FIT_ENTRIES", "1.5"],
    ["MAX_SAMPLE_D", "0x10"],
    ["MAX_RUN_FITS", "1e400"],
    ["RATE_LIMIT_BURST", "many"],
    ["RATE_LIMIT_PER_SECOND", "0"],
    ["RATE_LIMIT_PER_SECOND", "NaN"],
    ["TRUST_FORWARDED_FOR", "yes"],
    ["RETENTION_SECONDS", "7d"],
    ["RETENTION_SECONDS", "0"],
    ["MAX_RESULT_BYTES", "8MiB"],
    ["MAX_EVENT_STREAMS", "-1"],
    ["MAX_JSON_BODY_BYTES", "1MiB"],
    ["MAX_FIT_WORK", "0"],
    ["MAX_SAMPLE_K", "-3"],
    ["MAX_RUNS_PER_CLIENT", "1.5"],
  ];
  for (const [variable, value] of cases) {
    await t.step(`${variable}=${value}`, () => {
      assertConfigError(
        () => limitsFromEnv(env({ [variable]: value })),
        variable,
        value,
      );
    });
  }
});

Deno.test("listenAddressFromEnv() reads PORT and HOST with defaults", () => {
  assert.deepEqual(listenAddressFromEnv(env({})), DEFAULT_LISTEN);
  assert.deepEqual(DEFAULT_LISTEN, { port: 8000, hostname: "127.0.0.1" });
  assert.deepEqual(
    listenAddressFromEnv(env({ PORT: "0", HOST: "0.0.0.0" })),
    { port: 0, hostname: "0.0.0.0" },
  );
  assert.equal(listenAddressFromEnv(env({ PORT: "65535" })).port, 65535);
  assert.equal(listenAddressFromEnv(env({ HOST: "::1" })).hostname, "::1");
  assert.equal(listenAddressFromEnv(env({ HOST: "[::1]" })).hostname, "::1");
  assert.equal(
    listenAddressFromEnv(env({ HOST: "localhost" })).hostname,
    "localhost",
  );
});

Deno.test("listenAddressFromEnv() rejects a bad PORT or HOST", async (t) => {
  for (const port of ["abc", "65536", "-1", "80.5", "1e3", "8000x"]) {
    await t.step(`PORT=${port}`, () => {
      assertConfigError(
        () => listenAddressFromEnv(env({ PORT: port })),
        "PORT",
        port,
      );
    });
  }
  for (const host of ["http://localhost", "local host", "a/b"]) {
    await t.step(`HOST=${host}`, () => {
      assertConfigError(
        () => listenAddressFromEnv(env({ HOST: host })),
        "HOST",
        host,
      );
    });
  }
});

Deno.test("serverConfigFromEnv() combines address, limits, the job pool and the store timing", () => {
  assert.deepEqual(
    serverConfigFromEnv(env({ PORT: "9000", RATE_LIMIT_BURST: "3" })),
    {
      port: 9000,
      hostname: "127.0.0.1",
      limits: { rateCapacity: 3 },
      jobs: DEFAULT_JOB_POOL,
      store: DEFAULT_STORE_TIMING,
    },
  );
  assertConfigError(
    () => serverConfigFromEnv(env({ PORT: "1", MAX_SAMPLE_D: "big" })),
    "MAX_SAMPLE_D",
    "big",
  );
});

Deno.test("jobPoolFromEnv() reads the pool's variables, and the module doc lists their defaults", async () => {
  assert.deepEqual(jobPoolFromEnv(env({})), DEFAULT_JOB_POOL);
  assert.deepEqual(jobPoolFromEnv(env({ FIT_WORKERS: " " })), DEFAULT_JOB_POOL);
  assert.deepEqual(
    jobPoolFromEnv(env({
      FIT_WORKERS: " 3 ",
      SMALL_JOB_WORKERS: "0",
      SMALL_JOB_WORK: "1e7",
      JOB_QUEUE: "4",
      JOB_DEADLINE_SECONDS: "2.5",
      FIT_THREADS: "2",
    })),
    {
      workers: 3,
      smallWorkers: 0,
      smallJobWork: 1e7,
      maxQueued: 4,
      deadlineMs: 2500,
      fitThreads: 2,
    },
  );
  assert.equal(jobPoolFromEnv(env({ FIT_WORKERS: "0" })).workers, 0);
  assert.equal(
    jobPoolFromEnv(env({ FIT_WORKERS: "64" })).workers,
    MAX_FIT_WORKERS,
  );
  const doc = await Deno.readTextFile(
    new URL("../../functions/config.ts", import.meta.url),
  );
  const documented: [string, number][] = [
    ["FIT_WORKERS", DEFAULT_JOB_POOL.workers],
    ["SMALL_JOB_WORKERS", DEFAULT_JOB_POOL.smallWorkers],
    ["SMALL_JOB_WORK", DEFAULT_JOB_POOL.smallJobWork],
    ["JOB_QUEUE", DEFAULT_JOB_POOL.maxQueued],
    ["JOB_DEADLINE_SECONDS", DEFAULT_JOB_POOL.deadlineMs / 1000],
    ["FIT_THREADS", DEFAULT_JOB_POOL.fitThreads],
  ];
  for (const [variable, value] of documented) {
    const row = doc.split("\n").find((l) => l.includes(`| \`${variable}\` |`));
    assert.ok(row?.includes(`\`${value}\``), `${variable}: ${row}`);
  }
});

Deno.test("jobPoolFromEnv() rejects unusable values naming variable and value", async (t) => {
  const cases: [string, string][] = [
    ["FIT_WORKERS", "-1"],
    ["FIT_WORKERS", "65"],
    ["FIT_WORKERS", "1.5"],
    ["FIT_WORKERS", "two"],
    ["FIT_WORKERS", "1e1"],
    ["SMALL_JOB_WORKERS", "0x2"],
    ["SMALL_JOB_WORK", "0"],
    ["JOB_QUEUE", "-4"],
    ["JOB_DEADLINE_SECONDS", "1m"],
    ["FIT_THREADS", "0"],
    ["FIT_THREADS", "65"],
  ];
  for (const [variable, value] of cases) {
    await t.step(`${variable}=${value}`, () => {
      assertConfigError(
        () => jobPoolFromEnv(env({ [variable]: value })),
        variable,
        value,
      );
    });
  }
});

Deno.test("storeTimingFromEnv() reads the lease and maintenance seconds, documented with their defaults", async () => {
  assert.deepEqual(storeTimingFromEnv(env({})), DEFAULT_STORE_TIMING);
  assert.deepEqual(
    storeTimingFromEnv(env({ LEASE_SECONDS: "3", MAINTENANCE_SECONDS: "0.5" })),
    { leaseMs: 3000, maintenanceMs: 500 },
  );
  assert.deepEqual(
    serverConfigFromEnv(env({ LEASE_SECONDS: "4" })).store,
    { ...DEFAULT_STORE_TIMING, leaseMs: 4000 },
  );
  for (
    const [variable, value] of [["LEASE_SECONDS", "0"], [
      "MAINTENANCE_SECONDS",
      "1s",
    ]]
  ) {
    assertConfigError(
      () => storeTimingFromEnv(env({ [variable!]: value! })),
      variable!,
      value!,
    );
  }
  const doc = await Deno.readTextFile(
    new URL("../../functions/config.ts", import.meta.url),
  );
  for (
    const [variable, ms] of [
      ["LEASE_SECONDS", DEFAULT_STORE_TIMING.leaseMs],
      ["MAINTENANCE_SECONDS", DEFAULT_STORE_TIMING.maintenanceMs],
    ] as const
  ) {
    const row = doc.split("\n").find((l) => l.includes(`| \`${variable}\` |`));
    assert.ok(row?.includes(`\`${ms / 1000}\``), `${variable}: ${row}`);
  }
});
