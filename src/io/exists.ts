/**
 * Whether a path exists (file or folder); other errors than "not found" (permissions) are thrown.
 *
 * @example
 * ```ts
 * if (await exists(`${dir}/targets.csv`)) …
 * ```
 * @module
 */

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
