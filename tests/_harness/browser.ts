/**
 * Browser harness: opens a local HTML file in Debian's headless Chromium (/usr/bin/chromium) and
 * drives it over the Chrome DevTools Protocol (WebSocket on 127.0.0.1, port picked by Chromium).
 *
 *   const r = await openInChromium("reports/x/index.html", { screenshot: "/tmp/x.png" });
 *   assertEquals(r.consoleErrors, []);
 *
 * Collected as errors (all in `consoleErrors`): console.error/console.assert calls, uncaught
 * exceptions and unhandled rejections, browser log entries of level error (failed resource loads...),
 * and every request to a non-file URL (http, https, ws, ...). Such requests are also stopped: http(s)
 * by CDP Fetch interception (net::ERR_BLOCKED_BY_CLIENT), anything else (WebSocket...) by a host
 * resolver that resolves no name, so a page never touches the network.
 * Chromium is always killed and its temp profile removed, also on failure or timeout.
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";

export interface OpenOptions {
  /** Write a PNG screenshot of the viewport to this path. */
  screenshot?: string;
  /** Viewport size in CSS pixels (default 1280 x 800, device scale factor 1). */
  width?: number;
  height?: number;
  /** Screenshot the whole page height instead of the viewport (default false). */
  fullPage?: boolean;
  /** JS expression polled (every 50 ms) after load until truthy, e.g. "window.__chartsDone". */
  waitForExpression?: string;
  /** Extra wait after load (and after waitForExpression), in ms (default 0). */
  settleMs?: number;
  /** Overall deadline for launch + load + capture (default 60 000 ms). */
  timeoutMs?: number;
}

export interface OpenResult {
  /** Console errors, page exceptions, error log entries and non-file network requests. */
  consoleErrors: string[];
  /** document.title */
  title: string;
  /** Rendered text of the body (document.body.innerText: no script/style contents). */
  textContent: string;
  /** Every non-file URL the page tried to load (also listed in consoleErrors). */
  networkRequests: string[];
  /** All console messages as "type: text" (log, info, warn, error, ...). */
  consoleMessages: string[];
}

const ALLOWED_SCHEMES = ["file:", "data:", "blob:", "about:", "javascript:"];
const isAllowedUrl = (url: string) => ALLOWED_SCHEMES.some((s) => url.startsWith(s));

// deno-lint-ignore no-explicit-any
type Json = any;

class CdpConnection {
  #ws: WebSocket;
  #nextId = 1;
  #pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void; method: string }>();
  #listeners: Array<(method: string, params: Json, sessionId?: string) => void> = [];
  #closed: Error | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(typeof ev.data === "string" ? ev.data : new TextDecoder().decode(ev.data));
      if (msg.id !== undefined) {
        const p = this.#pending.get(msg.id);
        if (!p) return;
        this.#pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`CDP ${p.method}: ${msg.error.message} ${msg.error.data ?? ""}`));
        else p.resolve(msg.result);
      } else if (msg.method) {
        for (const l of this.#listeners) {
          try {
            l(msg.method, msg.params, msg.sessionId);
          } catch (e) {
            console.error("CDP listener error", e);
          }
        }
      }
    };
    ws.onclose = () => this.#fail(new Error("CDP connection closed"));
    ws.onerror = (ev) =>
      this.#fail(new Error(`CDP WebSocket error: ${(ev as ErrorEvent).message ?? ev.type}`));
  }

  static connect(url: string): Promise<CdpConnection> {
    return new Promise((res, rej) => {
      const ws = new WebSocket(url);
      ws.onopen = () => res(new CdpConnection(ws));
      ws.onerror = (ev) =>
        rej(new Error(`cannot connect to ${url}: ${(ev as ErrorEvent).message ?? ev.type}`));
    });
  }

  #fail(e: Error) {
    if (this.#closed) return;
    this.#closed = e;
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }

  on(fn: (method: string, params: Json, sessionId?: string) => void) {
    this.#listeners.push(fn);
  }

  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    const p = new Promise<Json>((resolve, reject) => this.#pending.set(id, { resolve, reject, method }));
    this.#ws.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
    return p;
  }

  close() {
    this.#fail(new Error("CDP connection closed by harness"));
    try {
      this.#ws.close();
    } catch { /* ignore */ }
  }
}

