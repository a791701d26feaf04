/**
 * Browser harness: opens a local HTML file in Debian's headless Chromium (/usr/bin/chromium) and
 * drives it over the Chrome DevTools Protocol. A thin layer over src/browser/chromium.ts (launch, CDP
 * connection, network blocking, cleanup), adding console collection and screenshots.
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
import { ChromiumTimeoutError, findChromium, type Json, withChromiumPage } from "../../src/browser/chromium.ts";

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
  /** Expressions evaluated in the page after load, in order (e.g. a click, then a read); results in `evaluated`. */
  evaluate?: string[];
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
  /** Results of `evaluate`, in order. */
  evaluated: Json[];
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

/** Opens `htmlPath` (a local file) as a file:// URL in headless Chromium. */
export async function openInChromium(htmlPath: string, opts: OpenOptions = {}): Promise<OpenResult> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 800;
  const abs = isAbsolute(htmlPath) ? htmlPath : resolve(htmlPath);
  await Deno.stat(abs); // fail early and clearly on a missing file
  const pageUrl = pathToFileURL(abs).href;
  const executable = findChromium() ?? CHROMIUM;
  try {
    await Deno.stat(executable);
  } catch {
    throw new Error(`${executable} not found: run bash tools/setup-debian.sh (Debian package chromium)`);
  }

  const consoleErrors: string[] = [];
  const networkRequests: string[] = [];
  const consoleMessages: string[] = [];
  try {
    return await withChromiumPage(async (page) => {
      page.on((method, p) => {
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
        }
      });
      await page.send("Runtime.enable");
      await page.send("Log.enable");
      await page.goto(pageUrl);
      // Web fonts loaded and two frames painted.
      await page.settle();
      if (opts.waitForExpression) {
        while (!(await page.evaluate(`Boolean(${opts.waitForExpression})`))) {
          if (Date.now() > page.deadline) throw new Error(`timed out waiting for ${opts.waitForExpression}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));

      const { title, text } = await page.evaluate(
        "({ title: document.title, text: document.body ? document.body.innerText : '' })",
      );
      const evaluated: Json[] = [];
      for (const e of opts.evaluate ?? []) evaluated.push(await page.evaluate(e));

      if (opts.screenshot) {
        const params: Json = { format: "png", fromSurface: true };
        if (opts.fullPage) {
          const { cssContentSize } = await page.send("Page.getLayoutMetrics");
          params.captureBeyondViewport = true;
          params.clip = { x: 0, y: 0, width, height: Math.ceil(cssContentSize.height), scale: 1 };
        }
        const { data } = await page.send("Page.captureScreenshot", params);
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        await Deno.writeFile(opts.screenshot, bytes);
      }

      // Let late console/exception events for this page arrive before returning.
      await new Promise((r) => setTimeout(r, 50));
      return { consoleErrors, title, textContent: text, networkRequests, consoleMessages, evaluated };
    }, {
      executable,
      width,
      height,
      timeoutMs: opts.timeoutMs ?? 60_000,
      onBlockedRequest: (url, how) => {
        networkRequests.push(url);
        consoleErrors.push(`network request to non-file URL (${how}): ${url}`);
      },
    });
  } catch (e) {
    // The harness speaks English to developers; the product's timeout message is Chinese.
    if (e instanceof ChromiumTimeoutError) {
      throw new Error(`timed out ${e.what}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
