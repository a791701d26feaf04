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
 * const title = await withChromiumPage(async (page) => {
 *   await page.goto("file:///tmp/x.html");
 *   return await page.evaluate("document.title");
 * });
 * ```
 * @module
 */

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

/** Live Chromium processes and profiles, killed/removed on SIGINT/SIGTERM before exiting. */
const live = new Set<{ child: Deno.ChildProcess; profile: string }>();
const SIGNALS = [["SIGINT", 130], ["SIGTERM", 143]] as const;
let signalHandlers: Array<[Deno.Signal, () => void]> | undefined;

function trackLive(entry: { child: Deno.ChildProcess; profile: string }) {
  live.add(entry);
  if (signalHandlers) return;
  signalHandlers = SIGNALS.map(([sig, code]) => [sig, () => {
    for (const e of live) {
      try {
        e.child.kill("SIGKILL");
      } catch { /* gone */ }
      try {
        Deno.removeSync(e.profile, { recursive: true });
      } catch { /* ignore */ }
    }
    Deno.exit(code);
  }]);
  for (const [sig, h] of signalHandlers) {
    try {
      Deno.addSignalListener(sig, h);
    } catch { /* unsupported platform */ }
  }
}

function untrackLive(entry: { child: Deno.ChildProcess; profile: string }) {
  live.delete(entry);
  if (live.size || !signalHandlers) return;
  for (const [sig, h] of signalHandlers) {
    try {
      Deno.removeSignalListener(sig, h);
    } catch { /* ignore */ }
  }
  signalHandlers = undefined;
}

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

  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  const blockedRequests: string[] = [];
  const recordBlocked = (url: string, how: string) => {
    if (isAllowedUrl(url) || blockedRequests.includes(url)) return;
    blockedRequests.push(url);
    opts.onBlockedRequest?.(url, how);
  };
  const bound = <U>(p: Promise<U>, what: string) => withDeadline(p, deadline, what, limitMs);

  let child: Deno.ChildProcess | undefined;
  let entry: { child: Deno.ChildProcess; profile: string } | undefined;
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
      }).spawn();
    } catch (e) {
      throw new Error(`无法启动 Chromium（${exe}）：${(e as Error).message}。${CHROMIUM_INSTALL_COMMAND}`);
    }
    entry = { child, profile };
    trackLive(entry);
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
    if (entry) untrackLive(entry);
  }
}
