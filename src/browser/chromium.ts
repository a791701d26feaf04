/**
 * Headless Chromium (Debian's `chromium`) driven over the Chrome DevTools Protocol (CDP): the
 * product prints its HTML briefings to PDF with it, and the test harness
 * (tests/_harness/browser.ts) renders pages with it.
 *
 * Every session gets a fresh temporary profile (`--user-data-dir`) and a page that cannot reach
 * the network: http(s) requests are failed by CDP Fetch interception (net::ERR_BLOCKED_BY_CLIENT),
 * anything else (WebSocket, ...) meets a host resolver that resolves no name, and every attempt is
 * recorded. Chromium is always killed and its profile removed, also on failure, timeout or Ctrl-C.
 *
 * @example
 * ```ts
 * if (!findChromium()) console.warn(chromiumMissingMessage()); // skip the PDF, say how to install
 * else {
 *   const { pages } = await printToPdf("reports/x/briefing.html", "reports/x/briefing.pdf", {
 *     footer: "平川县耕地占补平衡简报",
 *   });
 * }
 * ```
 * @module
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// deno-lint-ignore no-explicit-any
export type Json = any;

/** Where {@link findChromium} looks after the CHROMIUM environment variable, in order. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** How to install what printing needs on Debian/Ubuntu. */
export const CHROMIUM_INSTALL_COMMAND = "sudo apt-get install chromium fonts-noto-cjk";

