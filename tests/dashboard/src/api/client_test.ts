import assert from "node:assert/strict";
import {
  ApiError,
  createApiClient,
} from "../../../../dashboard/src/api/client.ts";
import { createOwnerTokens } from "../../../../dashboard/src/api/owner_tokens.ts";
import { memoryStorage } from "../../_fake_api.ts";

function recordingFetch(response: Response) {
  const requests: Request[] = [];
  const fake = (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(new URL(String(input), "http://x"), init));
    return Promise.resolve(response.clone());
  };
  return { fake: fake as typeof fetch, requests };
}

Deno.test("ApiClient rejects with the API's own error message and code", async () => {
  const { fake } = recordingFetch(Response.json(
    {
      error: {
        code: "run_too_large",
        message: "Cannot start the run: too many fits",
      },
    },
    { status: 422 },
  ));
  const api = createApiClient({ fetch: fake });
  await assert.rejects(() => api.getRun("x"), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.message, "Cannot start the run: too many fits");
    assert.equal(e.code, "run_too_large");
    assert.equal(e.status, 422);
    return true;
  });
});

Deno.test("ApiClient falls back to the status line when the error is not JSON", async () => {
  const { fake } = recordingFetch(
    new Response("boom", { status: 502, statusText: "Bad Gateway" }),
  );
  await assert.rejects(() => createApiClient({ fetch: fake }).methods(), {
    message: "The server answered 502 Bad Gateway",
  });
});

Deno.test("ApiClient.fit() sends CSV with method, seed and options in the query", async () => {
  const { fake, requests } = recordingFetch(Response.json({ method: "paper" }));
  await createApiClient({ fetch: fake }).fit(
    { kind: "csv", text: "1,2\n3,4\n" },
    { method: "paper", seed: 3, options: { batches: 2 } },
  );
  const url = new URL(requests[0].url);
  assert.equal(url.pathname, "/api/fit");
  assert.equal(url.searchParams.get("method"), "paper");
  assert.equal(url.searchParams.get("seed"), "3");
  assert.equal(url.searchParams.get("batches"), "2");
  assert.equal(requests[0].headers.get("content-type"), "text/csv");
  assert.equal(await requests[0].text(), "1,2\n3,4\n");
});

Deno.test("ApiClient.fit() sends bootstrap in the query for CSV, in the body for JSON, never when 0", async () => {
  const { fake, requests } = recordingFetch(Response.json({ method: "paper" }));
  const api = createApiClient({ fetch: fake });
  await api.fit({ kind: "csv", text: "1,2\n" }, {
    method: "paper",
    seed: 1,
    bootstrap: 10,
  });
  await api.fit({ kind: "matrix", samples: [[1, 2]] }, {
    method: "paper",
    seed: 1,
    bootstrap: 25,
  });
  await api.fit({ kind: "csv", text: "1,2\n" }, {
    method: "paper",
    seed: 1,
    bootstrap: 0,
  });
  await api.fit({ kind: "matrix", samples: [[1, 2]] }, {
    method: "paper",
    seed: 1,
  });
  assert.equal(new URL(requests[0].url).searchParams.get("bootstrap"), "10");
  assert.equal((await requests[1].json()).bootstrap, 25);
  assert.equal(new URL(requests[2].url).searchParams.has("bootstrap"), false);
  assert.equal("bootstrap" in await requests[3].json(), false);
});

Deno.test("ApiClient.deleteRun() sends the owner token as a bearer token", async () => {
  const { fake, requests } = recordingFetch(
    new Response(null, { status: 204 }),
  );
  await createApiClient({ fetch: fake }).deleteRun("r1", "secret");
  assert.equal(requests[0].method, "DELETE");
  assert.equal(requests[0].headers.get("authorization"), "Bearer secret");
});

Deno.test("createOwnerTokens() keeps tokens by run id across instances", () => {
  const storage = memoryStorage();
  createOwnerTokens(storage).set("a", "t1");
  const tokens = createOwnerTokens(storage);
  assert.equal(tokens.get("a"), "t1");
  tokens.remove("a");
  assert.equal(createOwnerTokens(storage).get("a"), undefined);
  assert.equal(createOwnerTokens(null).get("a"), undefined);
});

Deno.test("ApiClient.fit() sends the truth in the JSON body only when given", async () => {
  const { fake, requests } = recordingFetch(Response.json({ method: "paper" }));
  const api = createApiClient({ fetch: fake });
  const truth = { sigma: [[2]], b: [0.5] };
  await api.fit({ kind: "matrix", samples: [[1]] }, {
    method: "paper",
    seed: 1,
    truth,
  });
  await api.fit({ kind: "matrix", samples: [[1]] }, {
    method: "paper",
    seed: 1,
  });
  assert.deepEqual((await requests[0].json()).truth, truth);
  assert.equal("truth" in await requests[1].json(), false);
});

Deno.test("ApiClient.fit() sends columns, missing values, index, check and rank in the query (CSV) or the body (JSON)", async () => {
  const { fake, requests } = recordingFetch(Response.json({ method: "paper" }));
  const api = createApiClient({ fetch: fake });
  await api.fit({ kind: "csv", text: "a,b\n1,2\n" }, {
    method: "paper",
    seed: 1,
    table: { columns: "-2,-5", na: "error", index: "drop" },
    check: true,
    checkReplicates: 39,
  });
  await api.fit({ kind: "matrix", samples: [[1, 2]] }, {
    method: "paper",
    seed: 1,
    table: { columns: "-1" },
    rank: 2,
  });
  await api.fit({ kind: "csv", text: "1\n" }, {
    method: "paper",
    seed: 1,
    checkReplicates: 39,
  });
  const csv = new URL(requests[0].url).searchParams;
  assert.deepEqual(
    ["columns", "na", "index", "check", "checkReplicates"].map((k) =>
      csv.get(k)
    ),
    ["-2,-5", "error", "drop", "true", "39"],
  );
  // JSON samples have no table options; the analyses go in the body, which
  // is where the server reads a JSON fit's fields.
  const json = new URL(requests[1].url).searchParams;
  assert.deepEqual([...json.keys()], []);
  const sent = await requests[1].json();
  assert.equal(sent.method, "paper");
  assert.equal(sent.rank, 2);
  // Replicates without the check are not sent.
  assert.equal(
    new URL(requests[2].url).searchParams.has("checkReplicates"),
    false,
  );
});

Deno.test("createOwnerTokens() keeps file names beside the tokens", () => {
  const storage = memoryStorage();
  const tokens = createOwnerTokens(storage);
  tokens.set("a", "t1");
  tokens.setFileName("a", "seattle-weather.csv");
  assert.equal(createOwnerTokens(storage).fileName("a"), "seattle-weather.csv");
  // Older storage holds tokens only: they still read.
  const old = memoryStorage();
  old.setItem("rg.ownerTokens", JSON.stringify({ b: "t2" }));
  assert.equal(createOwnerTokens(old).get("b"), "t2");
  assert.equal(createOwnerTokens(old).fileName("b"), undefined);
  tokens.remove("a");
  assert.equal(createOwnerTokens(storage).fileName("a"), undefined);
});
