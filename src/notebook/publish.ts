/**
 * A scheduled notebook run: execute a notebook with parameters on Deno's kernel and publish the
 * executed copy (.ipynb) and its HTML export (Jupyter's nbconvert) into an output folder. Nothing
 * is written to the folder unless the run and the export both succeeded; each file appears whole
 * (written beside, then renamed), and files of other notebooks in the folder are left alone.
 *
 * @example
 * ```ts
 * const r = await publishNotebook("03_screening", { params: { year: "2023" }, outDir: "reports/nb" });
 * r.files; // ["reports/nb/03_screening.ipynb", "reports/nb/03_screening.html"]
 * ```
 */
import { basename, join, resolve } from "node:path";
import { runNotebook } from "./execute.ts";
import { jupyterEnv, REPO_ROOT } from "./kernel.ts";

/** Debian's nbconvert (package jupyter-nbconvert). */
export const NBCONVERT = "/usr/bin/jupyter-nbconvert";

/** Options of {@link publishNotebook}. */
export interface PublishOptions {
  params?: Record<string, string>;
  outDir: string;
  /** Per-cell timeout in seconds (default 600). */
  timeoutSec?: number;
}

/** What a run published. */
export interface PublishResult {
  files: string[];
  seconds: number;
}

/** The notebook file a name refers to: a path to an .ipynb, or a name in notebooks/ (with or without .ipynb). */
export async function resolveNotebook(name: string): Promise<string> {
  const candidates = name.endsWith(".ipynb")
    ? [resolve(name), join(REPO_ROOT, "notebooks", basename(name))]
    : [join(REPO_ROOT, "notebooks", `${name}.ipynb`), resolve(`${name}.ipynb`)];
  for (const c of candidates) {
    try {
      if ((await Deno.stat(c)).isFile) return c;
    } catch { /* next */ }
  }
  const known = [...Deno.readDirSync(join(REPO_ROOT, "notebooks"))]
    .filter((e) => e.name.endsWith(".ipynb"))
    .map((e) => e.name.replace(/\.ipynb$/, ""))
    .sort();
  throw new Error(`找不到笔记本“${name}”；notebooks/ 中有：${known.join("、")}`);
}

async function nbconvertHtml(executed: string, outDir: string): Promise<string> {
  const out = await new Deno.Command(NBCONVERT, {
    args: ["--to", "html", "--output-dir", outDir, executed],
    env: jupyterEnv(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output().catch((e) => {
    throw new Error(`无法运行 ${NBCONVERT}（${(e as Error).message}）：请先运行 bash tools/setup-debian.sh jupyter-nbconvert`);
  });
  if (!out.success) {
    throw new Error(`nbconvert 导出 HTML 失败：\n${new TextDecoder().decode(out.stderr).slice(-2000)}`);
  }
  return join(outDir, basename(executed).replace(/\.ipynb$/, ".html"));
}

/** Executes and publishes; throws (Chinese, with the failing cell) and writes nothing when a cell fails. */
export async function publishNotebook(name: string, opts: PublishOptions): Promise<PublishResult> {
  const path = await resolveNotebook(name);
  const stem = basename(path).replace(/\.ipynb$/, "");
  const started = performance.now();
  const run = await runNotebook(path, { params: opts.params, timeoutSec: opts.timeoutSec ?? 600, keepExecuted: true });
  if (!run.ok) {
    // First line: what failed (the CLI prints it after 错误：); then the cell, its traceback and where the executed copy is.
    throw new Error(`笔记本 ${stem} 执行失败：${run.errors[0]?.split("\n")[0] ?? run.status}\n\n${run.errors.join("\n\n")}`);
  }
  const work = run.executedPath.slice(0, run.executedPath.lastIndexOf("/"));
  try {
    const executed = join(work, `${stem}.ipynb`);
    await Deno.rename(run.executedPath, executed);
    const html = await nbconvertHtml(executed, work);
    await Deno.mkdir(opts.outDir, { recursive: true });
    const staged = [executed, html].map((src) => {
      const dest = join(opts.outDir, basename(src));
      return { src, dest, tmp: `${dest}.tmp-${crypto.randomUUID().slice(0, 8)}` };
    });
    try {
      for (const f of staged) await Deno.copyFile(f.src, f.tmp);
    } catch (e) {
      for (const f of staged) await Deno.remove(f.tmp).catch(() => {});
      throw e;
    }
    for (const f of staged) await Deno.rename(f.tmp, f.dest);
    return { files: staged.map((f) => f.dest), seconds: (performance.now() - started) / 1000 };
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}
