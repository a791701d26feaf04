/**
 * The screening of a whole province. By default one county at a time per two cores: on this
 * thread, each county reading its geometry on one kept second thread ({@link ShpThread}), which
 * reads the next county's .shp while this one is screened, and a full garbage collection between
 * counties. Memory is then about one county's, not the province's. With `workers: N > 1`, N
 * counties at once, each on its own Worker (faster, about N counties' memory). Measured on 2
 * cores, 8 counties of 50,000 parcels (`bench/province_bench.ts`): one at a time 7.4 s and
 * 282 MiB, 0.51 × 8 × one county alone (1.81 s, 207 MiB); two Workers 7.0 s and 375 MiB.
 *
 * Each county writes its outputs (CSV, GeoJSON, XLSX and Parquet) and only a small summary comes
 * back; the province's tables are merged from the counties' Parquet through DuckDB. All or
 * nothing: the counties are written in a work folder and swapped into `out` together with the
 * merged tables; an error in any county stops the run before anything is written.
 *
 * @example
 * ```ts
 * const r = await screenProvince({ dataDir: "data/demo", out: "reports/screen", params: screenParams({}) });
 * r.rows.at(-1); // the province's total
 * ```
 * @module
 */
import { missingLayer, readCountyFolders } from "../ingest/county_folder.ts";
import { enforceProblems, inputPolicy, InputPolicyError } from "../ingest/policy.ts";
import type { LoadReport, Problem } from "../ingest/report.ts";
import { acquireLock } from "../io/lock.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { type CountyScreenSummary, screenCountyFiles } from "../screen/run_county.ts";
import type { ScreenParams } from "../screen/types.ts";
import { mergeScreenFiles } from "./merge.ts";
import { defaultWorkers, JobError, runJobs } from "../threads/pool.ts";
import { collectGarbage } from "../threads/gc.ts";
import { ShpThread } from "../ingest/shp_thread.ts";
import type { ScreenWorkerJob } from "./screen_worker.ts";

/** Options of {@link screenProvince}. */
export interface ProvinceScreenOptions {
  dataDir: string;
  out: string;
  params: ScreenParams;
  /** Survey year (default: the latest any county has). */
  year?: number;
  /**
   * Counties screened at once (default {@link defaultCountyWorkers}). One: on this thread, one
   * after another; more: each on a Worker.
   */
  workers?: number;
  crs?: string;
  names?: Record<string, string>;
  wgs84?: boolean;
  /** Called as each county ends. */
  onCounty?: (county: string, summary: CountyScreenSummary, seconds: number) => void;
}

/**
 * Counties screened at once by default: one per two cores, since each county already uses two
 * threads (its own and the one reading its geometry). On the office's 2-core machine: one.
 */
export function defaultCountyWorkers(): number {
  return Math.max(1, Math.floor(defaultWorkers() / 2));
}