function isExecutableFile(path: string): boolean {
  try {
    const st = Deno.statSync(path);
    return st.isFile && (st.mode === null || (st.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

function envChromium(): string | undefined {
  try {
    return Deno.env.get("CHROMIUM") || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

/**
 * The Chromium executable to use: the CHROMIUM environment variable when set (and then only it),
 * else the first of {@link CHROMIUM_CANDIDATES} that exists; null when there is none.
 */
export function findChromium(): string | null {
  const env = envChromium();
  if (env) return isExecutableFile(env) ? env : null;
  return CHROMIUM_CANDIDATES.find(isExecutableFile) ?? null;
}

/** Chinese explanation for when {@link findChromium} returns null: what was looked for, how to fix. */
export function chromiumMissingMessage(): string {
  const env = envChromium();
  if (env) {
    return `环境变量 CHROMIUM 指向的 ${env} 不存在或不可执行，无法用无头 Chromium 生成 PDF。` +
      `请把 CHROMIUM 改为 Chromium 可执行文件的路径，或删去该变量并安装：${CHROMIUM_INSTALL_COMMAND}`;
  }
  return `未找到 Chromium 浏览器（查找了环境变量 CHROMIUM 和 ${CHROMIUM_CANDIDATES.join("、")}），` +
    `无法生成 PDF。请安装：${CHROMIUM_INSTALL_COMMAND}（或设置环境变量 CHROMIUM 为其路径）`;
}

/** Flags of every launch: headless, no sandbox/GPU, no background traffic, nothing resolves. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
  "--no-default-browser-check",
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
  "--remote-debugging-port=0",
  "--remote-debugging-address=127.0.0.1",
];

/** A deadline passed; `what` names the step that was waited for. */
export class ChromiumTimeoutError extends Error {
  constructor(readonly what: string, readonly limitMs: number) {
    super(`Chromium 超时：${what}（总限时 ${Math.round(limitMs / 100) / 10} 秒）`);
    this.name = "ChromiumTimeoutError";
  }
}

/** Races `p` against the absolute `deadline` (ms since epoch); rejects with ChromiumTimeoutError. */
export function withDeadline<T>(p: Promise<T>, deadline: number, what: string, limitMs?: number): Promise<T> {
  const ms = deadline - Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(
      () => rej(new ChromiumTimeoutError(what, limitMs ?? Math.max(0, ms))),
      Math.max(0, ms),
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** A CDP client over one WebSocket (flat sessions: commands and events carry a sessionId). */
export class CdpConnection {
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
        if (msg.error) {
          p.reject(
            new Error(`Chromium 调试协议命令 ${p.method} 失败：${msg.error.message} ${msg.error.data ?? ""}`),
          );
        } else p.resolve(msg.result);
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
    ws.onclose = () => this.#fail(new Error("与 Chromium 的调试连接已断开（Chromium 可能已崩溃）"));
    ws.onerror = (ev) =>
      this.#fail(new Error(`与 Chromium 的调试连接出错：${(ev as ErrorEvent).message ?? ev.type}`));
  }

  /** Opens the browser-level DevTools WebSocket printed by Chromium on stderr. */
  static connect(url: string): Promise<CdpConnection> {
    return new Promise((res, rej) => {
      const ws = new WebSocket(url);
      ws.onopen = () => res(new CdpConnection(ws));
      ws.onerror = (ev) =>
        rej(new Error(`无法连接 Chromium 调试地址 ${url}：${(ev as ErrorEvent).message ?? ev.type}`));
    });
  }

  #fail(e: Error) {
    if (this.#closed) return;
    this.#closed = e;
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }

  /** Adds a listener for every event (of any session). */
  on(fn: (method: string, params: Json, sessionId?: string) => void): void {
    this.#listeners.push(fn);
  }

  /** Sends a command (to the browser, or to `sessionId`) and resolves with its result. */
  send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    const p = new Promise<Json>((resolve, reject) => this.#pending.set(id, { resolve, reject, method }));
    this.#ws.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
    return p;
  }

  /** Rejects pending commands and closes the socket. */
  close(): void {
    this.#fail(new Error("与 Chromium 的调试连接已关闭"));
    try {
      this.#ws.close();
    } catch { /* ignore */ }
  }
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
    if (!found) rejectUrl(new Error("Chromium 在给出调试地址（DevTools listening on ws://…）之前就退出了"));
  })();
  // Chromium's helper processes inherit stderr; don't wait for them forever.
  const cancel = () => reader.cancel().catch(() => {});
  return { url, done, cancel, tail: () => tail };
}

/** URL schemes a page may load; everything else is blocked and recorded. */
export const ALLOWED_SCHEMES: readonly string[] = ["file:", "data:", "blob:", "about:", "javascript:"];
/** True for URLs that stay on the machine (file:, data:, blob:, about:, javascript:). */
export const isAllowedUrl = (url: string): boolean => ALLOWED_SCHEMES.some((s) => url.startsWith(s));

/** Options of {@link withChromiumPage}. */
export interface ChromiumPageOptions {
  /** Chromium executable; default {@link findChromium}(). */
  executable?: string;
  /** Window and viewport size in CSS pixels (default 1280 x 800, device scale factor 1). */
  width?: number;
  height?: number;
  /** Overall deadline for launch + everything `fn` does (default 60 000 ms). */
  timeoutMs?: number;
  /**
   * Called once per distinct non-file URL the page tried to load (the request is blocked either
   * way); `how` is the resource type ("Image", "Fetch", "WebSocket", ...).
   */
  onBlockedRequest?: (url: string, how: string) => void;
}

/** A page (one CDP target) in a fresh headless Chromium, see {@link withChromiumPage}. */
export interface ChromiumPage {
  /** Absolute deadline (ms since epoch) of the whole session. */
  readonly deadline: number;
  /** Every distinct non-file URL the page tried to load so far; all were blocked. */
  readonly blockedRequests: readonly string[];
  /** Sends a command to this page's session, bounded by the deadline. */
  send(method: string, params?: Json): Promise<Json>;
  /** Listens to this page's events (installed before any domain is enabled by the caller). */
  on(fn: (method: string, params: Json) => void): void;
  /** Navigates to `url` (a file: URL) and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Evaluates a JS expression (promises awaited), returns its value; throws on an exception. */
  evaluate(expression: string): Promise<Json>;
  /** Waits for web fonts and two painted frames. */
  settle(): Promise<void>;
  /** Bounds `p` by the session deadline. */
  bound<T>(p: Promise<T>, what: string): Promise<T>;
}

/** Removes a profile folder, retrying while a dying Chromium helper may still write into it. */
async function removeProfile(path: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      await Deno.remove(path, { recursive: true });
      return;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Kills Chromium with all its helper processes (renderer, GPU, network service, zygote): it runs
 * in its own process group (spawned detached), so one signal to the group reaches them all, also
 * those already orphaned by a dead browser process.
 */
function killChromium(child: Deno.ChildProcess): void {
  try {
    Deno.kill(-child.pid, "SIGKILL");
  } catch {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }
}

/**
 * What an interrupted process (SIGINT/SIGTERM) must clean up before exiting: Chromium sessions
 * (a profile folder, the process once spawned) and temporary files being written.
 */
interface Session {
  profile?: string;
  child?: Deno.ChildProcess;
}
const sessions = new Set<Session>();
const tempFiles = new Set<string>();
const SIGNALS = [["SIGINT", 130], ["SIGTERM", 143]] as const;
let signalHandlers: Array<[Deno.Signal, () => void]> | undefined;
/** Set once a signal arrived: sessions then leave the cleanup (and the exit) to the handler. */
let interrupted = false;

async function onSignal(code: number): Promise<void> {
  interrupted = true;
  const all = [...sessions];
  for (const s of all) if (s.child) killChromium(s.child);
  const exits = all.flatMap((s) => (s.child ? [s.child.status] : []));
  await withDeadline(Promise.all(exits), Date.now() + 3000, "Chromium 退出").catch(() => {});
  await Promise.all([
    ...all.map((s) => (s.profile ? removeProfile(s.profile) : undefined)),
    ...[...tempFiles].map((f) => Deno.remove(f).catch(() => {})),
  ]);
  Deno.exit(code);
}

function track(s: Session): void {
  sessions.add(s);
  if (signalHandlers) return;
  signalHandlers = SIGNALS.map(([sig, code]) => [sig, () => void onSignal(code)]);
  for (const [sig, h] of signalHandlers) {
    try {
      Deno.addSignalListener(sig, h);
    } catch { /* unsupported platform */ }
  }
}

function untrack(s: Session): void {
  sessions.delete(s);
  uninstallWhenIdle();
}

function releaseTempFile(path: string): void {
  tempFiles.delete(path);
  uninstallWhenIdle();
}

function uninstallWhenIdle(): void {
  if (sessions.size || tempFiles.size || !signalHandlers || interrupted) return;
  for (const [sig, h] of signalHandlers) {
    try {
      Deno.removeSignalListener(sig, h);
    } catch { /* ignore */ }
  }
  signalHandlers = undefined;
}

/** After a signal: wait for the handler's Deno.exit instead of racing it with an error. */
const waitForExit = () => new Promise<never>(() => {});

/**
 * Launches a fresh headless Chromium, opens one about:blank page with network blocking on, runs
 * `fn` with it and always shuts Chromium down and removes its temporary profile afterwards.
 * Errors get the tail of Chromium's stderr appended.
 */
export async function withChromiumPage<T>(
  fn: (page: ChromiumPage) => Promise<T>,
  opts: ChromiumPageOptions = {},
): Promise<T> {
  const width = opts.width ?? 1280;
  const height = opts.height ?? 800;
  const limitMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + limitMs;
  const exe = opts.executable ?? findChromium();
  if (!exe) throw new Error(chromiumMissingMessage());

  // Signal handlers first, then the folder, synchronously: no moment where a Ctrl-C leaks it.
  const session: Session = {};
  track(session);
  let profile: string;
  try {
    profile = session.profile = Deno.makeTempDirSync({ prefix: "chromium-profile-" });
  } catch (e) {
    untrack(session);
    throw e;
  }
  const blockedRequests: string[] = [];
  const recordBlocked = (url: string, how: string) => {
    if (isAllowedUrl(url) || blockedRequests.includes(url)) return;
    blockedRequests.push(url);
    opts.onBlockedRequest?.(url, how);
  };
  const bound = <U>(p: Promise<U>, what: string) => withDeadline(p, deadline, what, limitMs);

  let child: Deno.ChildProcess | undefined;
  let cdp: CdpConnection | undefined;
  let stderr: ReturnType<typeof watchStderr> | undefined;
  try {
    try {
      child = new Deno.Command(exe, {
        args: [
          ...CHROMIUM_FLAGS,
          `--window-size=${width},${height}`,
          `--user-data-dir=${profile}`,
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
        detached: true, // own process group: killChromium reaches every helper process
      }).spawn();
    } catch (e) {
      throw new Error(`无法启动 Chromium（${exe}）：${(e as Error).message}。${CHROMIUM_INSTALL_COMMAND}`);
    }
    session.child = child;
    stderr = watchStderr(child.stderr);

    const wsUrl = await bound(stderr.url, "等待 Chromium 启动并给出调试地址");
    cdp = await bound(CdpConnection.connect(wsUrl), "连接 Chromium 调试地址");
    const { targetId } = await bound(cdp.send("Target.createTarget", { url: "about:blank" }), "打开页面");
    const { sessionId } = await bound(
      cdp.send("Target.attachToTarget", { targetId, flatten: true }),
      "连接页面",
    );
    const conn = cdp;
    const send = (m: string, p: Json = {}) => bound(conn.send(m, p, sessionId), `调试命令 ${m}`);

    const pageListeners: Array<(method: string, params: Json) => void> = [];
    let onLoad: (() => void) | undefined;
    conn.on((method, p, sid) => {
      if (sid !== sessionId) return;
      switch (method) {
        case "Fetch.requestPaused":
          if (isAllowedUrl(p.request.url)) {
            conn.send("Fetch.continueRequest", { requestId: p.requestId }, sessionId).catch(() => {});
          } else {
            recordBlocked(p.request.url, p.resourceType ?? "request");
            conn.send(
              "Fetch.failRequest",
              { requestId: p.requestId, errorReason: "BlockedByClient" },
              sessionId,
            )
              .catch(() => {});
          }
          break;
        case "Network.requestWillBeSent":
          recordBlocked(p.request.url, p.type ?? "request");
          break;
        case "Network.webSocketCreated":
          recordBlocked(p.url, "WebSocket");
          break;
        case "Page.loadEventFired":
          onLoad?.();
          break;
      }
      for (const l of pageListeners) l(method, p);
    });

    await send("Fetch.enable", { patterns: [{ urlPattern: "*" }] });
    await send("Network.enable");
    await send("Page.enable");
    await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });

    const evaluate = async (expression: string): Promise<Json> => {
      const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) {
        const d = r.exceptionDetails;
        throw new Error(`页面脚本出错（${expression}）：${d.exception?.description ?? d.text}`);
      }
      return r.result.value;
    };
    const page: ChromiumPage = {
      deadline,
      blockedRequests,
      send,
      bound,
      on: (f) => void pageListeners.push(f),
      evaluate,
      async goto(url: string) {
        const loaded = new Promise<void>((r) => (onLoad = r));
        const nav = await send("Page.navigate", { url });
        if (nav.errorText) throw new Error(`Chromium 打不开 ${url}：${nav.errorText}`);
        await bound(loaded, `等待页面加载完成（load 事件）：${url}`);
        onLoad = undefined;
      },
      async settle() {
        await evaluate(
          "document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))",
        );
      },
    };
    return await fn(page);
  } catch (e) {
    if (interrupted) await waitForExit();
    const tail = stderr?.tail().trim();
    if (tail && e instanceof Error) e.message += `\n--- chromium stderr (tail) ---\n${tail.slice(-2000)}`;
    throw e;
  } finally {
    if (interrupted) await waitForExit();
    if (cdp) {
      await withDeadline(cdp.send("Browser.close"), Date.now() + 2000, "Browser.close").catch(() => {});
      cdp.close();
    }
    if (child) {
      const exited = await withDeadline(child.status, Date.now() + 5000, "chromium exit").then(
        () => true,
        () => false,
      );
      // Also after a clean exit: no helper process may outlive the session.
      killChromium(child);
      if (!exited) await child.status;
    }
    if (stderr) {
      await withDeadline(stderr.done, Date.now() + 3000, "chromium stderr").catch(() => stderr!.cancel());
    }
    await removeProfile(profile);
    untrack(session);
  }
}

/** Options of {@link printToPdf}. */
export interface PrintOptions {
  /** Text printed left in every page footer (e.g. the briefing's title); HTML-escaped. */
  footer?: string;
  /** Overall deadline for launch + load + print + write (default 120 000 ms). */
  timeoutMs?: number;
}

/** What {@link printToPdf} produced. */
export interface PrintResult {
  /** Number of pages of the written PDF. */
  pages: number;
  /** Non-file URLs the page tried to load; all were blocked (a self-contained page has none). */
  blockedRequests: string[];
}

/** A4 in inches, as Page.printToPDF wants it (8.27 x 11.69 in = 595 x 842 pt). */
export const A4_INCHES = { width: 8.27, height: 11.69 } as const;
/** Default page margins in inches (used unless the page's own `@page` rule sets margins). */
const MARGIN_IN = { top: 0.6, bottom: 0.7, left: 0.6, right: 0.6 } as const;
/** Space below the footer line (Chromium puts it at the very bottom of the margin box), in inches. */
const FOOTER_LIFT_IN = 0.2;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

/**
 * Footer template of every PDF page: optional text on the left, "第 N 页 / 共 M 页" on the right,
 * 8 pt in a CJK font. Chromium fills `pageNumber` and `totalPages`; the template has no resources.
 */
export function pdfFooterTemplate(footer?: string): string {
  const font = `'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif`;
  const text = footer ? escapeHtml(footer) : "";
  return `<div style="box-sizing:border-box;width:100%;padding:0 ${MARGIN_IN.right}in ${FOOTER_LIFT_IN}in ${MARGIN_IN.left}in;` +
    `display:flex;justify-content:space-between;align-items:baseline;gap:12pt;` +
    `font-family:${font};font-size:8pt;line-height:1.2;color:#555;` +
    `-webkit-print-color-adjust:exact">` +
    `<span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${text}</span>` +
    `<span style="white-space:nowrap">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span>` +
    `</div>`;
}

/** Page count of a PDF written by Chromium (Skia): the largest /Count of a /Type /Pages node. */
export function countPdfPages(bytes: Uint8Array): number {
  const text = new TextDecoder("latin1").decode(bytes);
  let max = 0;
  for (
    const m of text.matchAll(
      /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g,
    )
  ) {
    max = Math.max(max, Number(m[1] ?? m[2]));
  }
  if (max > 0) return max;
  return [...text.matchAll(/\/Type\s*\/Page\b(?!s)/g)].length;
}

/**
 * Prints the local HTML file `htmlPath` to `pdfPath` with headless Chromium: A4 (unless the page's
 * `@page { size }` says otherwise), backgrounds printed, an empty header and a footer with the
 * optional `footer` text and "第 N 页 / 共 M 页". The page cannot make network requests (they are
 * blocked and listed in the result). The PDF is written to a temporary file next to `pdfPath` and
 * renamed over it, so a failure leaves `pdfPath` as it was (absent or the previous PDF).
 *
 * Throws (in Chinese) when Chromium is missing (see {@link findChromium}), the HTML file or the
 * target folder does not exist, or the deadline passes.
 */
export async function printToPdf(
  htmlPath: string,
  pdfPath: string,
  opts: PrintOptions = {},
): Promise<PrintResult> {
  const exe = findChromium();
  if (!exe) throw new Error(chromiumMissingMessage());
  const abs = isAbsolute(htmlPath) ? htmlPath : resolve(htmlPath);
  try {
    if (!(await Deno.stat(abs)).isFile) throw new Deno.errors.NotFound();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new Deno.errors.NotFound(`找不到要打印成 PDF 的 HTML 文件：${abs}`);
  }
  const outAbs = isAbsolute(pdfPath) ? pdfPath : resolve(pdfPath);
  const outDir = dirname(outAbs);
  try {
    if (!(await Deno.stat(outDir)).isDirectory) throw new Deno.errors.NotFound();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new Deno.errors.NotFound(`PDF 的目标文件夹不存在：${outDir}（应为已存在的文件夹）`);
  }

  const tmp = `${outAbs}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  tempFiles.add(tmp); // removed by the signal handler too
  try {
    const blocked = await withChromiumPage(async (page) => {
      await page.goto(pathToFileURL(abs).href);
      await page.settle();
      const { stream } = await page.send("Page.printToPDF", {
        paperWidth: A4_INCHES.width,
        paperHeight: A4_INCHES.height,
        marginTop: MARGIN_IN.top,
        marginBottom: MARGIN_IN.bottom,
        marginLeft: MARGIN_IN.left,
        marginRight: MARGIN_IN.right,
        preferCSSPageSize: true,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: pdfFooterTemplate(opts.footer),
        transferMode: "ReturnAsStream",
      });
      const file = await Deno.open(tmp, { write: true, createNew: true });
      try {
        while (true) {
          const r = await page.send("IO.read", { handle: stream, size: 1 << 20 });
          if (r.data) {
            const bytes = r.base64Encoded
              ? Uint8Array.from(atob(r.data), (c) => c.charCodeAt(0))
              : new TextEncoder().encode(r.data);
            let off = 0;
            while (off < bytes.length) off += await file.write(bytes.subarray(off));
          }
          if (r.eof) break;
        }
        await file.sync();
      } finally {
        file.close();
        await page.send("IO.close", { handle: stream }).catch(() => {});
      }
      return [...page.blockedRequests];
    }, { executable: exe, timeoutMs: opts.timeoutMs ?? 120_000 });

    const bytes = await Deno.readFile(tmp);
    if (new TextDecoder().decode(bytes.subarray(0, 5)) !== "%PDF-") {
      throw new Error(`Chromium 生成的 ${pdfPath} 不是 PDF 文件（应以 %PDF- 开头）`);
    }
    const pages = countPdfPages(bytes);
    if (pages < 1) throw new Error(`Chromium 生成的 ${pdfPath} 没有页面（应至少 1 页）`);
    await Deno.rename(tmp, outAbs);
    releaseTempFile(tmp);
    return { pages, blockedRequests: blocked };
  } catch (e) {
    if (interrupted) await waitForExit();
    await Deno.remove(tmp).catch(() => {});
    releaseTempFile(tmp);
    throw e;
  }
}