function remoteObjectToString(o: Json): string {
  if (!o) return "";
  if (o.type === "string") return o.value;
  if ("value" in o) return typeof o.value === "object" ? JSON.stringify(o.value) : String(o.value);
  if (o.unserializableValue) return o.unserializableValue;
  return o.description ?? o.type;
}

function location(url?: string, line?: number, col?: number): string {
  if (!url) return "";
  return ` (${url}${line !== undefined ? `:${line + 1}` : ""}${col !== undefined ? `:${col + 1}` : ""})`;
}

/** Reads Chromium's stderr, resolves the DevTools WebSocket URL, keeps a tail for diagnostics. */
function watchStderr(stream: ReadableStream<Uint8Array>) {
  let tail = "";
  let resolveUrl!: (u: string) => void;
  let rejectUrl!: (e: Error) => void;
  const url = new Promise<string>((res, rej) => {
    resolveUrl = res;
    rejectUrl = rej;
  });
  url.catch(() => {}); // may be rejected after nobody waits for it any more
  let found = false;
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        tail = (tail + value).slice(-8000);
        if (!found) {
          const m = tail.match(/DevTools listening on (ws:\/\/\S+)/);
          if (m) {
            found = true;
            resolveUrl(m[1]);
          }
        }
      }
    } catch { /* cancelled */ }
    if (!found) rejectUrl(new Error(`chromium exited before printing its DevTools URL; stderr:\n${tail}`));
  })();
  // Chromium's helper processes inherit stderr; don't wait for them forever.
  const cancel = () => reader.cancel().catch(() => {});
  return { url, done, cancel, tail: () => tail };
}

