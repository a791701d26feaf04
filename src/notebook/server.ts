/**
 * A Jupyter notebook server from Debian's packages (`jupyter-notebook`), with the workspace's Deno
 * kernel installed in the project-local Jupyter path: what `deno task notebook` starts for an
 * analyst, and what the tests start to drive a notebook over the REST and kernel-websocket APIs as
 * a browser would.
 *
 * @example
 * ```ts
 * const s = await startNotebookServer({ port: 8890, token: "secret" });
 * await fetch(`${s.url}api/kernelspecs?token=secret`);
 * await s.stop();
 * ```
 * @module
 */
import { ensureDenoKernel, jupyterEnv, REPO_ROOT } from "./kernel.ts";

/** Debian's notebook server. */
export const JUPYTER_NOTEBOOK = "/usr/bin/jupyter-notebook";

/** Options of {@link startNotebookServer}. */
export interface NotebookServerOptions {
  port?: number;
  /** Access token (default: a random one, printed in the URL). */
  token?: string;
  /** Folder the server shows (default `<repo>/notebooks`). */
  notebookDir?: string;
  /** Output of the server: "inherit" for an analyst's terminal, "null" for tests (default). */
  stdio?: "inherit" | "null";
  /** How long to wait for the server to answer, ms (default 60 000). */
  timeoutMs?: number;
}

/** A running server. */
export interface NotebookServer {
  /** Base URL, ending in "/". */
  url: string;
  token: string;
  process: Deno.ChildProcess;
  /** Stops the server (and its kernels) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts the server and resolves once its REST API answers. Throws (Chinese) when Jupyter is missing or never answers. */
export async function startNotebookServer(o: NotebookServerOptions = {}): Promise<NotebookServer> {
  try {
    await Deno.stat(JUPYTER_NOTEBOOK);
  } catch {
    throw new Error(
      `未找到 ${JUPYTER_NOTEBOOK}：请安装 Debian 的 Jupyter 笔记本服务器（apt-get install jupyter-notebook，或 bash tools/setup-debian.sh jupyter-notebook）`,
    );
  }
  await ensureDenoKernel();
  const port = o.port ?? 8888;
  const token = o.token ?? crypto.randomUUID().replaceAll("-", "");
  const process = new Deno.Command(JUPYTER_NOTEBOOK, {
    args: [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${o.notebookDir ?? `${REPO_ROOT}/notebooks`}`,
      "--NotebookApp.open_browser=False",
      // Jupyter refuses root without it; CI and many office servers run as root.
      ...(Deno.uid() === 0 ? ["--allow-root"] : []),
    ],
    env: jupyterEnv(),
    cwd: REPO_ROOT,
    stdin: "null",
    stdout: o.stdio ?? "null",
    stderr: o.stdio ?? "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    try {
      process.kill("SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => {
      try {
        process.kill("SIGKILL");
      } catch { /* gone */ }
    }, 10_000);
    await process.status;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  let exited = false;
  process.status.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Jupyter 笔记本服务器启动后立即退出（端口 ${port} 可能已被占用）`);
    try {
      const r = await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } });
      await r.body?.cancel();
      if (r.ok) return { url, token, process, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`Jupyter 笔记本服务器在 ${(o.timeoutMs ?? 60_000) / 1000} 秒内没有响应（${url}）`);
}
