/**
 * Notebook execution: runs a .ipynb headless on Deno's Jupyter kernel with Jupyter's own
 * executor (Debian's python3-nbclient, driven by src/notebook/nbexec.py under /usr/bin/python3),
 * optionally with parameters injected after its `parameters` cell (see parameters.ts). The tests
 * and `deno task cli notebook run` share it.
 *
 *   const r = await runNotebook("notebooks/01_load_and_query.ipynb", { timeoutSec: 120 });
 *   assertNotebookOk(r); // throws with the failing cell's source and traceback
 *
 * - The kernelspec is installed into <repo>/.jupyter/ (gitignored) with `deno jupyter --install`
 *   and its argv[0] rewritten to Deno.execPath(), i.e. the very deno binary running the tests
 *   (under `npx deno@x.y.z` that is the npx cache's binary). Nothing is written to ~/.local.
 * - The kernel runs with the repo root as working directory, so it picks up <repo>/deno.json
 *   (import map, nodeModulesDir) and relative paths like "data/..." resolve from the repo root.
 * - The executed copy is written to a fresh temp dir; the committed notebook is never modified.
 */
import { isAbsolute, join, resolve } from "node:path";
import { ensureDenoKernel, jupyterEnv, KERNEL_NAME, REPO_ROOT } from "./kernel.ts";
import { injectParameters } from "./parameters.ts";
/** Debian's interpreter; the default `python3` on PATH may be a pyenv shim without nbclient. */
export const SYSTEM_PYTHON = "/usr/bin/python3";
const NBEXEC_PY = join(REPO_ROOT, "src", "notebook", "nbexec.py");

export interface NotebookOutput {
  output_type: "stream" | "execute_result" | "display_data" | "error" | string;
  name?: string; // stream: stdout | stderr
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  execution_count?: number | null;
  [k: string]: unknown;
}

export interface CellResult {
  /** Index among all cells of the notebook (markdown cells included). */
  index: number;
  cellType: string;
  source: string;
  executionCount: number | null;
  /** Raw nbformat outputs of the executed cell. */
  outputs: NotebookOutput[];
  /** Convenience: stdout/stderr text plus the text/plain of results and displays, joined. */
  text: string;
}

export interface NotebookRunOptions {
  /** Per-cell timeout in seconds (default 120). */
  timeoutSec?: number;
  /** Kernel startup timeout in seconds (default 120). */
  startupTimeoutSec?: number;
  /** Whole-notebook timeout in seconds (default: max(600, 4 * timeoutSec * code cells)). */
  totalTimeoutSec?: number;
  /** Keep the temp dir with the executed copy even on success (default false; kept on failure). */
  keepExecuted?: boolean;
  /** Parameters injected after the `parameters` cell (name → value as typed on the command line). */
  params?: Record<string, string>;
  /** Seconds IOPub may stay quiet after the kernel said idle before a cell counts as finished (default 0.25; 0 = stock nbclient). */
  iopubGraceSec?: number;
}

export interface NotebookResult {
  ok: boolean;
  /** One human-readable entry per problem: failing cell (index, source, traceback) or run error. */
  errors: string[];
  /** Code cells of the executed copy, in order (cells after a failing one have no outputs). */
  outputs: CellResult[];
  /** Path of the executed copy (deleted on success unless keepExecuted). */
  executedPath: string;
  /** nbexec status: ok | cell_error | cell_timeout | dead_kernel | total_timeout | error */
  status: string;
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -\/]*[@-~]/g;
const stripAnsi = (s: string) => s.replace(ANSI, "");
const joinText = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : t ?? "");

function describeCellError(cell: CellResult, err: NotebookOutput): string {
  const tb = (err.traceback ?? []).map(stripAnsi).join("\n");
  return [
    `Cell ${cell.index} (execution_count ${cell.executionCount ?? "-"}) raised ${err.ename}: ${
      stripAnsi(err.evalue ?? "")
    }`,
    "--- cell source ---",
    cell.source,
    "--- traceback ---",
    tb || `${err.ename}: ${err.evalue}`,
  ].join("\n");
}

