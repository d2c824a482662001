// The query page of `ccuskg serve`: no framework, nothing loaded from elsewhere.
"use strict";
const endpoint = new URL("query", document.baseURI).pathname;
const $ = (id) => document.getElementById(id);
let examples = [];

function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return `${term.value} @${term["xml:lang"]}`;
  if (term.type === "bnode") return `_:${term.value}`;
  if (term.type === "triple") return `<< ${cell(term.value.subject)} ${cell(term.value.predicate)} ${cell(term.value.object)} >>`;
  return term.value;
}

function table(data) {
  const vars = data.head.vars, rows = data.results.bindings;
  const element = document.createElement("table");
  const head = element.createTHead().insertRow();
  for (const name of vars) head.appendChild(Object.assign(document.createElement("th"), {textContent: name}));
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const name of vars) tr.insertCell().textContent = cell(row[name]);
  }
  return [element, `${rows.length} row${rows.length === 1 ? "" : "s"}`];
}

function show(element, status) {
  $("results").replaceChildren(element);
  $("status").textContent = status;
}

function fail(message) {
  $("error").textContent = message;
  $("error").hidden = false;
  $("results").replaceChildren();
  $("status").textContent = "failed";
}

async function run() {
  $("error").hidden = true;
  $("status").textContent = "running…";
  const started = performance.now();
  let response;
  try {
    response = await fetch(endpoint, {method: "POST", body: new URLSearchParams({query: $("query").value}),
      headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
  } catch (error) {
    return fail(`The endpoint did not answer: ${error}`);
  }
  const text = await response.text(), ms = Math.round(performance.now() - started);
  if (!response.ok) return fail(`HTTP ${response.status}: ${text.trim()}`);
  const cut = response.headers.get("X-Ccuskg-Truncated");
  const note = ` in ${ms} ms` + (cut ? ` (${cut})` : "");
  if ((response.headers.get("Content-Type") || "").includes("json")) {
    const data = JSON.parse(text);
    if ("boolean" in data) return show(Object.assign(document.createElement("p"),
      {className: "boolean", textContent: String(data.boolean)}), "ASK" + note);
    const [element, count] = table(data);
    return show(element, count + note);
  }
  show(Object.assign(document.createElement("pre"), {textContent: text}), "graph" + note);
}

async function loadExamples() {
  const response = await fetch(new URL("queries.json", document.baseURI));
  examples = await response.json();
  for (const example of examples) {
    $("examples").appendChild(Object.assign(document.createElement("option"),
      {value: example.name, textContent: `${example.name} — ${example.description}`}));
  }
}

$("examples").addEventListener("change", () => {
  const example = examples.find((e) => e.name === $("examples").value);
  if (!example) return;
  $("query").value = example.query;
  $("description").textContent = example.description + (example.params.length
    ? ` Bind ${example.params.map((p) => "?" + p).join(", ")} with VALUES before running.` : "");
});
$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
});
$("endpoint").textContent = endpoint;
loadExamples();
