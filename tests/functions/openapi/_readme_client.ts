/**
 * The README's JavaScript example written against the types that
 * openapi-typescript generates from `/api/openapi.json` (`api.d.ts` beside
 * this file once copied): it type-checks only if the document describes
 * every request and answer field the example uses.
 */
import type { paths } from "./api.d.ts";

type Fit = paths["/api/fit"]["post"];
type Sample = paths["/api/sample"]["post"];
type CreateRun = paths["/api/runs"]["post"];
type GetRun = paths["/api/runs/{id}"]["get"];
type DeleteRun = paths["/api/runs/{id}"]["delete"];
type Json<T> = T extends { content: { "application/json": infer J } } ? J
  : never;

const API = "http://127.0.0.1:8000";

async function post<T>(url: string, body: T): Promise<Response> {
  return await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

// Fit a few samples sent as JSON
const fitBody: Json<NonNullable<Fit["requestBody"]>> = {
  samples: [[0, 1.2], [0.7, 0], [1.5, 2.1], [0.3, 0.4], [0, 0], [2.2, 1.1]],
  method: "censored",
};
const res = await post(`${API}/api/fit`, fitBody);
if (!res.ok) {
  const { error }: Json<Fit["responses"][422]> = await res.json();
  throw new Error(`${error.code}: ${error.message}`);
}
const fit: Json<Fit["responses"][200]> = await res.json();
console.log(fit.b, fit.sigma, fit.warnings);

// CSV text, with the method in the query string
const query: NonNullable<Fit["parameters"]["query"]> = { method: "censored" };
const csv = "x1,x2\n0,1.2\n0.7,0\n1.5,2.1\n0.3,0.4\n0,0\n2.2,1.1\n";
const viaCsv: Json<Fit["responses"][200]> = await fetch(
  `${API}/api/fit?${new URLSearchParams(query)}`,
  { method: "POST", headers: { "Content-Type": "text/csv" }, body: csv },
).then((r) => r.json());
console.log(viaCsv.cached, viaCsv.id === fit.id);

// Draw from the fit
const sampleBody: Json<Sample["requestBody"]> = {
  fitId: fit.id,
  n: 3,
  seed: 1,
};
const { samples }: Json<Sample["responses"][200]> = await post(
  `${API}/api/sample`,
  sampleBody,
).then((r) => r.json());
console.log(samples);

// Start a run, poll until it finishes, then delete it
const runBody: Json<CreateRun["requestBody"]> = {
  d: 3,
  n: 400,
  kappa: 1,
  bias: "relu",
  runs: 2,
  methods: ["censored"],
};
const run: Json<CreateRun["responses"][202]> = await post(
  `${API}/api/runs`,
  runBody,
).then((r) => r.json());
const path: GetRun["parameters"]["path"] = { id: run.id };
let view: Json<GetRun["responses"][200]>;
do {
  await new Promise((r) => setTimeout(r, 500));
  view = await fetch(`${API}/api/runs/${path.id}`).then((r) => r.json());
} while (view.status === "queued" || view.status === "running");
// result is the fit of a fit run, or the points of an experiment
if (view.result !== undefined && "points" in view.result) {
  console.log(view.status, view.result.points[0]?.errSigma.mean);
}
const del = await fetch(`${API}/api/runs/${run.id}`, {
  method: "DELETE",
  headers: { Authorization: `Bearer ${run.ownerToken}` },
});
const deleted: keyof DeleteRun["responses"] = 204;
console.log(del.status === deleted);
