/**
 * Writing a file so that a reader never sees it half-written: bytes to a temporary sibling, then
 * a rename over the target (atomic on one file system).
 *
 * @example
 * ```ts
 * await writeFileAtomic("reports/x/summary.xlsx", bytes);
 * ```
 * @module
 */

let tmpCounter = 0;

/**
 * Writes bytes to `path` through a temporary sibling file and a rename (atomic on one file
 * system). The temporary file is removed when the write fails.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${Deno.pid}-${tmpCounter++}`;
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
  } catch (e) {
    try {
      await Deno.remove(tmp);
    } catch { /* nothing to clean */ }
    throw new Error(`写出文件“${path}”失败：${(e as Error).message}`);
  }
}
