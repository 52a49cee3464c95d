import assert from "node:assert/strict";
import { postJson, withApp } from "../_app.ts";

Deno.test("ids that are not run ids answer 404 on every route, never a 500", async () => {
  await withApp(async (app) => {
    for (const id of ["a".repeat(3000), "unknown", crypto.randomUUID()]) {
      const gets = [`/api/runs/${id}`, `/api/runs/${id}/events`];
      for (const path of gets) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path.slice(0, 60));
        assert.equal((await res.json()).error.code, "not_found");
      }
      const del = await app.request(`/api/runs/${id}`, {
        method: "DELETE",
        headers: { authorization: "Bearer x" },
      });
      assert.equal(del.status, 404);
      await del.body?.cancel();
      const sample = await app.request(
        "/api/sample",
        postJson({ fitId: id, n: 5 }),
      );
      assert.equal(sample.status, 404);
      await sample.body?.cancel();
    }
  });
});
