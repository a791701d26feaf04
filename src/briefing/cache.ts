/**
 * Input fingerprints and the stage cache of the briefing build. Every input file is hashed
 * (SHA-256); a stage's result is kept as JSON under a key made of the stage's name, the hashes of
 * exactly the files it reads and the configuration, so a changed input recomputes only the
 * stages — and, for the per-county parts, only the counties — that read it.
 *
 * @example
 * ```ts
 * const inputs = await hashInputs("data/demo");
 * const cache = new StageCache("reports/demo/.cache", prev);
 * const part = await cache.get(stageKey("balance-county", [inputs.files["900101/DLTB_2024.shp"]], cfg), () => run());
 * ```
 * @module
 */
import { sha256File } from "../io/report_dir.ts";

/** One input file: path relative to its root, size and SHA-256. */
export interface InputFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Every file under `root` (recursively, sorted by path, "/"-separated), with its hash. */
export async function hashInputs(root: string, prefix = ""): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const walk = async (dir: string, rel: string) => {
    const names: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(dir)) names.push(e);
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of names) {
      const p = `${dir}/${e.name}`, r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(p, r);
      else if (e.isFile) {
        out.push({ path: prefix + r, bytes: (await Deno.stat(p)).size, sha256: await sha256File(p) });
      }
    }
  };
  await walk(root.replace(/[\\/]+$/, ""), "");
  return out;
}

/** SHA-256 of a text as hex. */
export async function sha256Text(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** JSON with object keys sorted, so that equal values give equal text whatever their insertion order. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
      : x);
}

/** The key of a stage result: its name, the hashes of the files it reads, and its configuration. */
export function stageKey(stage: string, files: readonly InputFile[], config: unknown): Promise<string> {
  return sha256Text(stableJson({ stage, files: files.map((f) => [f.path, f.sha256]), config }));
}

/**
 * Stage results kept as JSON files named by key. Reads from the previous build's cache folder
 * and records what this build used, so the build can write exactly those entries into its output
 * (stale entries go away with the old folder).
 */
export class StageCache {
  readonly hits: string[] = [];
  readonly misses: string[] = [];
  readonly entries = new Map<string, string>();
  constructor(private readonly from: string | null) {}

  /** The cached value of `key`, or `compute()` stored under it. */
  async get<T>(key: string, label: string, compute: () => Promise<T>): Promise<T> {
    if (this.from) {
      try {
        const text = await Deno.readTextFile(`${this.from}/${key}.json`);
        this.entries.set(key, text);
        this.hits.push(label);
        return JSON.parse(text) as T;
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound) && !(e instanceof SyntaxError)) throw e;
      }
    }
    const value = await compute();
    this.entries.set(key, JSON.stringify(value));
    this.misses.push(label);
    return value;
  }
}