/** Screens every county of `dataDir` into `out/<county>/` and merges the province's tables into `out`. */
export async function screenProvince(o: ProvinceScreenOptions) {
  const folders = readCountyFolders(o.dataDir);
  const year = o.year ?? Math.max(...folders.flatMap((f) => [...f.surveys.keys()]));
  const problems: Problem[] = [];
  const missing = (dir: string, value: string, message: string) => problems.push(missingLayer(dir, value, message));
  for (const f of folders) {
    if (!f.surveys.has(year)) missing(f.dir, `DLTB_${year}`, `县 ${f.county} 缺少 ${year} 年度变更调查图斑（DLTB_${year}.shp），无法筛查`);
    try {
      if (!Deno.statSync(`${f.dir}/constraints`).isDirectory) throw new Error();
    } catch {
      missing(f.dir, "constraints/", `县 ${f.county} 的目录中没有约束图层文件夹 constraints/，无法扣除`);
    }
  }
  const { leaves, notes } = enforceProblems(problems);
  const kept = folders.filter((f) => !leaves(f.dir, null) && !problems.some((p) => p.file === f.dir));
  if (kept.length === 0) throw new Error(`${o.dataDir} 中没有可筛查的县（需要 DLTB_${year}.shp 与 constraints/）`);

  const out = o.out.replace(/[\\/]+$/, "");
  const release = await acquireLock(out);
  const work = `${out}.work-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const policy = inputPolicy();
    const jobs: ScreenWorkerJob[] = kept.map((f) => ({
      dltb: f.surveys.get(year)!,
      constraints: `${f.dir}/constraints`,
      out: `${work}/${f.county}`,
      params: o.params,
      crs: o.crs,
      names: o.names,
      wgs84: o.wgs84,
      policy: { enforce: policy.enforce, allow: [...policy.allow] },
    }));
    const labels = kept.map((f) => f.county);
    const workers = Math.min(o.workers ?? defaultCountyWorkers(), jobs.length);
    const summaries = workers <= 1
      ? await screenOneByOne(jobs, labels, o.onCounty)
      : await screenOnWorkers(jobs, labels, workers, o.onCounty);
    const merged = await mergeScreenFiles(kept.map((f) => ({ county: f.county, dir: `${work}/${f.county}` })));
    const countyFiles = Object.fromEntries(kept.map((f) => [f.county, (path: string) => Deno.rename(`${work}/${f.county}`, path)]));
    const text = [`${year} 年度，${kept.length} 个县：${kept.map((f) => f.county).join("、")}`, ...notes];
    await writeReportDir(out, { ...countyFiles, ...merged.files, "notes.txt": text.join("\n") + "\n" });
    return { year, counties: kept.map((f, i) => ({ county: f.county, summary: summaries[i] })), rows: merged.rows, notes };
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
    await release();
  }
}

type OnCounty = ProvinceScreenOptions["onCounty"];

/** An error of county `county` with its name in front (an input-policy error keeps its report). */
function countyError(county: string, e: unknown): Error {
  if (e instanceof JobError && e.originalName === "InputPolicyError") {
    return new InputPolicyError(`县 ${county}：${e.message}`, e.detail as LoadReport);
  }
  if (e instanceof InputPolicyError) return new InputPolicyError(`县 ${county}：${e.message}`, e.report);
  if (e instanceof Error) return new Error(`县 ${county}：${e.message}`, { cause: e });
  return new Error(`县 ${county}：${String(e)}`);
}

/**
 * One county after another on this thread, each reading its geometry on one kept second thread,
 * which reads the next county's .shp while this one is screened; a full garbage collection
 * between counties keeps the peak at about one county's.
 */
async function screenOneByOne(jobs: ScreenWorkerJob[], labels: string[], onCounty: OnCounty): Promise<CountyScreenSummary[]> {
  const shp = new ShpThread();
  const out: CountyScreenSummary[] = [];
  try {
    for (const [i, job] of jobs.entries()) {
      shp.readAhead(job.dltb);
      if (i + 1 < jobs.length) shp.readAhead(jobs[i + 1].dltb);
      const t0 = performance.now();
      try {
        out.push(await screenCountyFiles({ ...job, geometryThread: shp }));
      } catch (e) {
        throw countyError(labels[i], e);
      }
      await collectGarbage();
      onCounty?.(labels[i], out[i], (performance.now() - t0) / 1000);
    }
  } finally {
    shp.close();
  }
  return out;
}

/** `workers` counties at once, each on its own Worker (reading its geometry on that thread). */
async function screenOnWorkers(
  jobs: ScreenWorkerJob[],
  labels: string[],
  workers: number,
  onCounty: OnCounty,
): Promise<CountyScreenSummary[]> {
  try {
    return await runJobs<ScreenWorkerJob, CountyScreenSummary>(
      new URL("./screen_worker.ts", import.meta.url),
      jobs.map((j) => ({ ...j, geometryThread: "here" as const })),
      {
        workers,
        label: (_, i) => labels[i],
        onDone: (i, r, ms) => onCounty?.(labels[i], r as CountyScreenSummary, ms / 1000),
      },
    );
  } catch (e) {
    if (e instanceof JobError) throw countyError(e.job, e);
    throw e;
  }
}