/** Executes `path` (relative to cwd or absolute) on a fresh Deno kernel; never modifies it. */
export async function runNotebook(path: string, opts: NotebookRunOptions = {}): Promise<NotebookResult> {
  const input = isAbsolute(path) ? path : resolve(path);
  const base = input.split("/").pop()!.replace(/\.ipynb$/, "");
  const nbJson = injectParameters(JSON.parse(await Deno.readTextFile(input)), opts.params ?? {}, `${base}.ipynb`);
  const codeCells = (nbJson.cells ?? []).filter((c: { cell_type: string }) => c.cell_type === "code").length;
  const cellTimeout = opts.timeoutSec ?? 120;
  const startupTimeout = opts.startupTimeoutSec ?? 120;
  const totalTimeout = opts.totalTimeoutSec ?? Math.max(600, 4 * cellTimeout * Math.max(1, codeCells));

  try {
    await Deno.stat(SYSTEM_PYTHON);
  } catch {
    throw new Error(`${SYSTEM_PYTHON} not found: run bash tools/setup-debian.sh (python3-nbclient)`);
  }
  await ensureDenoKernel();

  const tmpDir = await Deno.makeTempDir({ prefix: "nbrun-" });
  const source = opts.params && Object.keys(opts.params).length ? join(tmpDir, `${base}.ipynb`) : input;
  if (source !== input) await Deno.writeTextFile(source, JSON.stringify(nbJson, null, 1));
  const executedPath = join(tmpDir, `${base}.executed.ipynb`);
  const resultPath = join(tmpDir, "result.json");

  const child = new Deno.Command(SYSTEM_PYTHON, {
    args: [
      "-I", /* isolated: ignore PYTHON* env and user site */
      NBEXEC_PY,
      source,
      executedPath,
      resultPath,
      "--kernel",
      KERNEL_NAME,
      "--cwd",
      REPO_ROOT,
      "--cell-timeout",
      String(cellTimeout),
      "--startup-timeout",
      String(startupTimeout),
      "--total-timeout",
      String(totalTimeout),
      "--iopub-grace",
      String(opts.iopubGraceSec ?? 0.25),
    ],
    env: jupyterEnv(),
    cwd: REPO_ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  // Last-resort guard in case nbexec.py itself hangs: SIGTERM (nbclient shuts the kernel down),
  // then SIGKILL, then kill the kernel by the pid nbexec.py recorded.
  let killedByGuard = false;
  const guard = setTimeout(() => {
    killedByGuard = true;
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, 10_000);
  }, (totalTimeout + startupTimeout + 60) * 1000);
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]).finally(() => clearTimeout(guard));

  let run: { status: string; message: string; cell_index: number | null; kernel_pid: number | null } = {
    status: "error",
    message: "",
    cell_index: null,
    kernel_pid: null,
  };
  try {
    run = JSON.parse(await Deno.readTextFile(resultPath));
  } catch { /* nbexec died before writing its result */ }
  if (killedByGuard && run.kernel_pid) {
    try {
      Deno.kill(run.kernel_pid, "SIGKILL");
    } catch { /* gone */ }
  }

  const outputs: CellResult[] = [];
  let executed: { cells: Array<Record<string, unknown>> } | undefined;
  try {
    executed = JSON.parse(await Deno.readTextFile(executedPath));
  } catch { /* not written */ }
  (executed?.cells ?? []).forEach((c, index) => {
    if (c.cell_type !== "code") return;
    const outs = (c.outputs as NotebookOutput[]) ?? [];
    const text = outs.map((o) => {
      if (o.output_type === "stream") return joinText(o.text);
      if (o.data && "text/plain" in o.data) return joinText(o.data["text/plain"] as string | string[]);
      return "";
    }).join("");
    outputs.push({
      index,
      cellType: String(c.cell_type),
      source: joinText(c.source as string | string[]),
      executionCount: (c.execution_count as number | null) ?? null,
      outputs: outs,
      text,
    });
  });

  const errors: string[] = [];
  for (const cell of outputs) {
    for (const o of cell.outputs) if (o.output_type === "error") errors.push(describeCellError(cell, o));
  }
  if (run.status !== "ok" && errors.length === 0) {
    // Timeout, dead kernel, startup failure...: report the cell being executed, if any.
    const cell = run.cell_index != null ? outputs.find((c) => c.index === run.cell_index) : undefined;
    errors.push(
      [
        `Notebook run failed (${run.status}${
          killedByGuard ? ", killed by harness guard" : ""
        }, exit ${status.code})` +
        (cell ? ` in cell ${cell.index}` : ""),
        ...(cell ? ["--- cell source ---", cell.source] : []),
        "--- message ---",
        stripAnsi(run.message || "(none)"),
        ...(stderr.trim() ? ["--- nbexec stderr (tail) ---", stripAnsi(stderr).slice(-4000)] : []),
      ].join("\n"),
    );
  } else if (run.status === "ok" && !status.success) {
    errors.push(`nbexec exited ${status.code} although it reported ok:\n${stdout}\n${stderr}`);
  }

  const ok = errors.length === 0 && run.status === "ok";
  if (ok && !opts.keepExecuted) {
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
  } else if (!ok) {
    errors.push(`(executed copy kept at ${executedPath})`);
  }
  return { ok, errors, outputs, executedPath, status: run.status };
}

/** Throws an Error listing every failing cell (source + traceback) unless the run was ok. */
export function assertNotebookOk(result: NotebookResult, name = "notebook"): void {
  if (!result.ok) throw new Error(`${name} failed:\n\n${result.errors.join("\n\n")}`);
}
