/** Serves the app. Placeholder until the HTTP API lands: answers /api/health. */
const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "127.0.0.1";
Deno.serve({ port, hostname }, (req) => {
  const url = new URL(req.url);
  if (url.pathname === "/api/health") return Response.json({ status: "ok" });
  return Response.json({
    error: { code: "not_found", message: `No route for ${url.pathname}` },
  }, { status: 404 });
});
