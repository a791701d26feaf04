/**
 * Importing a module when it is needed, by a specifier Deno does not see in advance. Deno reads
 * (and prepares) every module a literal `import("…")` names before the program starts, whether
 * or not that line ever runs: the CLI's subcommands, DuckDB's two engines, the rarer file formats.
 * Passing the URL through this function leaves them unread until they are used; the type
 * argument `typeof import("…")` keeps them type-checked.
 *
 * @example
 * ```ts
 * const { openNativeEngine } = await lazyImport<typeof import("../db/native.ts")>(new URL("../db/native.ts", import.meta.url));
 * ```
 * @module
 */

/** The module at `url`, imported now. */
export function lazyImport<M>(url: URL): Promise<M> {
  return import(url.href);
}
