/**
 * `GET /api/docs`: a self-contained API reference page. It fetches
 * `/api/openapi.json` and lists every endpoint with its parameters, body
 * schemas, responses and an example request. No external assets, and the
 * script is a separate same-origin file so a strict CSP (script-src 'self')
 * allows it.
 *
 * @module
 */

/** The HTML shell. */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference</title>
<link rel="icon" href="data:,">
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin: 0; }
section { border: 1px solid #d0d4da; border-radius: 6px; margin: 1rem 0; padding: .8rem 1rem; }
.verb { display: inline-block; min-width: 4.5rem; font-weight: 700; }
.get { color: #0a6b2f; } .post { color: #1a4fa3; } .delete { color: #a31a1a; }
pre { background: #f4f5f7; padding: .6rem; overflow-x: auto; font-size: 13px; }
table { border-collapse: collapse; } td, th { text-align: left; padding: .15rem .6rem .15rem 0; vertical-align: top; }
code { font-size: 13px; }
</style>
</head>
<body>
<h1>API reference</h1>
<p id="intro">Loading <a href="/api/openapi.json">/api/openapi.json</a>…</p>
<main id="paths"></main>
<script src="/api/docs/docs.js"></script>
</body>
</html>
`;

/** The page's script (plain browser JavaScript). */
export const DOCS_SCRIPT = `"use strict";
(async () => {
  const intro = document.getElementById("intro");
  const main = document.getElementById("paths");
  let doc;
  try {
    doc = await (await fetch("/api/openapi.json")).json();
  } catch (e) {
    intro.textContent = "Could not load /api/openapi.json: " + e;
    return;
  }
  const schemas = (doc.components && doc.components.schemas) || {};
  const resolve = (s) => {
    while (s && s.$ref) s = schemas[s.$ref.split("/").pop()];
    return s || {};
  };
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) e.append(c);
    return e;
  };
  const expand = (s, depth) => {
    s = resolve(s);
    if (depth > 6) return s;
    const out = {};
    for (const [k, v] of Object.entries(s)) {
      if (k === "properties") {
        out.properties = {};
        for (const [p, ps] of Object.entries(v)) out.properties[p] = expand(ps, depth + 1);
      } else if (k === "items" || k === "additionalProperties") {
        out[k] = typeof v === "object" ? expand(v, depth + 1) : v;
      } else if (k === "anyOf" || k === "oneOf") {
        out[k] = v.map((x) => expand(x, depth + 1));
      } else out[k] = v;
    }
    return out;
  };
  const exampleOf = (s) => {
    s = resolve(s);
    if (s.example !== undefined) return s.example;
    if (s.anyOf || s.oneOf) return exampleOf((s.anyOf || s.oneOf)[0]);
    if (s.properties) {
      const o = {};
      for (const [p, ps] of Object.entries(s.properties)) {
        const v = exampleOf(ps);
        if (v !== undefined && (s.required || []).includes(p) || resolve(ps).example !== undefined) o[p] = v;
      }
      return o;
    }
    return undefined;
  };
  intro.textContent = (doc.info.title || "") + " " + (doc.info.version || "") + ". " + (doc.info.description || "");
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(ops)) {
      const sec = el("section");
      sec.append(el("h2", {}, el("span", { className: "verb " + verb, textContent: verb.toUpperCase() }), el("code", { textContent: path })));
      if (op.summary) sec.append(el("p", { textContent: op.summary }));
      if (op.description) sec.append(el("p", { textContent: op.description }));
      if (op.parameters && op.parameters.length) {
        const t = el("table", {}, el("tr", {}, el("th", { textContent: "parameter" }), el("th", { textContent: "in" }), el("th", { textContent: "description" })));
        for (const p of op.parameters) {
          t.append(el("tr", {}, el("td", {}, el("code", { textContent: p.name })), el("td", { textContent: p.in }), el("td", { textContent: (p.schema && p.schema.description) || p.description || "" })));
        }
        sec.append(el("h3", { textContent: "Parameters" }), t);
      }
      const body = op.requestBody && op.requestBody.content;
      if (body) {
        sec.append(el("h3", { textContent: "Request body" }));
        for (const [type, media] of Object.entries(body)) {
          sec.append(el("p", {}, el("code", { textContent: type })));
          sec.append(el("pre", { textContent: JSON.stringify(expand(media.schema, 0), null, 2) }));
        }
        const jsonBody = body["application/json"];
        const csvBody = body["text/csv"];
        let curl = "curl -X " + verb.toUpperCase() + " " + location.origin + path;
        if (jsonBody) curl += " \\\\\\n  -H 'Content-Type: application/json' \\\\\\n  -d '" + JSON.stringify(exampleOf(jsonBody.schema)) + "'";
        else if (csvBody) curl += " \\\\\\n  -H 'Content-Type: text/csv' --data-binary @samples.csv";
        sec.append(el("h3", { textContent: "Example" }), el("pre", { textContent: curl }));
      } else if (verb === "get") {
        sec.append(el("h3", { textContent: "Example" }), el("pre", { textContent: "curl " + location.origin + path.replace("{id}", "<id>") }));
      }
      const rt = el("table");
      for (const [status, r] of Object.entries(op.responses || {})) {
        rt.append(el("tr", {}, el("td", {}, el("code", { textContent: status })), el("td", { textContent: r.description || "" })));
      }
      sec.append(el("h3", { textContent: "Responses" }), rt);
      main.append(sec);
    }
  }
})();
`;
