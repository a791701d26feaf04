/**
 * Shared parts of the fresh-process benchmarks (screen_bench.ts, province_bench.ts): a command run
 * as a child of a small Python wrapper that reports its wall time and peak RSS
 * (getrusage(RUSAGE_CHILDREN).ru_maxrss: the child's own high-water mark, the wrapper excluded),
 * medians, and the benchmark data (a demo county or province, generated when missing).
 *
 * @example
 * ```ts
 * const r = await timed(cli("screen", "--data", dir, "--out", out), "screen --data");
 * console.log(r.wallS, r.peakMiB);
 * ```
 * @module
 */
import { generateDemo } from "../src/demo/generate.ts";
import { DEFAULT_SEED, type DemoManifest, type DemoShape, GENERATOR_VERSION } from "../src/demo/types.ts";
import { PYTHON } from "../tools/peer/commands.ts";
import { CLI_V8_FLAGS } from "../src/threads/gc.ts";

export { PYTHON };

/** Our CLI entry point. */
export const MAIN: string = new URL("../src/cli/main.ts", import.meta.url).pathname;

/** argv of our CLI with `args` (a fresh Deno process, no type check). */
export const cli = (...args: string[]): string[] => [Deno.execPath(), "run", "-q", "-A", CLI_V8_FLAGS, MAIN, ...args];

const WRAPPER = `
import json, resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
print(json.dumps({"code": r.returncode, "wall_s": wall,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": r.stderr.decode("utf-8", "replace")[-3000:]}))
`;

/** One fresh-process run: wall seconds and peak RSS (MiB). */
export interface Run {
  wallS: number;
  peakMiB: number;
}

/** Runs `argv` in a fresh process; throws with the end of its stderr when it exits non-zero. */
export async function timed(argv: string[], what: string): Promise<Run> {
  const r = await new Deno.Command(PYTHON, {
    args: ["-c", WRAPPER, ...argv],
    stdout: "piped",
    stderr: "inherit",
  })
    .output();
  if (!r.success) throw new Error(`${what}: the measuring wrapper failed`);
  const m = JSON.parse(new TextDecoder().decode(r.stdout).trim().split("\n").pop()!);
  if (m.code !== 0) throw new Error(`${what} exited with ${m.code}:\n${m.stderr}`);
  return { wallS: m.wall_s, peakMiB: m.maxrss_kib / 1024 };
}

/** The median (mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** Median wall time and the largest peak RSS of several runs. */
export const summarise = (runs: Run[]): Run => ({
  wallS: median(runs.map((r) => r.wallS)),
  peakMiB: Math.max(...runs.map((r) => r.peakMiB)),
});

/** Seconds with one decimal below 100 s ("3.9 s"), else none. */
export const secs = (s: number): string => `${s < 100 ? s.toFixed(s < 10 ? 2 : 1) : s.toFixed(0)} s`;

/** Parses `--shape` (one shape or a comma-separated list). */
export function shapesArg(v: unknown): DemoShape[] {
  const shapes = String(v ?? "grid").split(",").map((s) => s.trim()).filter(Boolean);
  for (const s of shapes) {
    if (s !== "grid" && s !== "voronoi") throw new Error(`--shape 只能是 grid 或 voronoi，收到 ${s}`);
  }
  if (!shapes.length) throw new Error("--shape 为空");
  return shapes as DemoShape[];
}

/** What benchmark data to use: one county (no `counties`) or a province of `counties` counties. */
export interface BenchData {
  out: string;
  parcels: number;
  shape: DemoShape;
  counties?: number;
  years?: number[];
}

/**
 * The demo data in `out`: kept when its manifest matches (generator version, seed, parcels,
 * counties, years, shape), generated when there is none; a folder of other data is an error
 * (nothing is overwritten).
 */
export async function ensureData(d: BenchData): Promise<DemoManifest> {
  let m: DemoManifest | undefined;
  try {
    m = JSON.parse(await Deno.readTextFile(`${d.out}/manifest.json`));
  } catch { /* none: generate */ }
  if (m) {
    const p = m.parameters;
    const want = {
      version: GENERATOR_VERSION,
      seed: DEFAULT_SEED,
      mode: d.counties === undefined ? "benchmark" : "province",
      parcelsRequested: d.parcels,
      counties: d.counties,
      years: d.counties === undefined ? undefined : (d.years ?? []).join(","),
      shape: d.shape,
    };
    const have = {
      version: m.version,
      seed: m.seed,
      mode: p.mode,
      parcelsRequested: p.parcelsRequested,
      counties: p.counties,
      years: d.counties === undefined ? undefined : (p.years as number[]).join(","),
      shape: p.shape ?? "grid",
    };
    const diff = (Object.keys(want) as (keyof typeof want)[]).filter((k) => want[k] !== have[k]);
    if (!diff.length) return m;
    throw new Error(
      `${d.out} 中已有其他示例数据 / holds other demo data (${
        diff.map((k) => `${k}: ${have[k]}, want ${want[k]}`).join("; ")
      }): 请删除或换用 --out / remove it or choose another --out`,
    );
  }
  const t = performance.now();
  m = await generateDemo({
    out: d.out,
    counties: d.counties === undefined ? { parcels: d.parcels } : { parcels: d.parcels, count: d.counties },
    shape: d.shape,
    ...(d.counties === undefined ? {} : { years: d.years }),
  });
  const what = d.counties === undefined
    ? `${d.parcels} 图斑示例县 county`
    : `${d.counties} × ${d.parcels} 示例省 province`;
  console.log(
    `生成 generated ${what} (${d.shape}) → ${d.out}: ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  return m;
}

/** The one DLTB of a benchmark county's manifest (relative path → path under `out`). */
export function countyDltb(out: string, m: DemoManifest): { dltb: string; constraints: string } {
  const rel = m.files.map((f) => f.path).find((p) => /DLTB_\d{4}\.shp$/.test(p));
  if (!rel) throw new Error(`${out}/manifest.json 中没有 DLTB / no DLTB in the manifest`);
  const dltb = `${out}/${rel}`;
  return { dltb, constraints: `${dltb.slice(0, dltb.lastIndexOf("/"))}/constraints` };
}

/** Bytes of the files of one Shapefile (.shp, .shx, .dbf, …) next to `shp`. */
export function shapefileBytes(shp: string): number {
  const dir = shp.slice(0, shp.lastIndexOf("/")), stem = shp.slice(dir.length + 1, -4);
  let n = 0;
  for (const e of Deno.readDirSync(dir)) {
    if (e.isFile && e.name.startsWith(stem + ".")) n += Deno.statSync(`${dir}/${e.name}`).size;
  }
  return n;
}
