/**
 * The software version a briefing was built with: the git commit when the workspace is a git
 * checkout (and whether it had uncommitted changes), the Deno version, and a hash of the source
 * files, so that a code change rebuilds the briefing even where git is absent (an archive).
 *
 * @example
 * ```ts
 * (await codeVersion()).commit; // "0a1c3b5…" or null
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { sha256Text } from "./cache.ts";

/** What the manifest records about the software. */
export interface CodeVersion {
  commit: string | null;
  dirty: boolean | null;
  deno: string;
  /** SHA-256 over the paths and contents of src/**\/*.ts and data/config, data/reference. */
  hash: string;
  /** SHA-256 of each folder of src/ (and of the briefing's gathering code, key "briefing/gather"). */
  folders: Record<string, string>;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function files(dir: string, out: string[]): Promise<void> {
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    if (e.isDirectory) await files(`${dir}/${e.name}`, out);
    else if (e.isFile) out.push(`${dir}/${e.name}`);
  }
}

async function git(args: string[]): Promise<string | null> {
  try {
    const r = await new Deno.Command("git", { args: ["-C", ROOT, ...args], stdout: "piped", stderr: "null" }).output();
    return r.success ? new TextDecoder().decode(r.stdout).trim() : null;
  } catch {
    return null;
  }
}

/** The version of this checkout. */
export async function codeVersion(): Promise<CodeVersion> {
  const list: string[] = [];
  for (const d of ["src", "data/config", "data/reference"]) await files(`${ROOT}${d}`, list);
  const parts: string[] = [];
  for (const f of list) parts.push(f.slice(ROOT.length), await Deno.readTextFile(f));
  const folders: Record<string, string> = {};
  const bucket = new Map<string, string[]>();
  for (let i = 0; i < parts.length; i += 2) {
    const m = parts[i].match(/^src\/([^/]+)\//);
    if (!m) continue;
    const key = /^src\/briefing\/(facts|gather)\.ts$/.test(parts[i]) ? "briefing/gather" : m[1];
    bucket.set(key, [...(bucket.get(key) ?? []), parts[i], parts[i + 1]]);
  }
  for (const [k, v] of [...bucket].sort(([a], [b]) => a.localeCompare(b))) folders[k] = await sha256Text(v.join("\u0000"));
  const commit = await git(["rev-parse", "HEAD"]);
  const status = commit ? await git(["status", "--porcelain", "--", "src", "data/config", "data/reference"]) : null;
  return {
    commit,
    dirty: status === null ? null : status.length > 0,
    deno: Deno.version.deno,
    hash: await sha256Text(parts.join("\u0000")),
    folders,
  };
}
