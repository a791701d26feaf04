/**
 * The 进出平衡 chain for a folder of counties, as one function the CLI, the notebooks and the
 * report share: per county the out-flow ledger (two survey years, projects, exemptions, PBF),
 * the screening of the latest survey, the grading of the field returns, and the pool; then the
 * selection across counties (county → city → province) and the annual plan.
 *
 * @example
 * ```ts
 * const run = await runBalance({ dataDir: "data/demo", year: 2024 });
 * run.selection.needs[0].summary;
 * ```
 */
import { readBsmList, runCountyOutflow } from "../outflow/run.ts";
import type { OutflowLedger } from "../outflow/types.ts";
import { buildPool, type PoolExclusion } from "./pool.ts";
import { selectRestorations } from "./select.ts";
import type { SelectionResult, SelectOptions } from "./types.ts";
import type { OutflowNeed } from "../outflow/types.ts";
import type { PoolPiece } from "./types.ts";
import { loadParcels } from "../ingest/load.ts";
import { readConstraintDir, readConstraintLayer } from "../screen/layers.ts";
import { screenParcels } from "../screen/screen.ts";
import { screenParams } from "../screen/params.ts";
import type { ScreenParams, ScreenPiece } from "../screen/types.ts";
import { importReturns } from "../evaluate/import.ts";
import { loadIndicatorSystem } from "../evaluate/system.ts";
import { exists } from "../io/exists.ts";
import { checkedCountyFolders, readCountyFolders } from "../ingest/county_folder.ts";

/** Options of {@link runBalance}. */
export interface BalanceOptions {
  dataDir: string;
  /** The out-flow year to balance (default: the latest survey year found). */
  year?: number;
  screen?: Partial<ScreenParams>;
  select?: SelectOptions;
  /** BSMs the counties consented to enter the balance after the 2020 notices. */
  consentBsm?: string[];
  /** BSMs of forest or grassland the forestry-and-grassland authority agreed to restore (added to each county's forest_consent file). */
  forestConsentBsm?: string[];
  indicators?: string;
}

/** One county's part of the run. */
export interface CountyRun {
  county: string;
  ledger: OutflowLedger;
  pieces: number;
  pool: PoolPiece[];
  excluded: PoolExclusion[];
  notes: string[];
  /** The screened pieces' class and rings (projected metres), when asked for with `keepShapes`. */
  shapes?: { cls: ScreenPiece["cls"]; rings: ScreenPiece["rings"] }[];
}

/** The whole run. */
export interface BalanceRun {
  year: number;
  /** What the check of the county folders said (warnings; counties left out under --allow). */
  notes: string[];
  counties: CountyRun[];
  needs: OutflowNeed[];
  selection: SelectionResult;
}


/** County folders (6-digit names) under `dataDir`, or `dataDir` itself when it is one. */
export function countyDirs(dataDir: string): Promise<string[]> {
  return Promise.resolve(readCountyFolders(dataDir).map((f) => f.dir));
}

/** The county's list of forest and grassland the forestry-and-grassland authority agreed to restore: forest_consent.xlsx, .csv or .txt (first found), else none. */
export async function countyForestConsent(dir: string): Promise<string[]> {
  for (const ext of ["xlsx", "csv", "txt"]) {
    const path = `${dir}/forest_consent.${ext}`;
    if (await exists(path)) return await readBsmList(path);
  }
  return [];
}

/** Options of {@link runCountyBalance}. */
export interface CountyBalanceOptions {
  /** The out-flow year (default: the county's latest out-flow year). */
  year?: number;
  params: ScreenParams;
  system: Awaited<ReturnType<typeof loadIndicatorSystem>>;
  consentBsm?: string[];
  /** BSMs with the forestry-and-grassland authority's consent, besides the county's forest_consent file. */
  forestConsentBsm?: string[];
  /** Keep the screened pieces' geometry (for the parcel map of the briefing). */
  keepShapes?: boolean;
}

/** One county's part of the chain: its ledger, and the screening, grading and pool of its survey of `year`. */
export async function runCountyBalance(dir: string, opts: CountyBalanceOptions): Promise<CountyRun> {
  const county = dir.slice(dir.lastIndexOf("/") + 1);
  const ledger = await runCountyOutflow(dir, { rules: opts.consentBsm ? { consentBsm: opts.consentBsm } : undefined });
  const latest = Math.max(...ledger.needs.map((n) => n.year), 0);
  const notes: string[] = [];
  // A plan year after the latest survey screens the latest survey (the plan restores what is there now).
  const dltb = `${dir}/DLTB_${Math.min(opts.year ?? latest, Math.max(...ledger.years, latest))}.shp`;
  let pool: PoolPiece[] = [], excluded: PoolExclusion[] = [], pieces = 0;
  let shapes: CountyRun["shapes"];
  if (await exists(dltb) && await exists(`${dir}/constraints`)) {
    const { table, report } = await loadParcels([dltb], { progress: false });
    for (const note of report.notes ?? []) notes.push(`${county}：${dltb}：${note}`);
    const layers = await readConstraintDir(`${dir}/constraints`, table.crs!);
    const screened = await screenParcels(table, layers, opts.params, { progress: false });
    pieces = screened.pieces.length;
    if (opts.keepShapes) shapes = screened.pieces.map((p) => ({ cls: p.cls, rings: p.rings }));
    const returns = `${dir}/field_returns.xlsx`;
    if (await exists(returns) && pieces > 0) {
      const graded = await importReturns([returns], screened.pieces, opts.system, { crs: table.crs! });
      const pbfPath = `${dir}/永久基本农田.shp`;
      const pbfLayer = await exists(pbfPath) ? (await readConstraintLayer(pbfPath, table.crs!)).geometry : null;
      const forestConsent = new Set([...(opts.forestConsentBsm ?? []), ...await countyForestConsent(dir)]);
      const built = await buildPool(screened.pieces, graded, { gapM: opts.params.gapM, pbfLayer, forestConsent });
      pool = built.pool;
      excluded = built.excluded;
      notes.push(...built.notes);
    } else notes.push(`${county}：没有外业核实回传表（field_returns.xlsx），潜力图斑未核实，不进入选择`);
  } else notes.push(`${county}：缺少 ${dltb} 或 constraints/，未筛查`);
  return shapes ? { county, ledger, pieces, pool, excluded, notes, shapes } : { county, ledger, pieces, pool, excluded, notes };
}

/** Runs the chain. */
export async function runBalance(opts: BalanceOptions): Promise<BalanceRun> {
  const { folders, notes } = checkedCountyFolders(readCountyFolders(opts.dataDir), { pbf: true });
  const dirs = folders.map((f) => f.dir);
  const system = await loadIndicatorSystem(opts.indicators);
  const params = screenParams(opts.screen ?? {});
  const counties: CountyRun[] = [];
  let year = opts.year ?? 0;
  for (const dir of dirs) {
    const run = await runCountyBalance(dir, {
      year: opts.year,
      params,
      system,
      consentBsm: opts.consentBsm,
      forestConsentBsm: opts.forestConsentBsm,
    });
    if (!opts.year) year = Math.max(year, ...run.ledger.needs.map((n) => n.year), 0);
    counties.push(run);
  }
  // Realised out-flow of the year, or — for a plan year after the latest survey — the planned out-flow.
  const needs = counties.flatMap((c) => [...c.ledger.needs, ...(c.ledger.plannedNeeds ?? [])])
    .filter((n) => n.year === year && n.areaM2 > 0);
  const selection = await selectRestorations(needs, counties.flatMap((c) => c.pool), opts.select ?? {});
  return { year, notes, counties, needs, selection };
}
