"use strict";
// corsim's harness: performs one vector step with fetch() or XMLHttpRequest
// and reports what script saw. corsimConfig is set by the page before this.

// The request body text; its content is not under test.
const BODY_TEXT = "corsim request body";

function makeBody(kind) {
  switch (kind) {
    case "": return undefined;
    case "text": return BODY_TEXT;
    case "blob": return new Blob([BODY_TEXT]); // no type: no implicit Content-Type
    case "formdata": { const f = new FormData(); f.append("field", "value"); return f; }
    case "urlsearchparams": return new URLSearchParams("field=value");
    case "stream":
      return new ReadableStream({
        start(c) { c.enqueue(new TextEncoder().encode(BODY_TEXT)); c.close(); },
      });
  }
  throw new Error("corsim harness: unknown body kind " + kind);
}

function describe(e) {
  if (e === null || e === undefined) return {name: String(e), message: ""};
  return {name: String(e.name || typeof e), message: String(e.message === undefined ? e : e.message)};
}

async function runFetch(r) {
  const init = {method: r.method, headers: r.headers, mode: r.mode, credentials: r.credentials, redirect: r.redirect};
  if (r.keepalive) init.keepalive = true;
  if (r.duplex === "half") init.duplex = "half";
  const body = makeBody(r.body);
  if (body !== undefined) init.body = body;
  // The Request constructor performs every check the standard makes before
  // anything is fetched; fetch(request) then fails only as a network error.
  // Splitting the two tells a thrown TypeError from a network error.
  let req;
  try { req = new Request(r.url, init); } catch (e) { return {threw: "request", error: describe(e)}; }
  let resp;
  try { resp = await fetch(req); } catch (e) { return {threw: "fetch", error: describe(e)}; }
  const out = {type: resp.type, status: resp.status, url: resp.url, redirected: resp.redirected, headers: [], body: ""};
  for (const [name, value] of resp.headers) out.headers.push([name, value]);
  try { out.body = await resp.text(); } catch (e) { out.bodyError = describe(e); }
  return {response: out};
}

function parseAllResponseHeaders(all) {
  const out = [];
  for (const line of all.split("\r\n")) {
    if (line === "") continue;
    const i = line.indexOf(": ");
    if (i < 0) out.push([line, ""]); else out.push([line.slice(0, i), line.slice(i + 2)]);
  }
  return out;
}

function runXHR(r) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const threw = (where, e) => resolve({threw: where, error: describe(e)});
    try { x.open(r.method, r.url, true); } catch (e) { return threw("open", e); }
    try { for (const [n, v] of r.headers) x.setRequestHeader(n, v); } catch (e) { return threw("setRequestHeader", e); }
    try { if (r.credentials === "include") x.withCredentials = true; } catch (e) { return threw("withCredentials", e); }
    if (r.uploadListeners) x.upload.addEventListener("progress", () => {});
    x.onload = () => resolve({response: {
      status: x.status, url: x.responseURL,
      headers: parseAllResponseHeaders(x.getAllResponseHeaders()), body: x.responseText,
    }});
    x.onerror = () => threw("error-event", {name: "error", message: "XMLHttpRequest error event"});
    x.onabort = () => threw("abort-event", {name: "abort", message: "XMLHttpRequest abort event"});
    x.ontimeout = () => threw("timeout-event", {name: "timeout", message: "XMLHttpRequest timeout event"});
    let body;
    try { body = makeBody(r.body); } catch (e) { return threw("harness", e); }
    try { x.send(body === undefined ? null : body); } catch (e) { return threw("send", e); }
  });
}

async function perform(r) {
  try {
    return r.api === "xhr" ? await runXHR(r) : await runFetch(r);
  } catch (e) {
    return {threw: "harness", error: describe(e)};
  }
}

async function control(performer) {
  let index = -1, result = null;
  for (;;) {
    const resp = await fetch("/__corsim/next?s=" + corsimConfig.session, {
      method: "POST", body: JSON.stringify({index, result}), cache: "no-store",
    });
    if (!resp.ok) { document.title = "corsim harness error " + resp.status; return; }
    const next = await resp.json();
    if (next.done) {
      document.title = "corsim done";
      if (next.next) location.href = next.next;
      return;
    }
    index = next.index;
    result = await performer(next.request);
  }
}

function viaFrame() {
  return new Promise((ready) => {
    const frame = document.createElement("iframe");
    if (corsimConfig.sandbox) frame.setAttribute("sandbox", "allow-scripts");
    let pending = null;
    window.addEventListener("message", (e) => {
      if (e.source !== frame.contentWindow) return;
      if (e.data && e.data.ready) { ready((r) => new Promise((res) => { pending = res; frame.contentWindow.postMessage({request: r}, "*"); })); return; }
      if (pending) { const p = pending; pending = null; p(e.data); }
    });
    frame.src = corsimConfig.frame;
    document.body.appendChild(frame);
  });
}

if (corsimConfig.frameMode) {
  window.addEventListener("message", async (e) => {
    if (e.source !== window.parent || !e.data || !e.data.request) return;
    window.parent.postMessage(await perform(e.data.request), "*");
  });
  window.parent.postMessage({ready: true}, "*");
} else {
  window.addEventListener("DOMContentLoaded", async () => {
    const performer = corsimConfig.frame ? await viaFrame() : perform;
    control(performer);
  });
}
