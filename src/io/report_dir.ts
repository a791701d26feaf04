/**
 * Writes a report folder atomically: every file goes into a fresh sibling folder, which
 * replaces the old report only when all files are written. A failure leaves the previous
 * report as it was and no half-written one. {@link assertReplaceable} refuses a folder that holds
 * something else, so a mistyped `--out` cannot wipe unrelated data.
 *
 * @example
 * ```ts
 * await writeReportDir("reports/demo", { "summary.html": html, "summary.csv": csv });
 * ```
 */
import { acquireLock } from "./lock.ts";

/** File name → content (text or bytes), or a function that writes into the staging folder. */
export type ReportFiles = Record<string, string | Uint8Array | ((path: string) => Promise<void>)>;

/** Writes all files, then swaps the folder into place, holding the folder's lock (one writer at a time). */
export async function writeReportDir(dir: string, files: ReportFiles): Promise<void> {
  const clean = dir.replace(/[\\/]+$/, "");
  const release = await acquireLock(clean);
  try {
    await swapIn(clean, files);
  } finally {
    await release();
  }
}

async function swapIn(clean: string, files: ReportFiles): Promise<void> {
  const staging = `${clean}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  const old = `${clean}.old-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(staging, { recursive: true });
  try {
    for (const [name, content] of Object.entries(files)) {
      const path = `${staging}/${name}`;
      const sub = path.slice(0, path.lastIndexOf("/"));
      await Deno.mkdir(sub, { recursive: true });
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else if (content instanceof Uint8Array) await Deno.writeFile(path, content);
      else await content(path);
    }
  } catch (e) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw e;
  }
  let hadOld = false;
  try {
    await Deno.rename(clean, old);
    hadOld = true;
  } catch { /* no previous report */ }
  await Deno.rename(staging, clean);
  if (hadOld) await Deno.remove(old, { recursive: true });
}

/** SHA-256 of a file as hex, for the report's input fingerprints. */
export async function sha256File(path: string): Promise<string> {
  const bytes = await Deno.readFile(path);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Throws (Chinese) when `dir` holds other content than an earlier output marked by `marker`.
 *
 * @example
 * ```ts
 * await assertReplaceable("out/核实任务", "任务总表.xlsx");
 * ```
 */
export async function assertReplaceable(
  dir: string,
  marker: string,
  kind: string = "核实输出",
): Promise<void> {
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw new Error(`无法检查输出文件夹“${dir}”：${(e as Error).message}`);
  }
  if (!stat.isDirectory) throw new Error(`输出位置“${dir}”已存在且不是文件夹`);
  let empty = true;
  for await (const _ of Deno.readDir(dir)) {
    empty = false;
    break;
  }
  if (empty) return;
  const ours = await Deno.stat(`${dir.replace(/[\\/]+$/, "")}/${marker}`).then((s) => s.isFile, () => false);
  if (!ours) {
    throw new Error(
      `输出文件夹“${dir}”已存在且不是${kind}（缺少 ${marker}），为免误删，请换一个文件夹或先清空它`,
    );
  }
}
