/**
 * Writes a report folder atomically: every file goes into a fresh sibling folder, which
 * replaces the old report only when all files are written. A failure leaves the previous
 * report as it was and no half-written one.
 *
 * @example
 * ```ts
 * await writeReportDir("reports/demo", { "summary.html": html, "summary.csv": csv });
 * ```
 */

/** File name → content (text or bytes), or a function that writes into the staging folder. */
export type ReportFiles = Record<string, string | Uint8Array | ((path: string) => Promise<void>)>;

/** Writes all files, then swaps the folder into place. */
export async function writeReportDir(dir: string, files: ReportFiles): Promise<void> {
  const clean = dir.replace(/[\\/]+$/, "");
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