function withDeadline<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  const ms = deadline - Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error(`timed out ${what}`)), Math.max(0, ms));
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Opens `htmlPath` (a local file) as a file:// URL in headless Chromium. */
export async function openInChromium(htmlPath: string, opts: OpenOptions = {}): Promise<OpenResult> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 800;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const abs = isAbsolute(htmlPath) ? htmlPath : resolve(htmlPath);
  await Deno.stat(abs); // fail early and clearly on a missing file
  const pageUrl = pathToFileURL(abs).href;
  try {
    await Deno.stat(CHROMIUM);
  } catch {
    throw new Error(`${CHROMIUM} not found: run bash tools/setup-debian.sh (Debian package chromium)`);
  }

  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  const consoleErrors: string[] = [];
  const networkRequests: string[] = [];
  const consoleMessages: string[] = [];
  const recordNetwork = (url: string, how: string) => {
    if (isAllowedUrl(url) || networkRequests.includes(url)) return;
    networkRequests.push(url);
    consoleErrors.push(`network request to non-file URL (${how}): ${url}`);
  };

  let child: Deno.ChildProcess | undefined;
  let cdp: CdpConnection | undefined;
  let stderr: ReturnType<typeof watchStderr> | undefined;
  try {
    child = new Deno.Command(CHROMIUM, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--disable-dev-shm-usage",
        "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
        "--metrics-recording-only",
        "--mute-audio",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--font-render-hinting=none",
        // Nothing resolves: a request that slips past interception still cannot leave the machine.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--allow-file-access-from-files",
        `--window-size=${width},${height}`,
        `--user-data-dir=${profile}`,
        "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1",
        "about:blank",
      ],
      env: {
        ...Deno.env.toObject(),
        HOME: profile, // keeps ~/.pki, ~/.cache, ~/.config out of the real home
        XDG_CONFIG_HOME: `${profile}/.config`,
        XDG_CACHE_HOME: `${profile}/.cache`,
      },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    stderr = watchStderr(child.stderr);

    const wsUrl = await withDeadline(stderr.url, deadline, "waiting for chromium's DevTools URL");
    cdp = await withDeadline(CdpConnection.connect(wsUrl), deadline, "connecting to DevTools");
    const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await cdp.send("Target.attachToTarget", { targetId, flatten: true });
    const send = (m: string, p: Json = {}) => withDeadline(cdp!.send(m, p, sessionId), deadline, m);

    let loaded!: () => void;
    const loadFired = new Promise<void>((r) => (loaded = r));
    let navigating = false;
    cdp.on((method, p, sid) => {
      if (sid !== sessionId) return;
      switch (method) {
        case "Runtime.consoleAPICalled": {
          const text = (p.args ?? []).map(remoteObjectToString).join(" ");
          const f = p.stackTrace?.callFrames?.[0];
          consoleMessages.push(`${p.type}: ${text}`);
          if (p.type === "error" || p.type === "assert") {
            consoleErrors.push(
              `console.${p.type}: ${text}${location(f?.url, f?.lineNumber, f?.columnNumber)}`,
            );
          }
          break;
        }
        case "Runtime.exceptionThrown": {
          const d = p.exceptionDetails;
          const desc = d.exception?.description ?? remoteObjectToString(d.exception) ?? "";
          consoleErrors.push(
            `uncaught exception: ${desc || d.text}${location(d.url, d.lineNumber, d.columnNumber)}`,
          );
          break;
        }
        case "Log.entryAdded": {
          const e = p.entry;
          if (e.level === "error") {
            consoleErrors.push(`log (${e.source}): ${e.text}${location(e.url, e.lineNumber)}`);
          }
          break;
        }
        case "Network.requestWillBeSent":
          recordNetwork(p.request.url, `${p.type ?? "request"}`);
          break;
        case "Network.webSocketCreated":
          recordNetwork(p.url, "WebSocket");
          break;
        case "Fetch.requestPaused":
          if (isAllowedUrl(p.request.url)) {
            cdp!.send("Fetch.continueRequest", { requestId: p.requestId }, sessionId).catch(() => {});
          } else {
            recordNetwork(p.request.url, p.resourceType ?? "request");
            cdp!.send(
              "Fetch.failRequest",
              { requestId: p.requestId, errorReason: "BlockedByClient" },
              sessionId,
            )
              .catch(() => {});
          }
          break;
        case "Page.loadEventFired":
          if (navigating) loaded();
          break;
      }
    });

    await send("Fetch.enable", { patterns: [{ urlPattern: "*" }] });
    await send("Runtime.enable");
    await send("Log.enable");
    await send("Network.enable");
    await send("Page.enable");
    await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });

    navigating = true;
    const nav = await send("Page.navigate", { url: pageUrl });
    if (nav.errorText) throw new Error(`navigation to ${pageUrl} failed: ${nav.errorText}`);
    await withDeadline(loadFired, deadline, `waiting for the load event of ${pageUrl}`);

    const evaluate = async (expression: string): Promise<Json> => {
      const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) {
        throw new Error(
          `evaluating ${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
        );
      }
      return r.result.value;
    };
    // Web fonts loaded and two frames painted.
    await evaluate(
      "document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))",
    );
    if (opts.waitForExpression) {
      while (!(await evaluate(`Boolean(${opts.waitForExpression})`))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.waitForExpression}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));

    const { title, text } = await evaluate(
      "({ title: document.title, text: document.body ? document.body.innerText : '' })",
    );

    if (opts.screenshot) {
      const params: Json = { format: "png", fromSurface: true };
      if (opts.fullPage) {
        const { cssContentSize } = await send("Page.getLayoutMetrics");
        params.captureBeyondViewport = true;
        params.clip = { x: 0, y: 0, width, height: Math.ceil(cssContentSize.height), scale: 1 };
      }
      const { data } = await send("Page.captureScreenshot", params);
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      await Deno.writeFile(opts.screenshot, bytes);
    }

    // Let late console/exception events for this page arrive before returning.
    await new Promise((r) => setTimeout(r, 50));
    return { consoleErrors, title, textContent: text, networkRequests, consoleMessages };
  } catch (e) {
    const tail = stderr?.tail().trim();
    if (tail && e instanceof Error) e.message += `\n--- chromium stderr (tail) ---\n${tail.slice(-2000)}`;
    throw e;
  } finally {
    if (cdp) {
      await withDeadline(cdp.send("Browser.close"), Date.now() + 2000, "Browser.close").catch(() => {});
      cdp.close();
    }
    if (child) {
      const exited = await withDeadline(child.status, Date.now() + 5000, "chromium exit").then(
        () => true,
        () => false,
      );
      if (!exited) {
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
        await child.status;
      }
    }
    if (stderr) {
      await withDeadline(stderr.done, Date.now() + 3000, "chromium stderr").catch(() => stderr!.cancel());
    }
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
