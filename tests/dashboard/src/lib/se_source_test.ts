import assert from "node:assert/strict";
import type {
  FitResponse,
  StandardErrors,
} from "../../../../dashboard/src/api/types.ts";
import {
  bootstrapCounts,
  chooseStandardErrors,
  describeSeChoice,
} from "../../../../dashboard/src/lib/se_source.ts";
import { fitAnswer } from "../../_records.ts";

const analytic: StandardErrors = { b: [0.1, 0.2], sigma: [[1, 2], [3, 4]] };
const boot: StandardErrors = { b: [0.3, 0.4], sigma: [[5, 6], [7, 8]] };

function fit(extra: Partial<FitResponse>): FitResponse {
  return fitAnswer({ method: "m", ...extra });
}

Deno.test("chooseStandardErrors() switches between analytic and bootstrap errors when both exist", () => {
  const both = fit({
    standardErrors: analytic,
    bootstrapStandardErrors: boot,
    diagnostics: {
      standardErrorsFrom: "analytic",
      bootstrapReplicates: 10,
      bootstrapFailed: 1,
    },
  });
  const first = chooseStandardErrors(both);
  assert.equal(first.source, "analytic");
  assert.equal(first.se, analytic);
  assert.deepEqual(first.available, ["analytic", "bootstrap"]);
  const picked = chooseStandardErrors(both, "bootstrap");
  assert.equal(picked.source, "bootstrap");
  assert.equal(picked.se, boot);
  assert.equal(chooseStandardErrors(both, "analytic").se, analytic);
  assert.equal(
    describeSeChoice(picked, bootstrapCounts(both)),
    "Error bars: ±1.96 bootstrap SE (10 replicates, 1 failed)",
  );
  assert.equal(
    describeSeChoice(first, bootstrapCounts(both)),
    "Error bars: ±1.96 analytic SE (bootstrap also ran: 10 replicates, 1 failed)",
  );
});

Deno.test("chooseStandardErrors() reads standardErrors as bootstrap ones when the API says so", () => {
  const onlyBoot = fit({
    standardErrors: boot,
    diagnostics: {
      standardErrorsFrom: "bootstrap",
      bootstrapReplicates: 1,
      bootstrapFailed: 0,
    },
  });
  // Asking for analytic errors the fit lacks falls back to what it has.
  const choice = chooseStandardErrors(onlyBoot, "analytic");
  assert.equal(choice.source, "bootstrap");
  assert.equal(choice.se, boot);
  assert.deepEqual(choice.available, ["bootstrap"]);
  assert.equal(
    describeSeChoice(choice, bootstrapCounts(onlyBoot)),
    "Error bars: ±1.96 bootstrap SE (1 replicate, 0 failed)",
  );
});

Deno.test("chooseStandardErrors() treats unlabelled standardErrors as analytic and handles none", () => {
  const plain = fit({ standardErrors: analytic });
  assert.equal(chooseStandardErrors(plain, "bootstrap").source, "analytic");
  assert.equal(bootstrapCounts(plain), null);
  assert.equal(
    describeSeChoice(chooseStandardErrors(plain), null),
    "Error bars: ±1.96 analytic SE",
  );

  // Every replicate failed: counts but no errors.
  const failed = fit({
    diagnostics: { bootstrapReplicates: 3, bootstrapFailed: 3 },
  });
  const none = chooseStandardErrors(failed, "bootstrap");
  assert.deepEqual(none, { source: null, se: null, available: [] });
  assert.equal(
    describeSeChoice(none, bootstrapCounts(failed)),
    "No standard errors (bootstrap: 3 replicates, 3 failed)",
  );
});
