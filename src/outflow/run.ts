/**
 * Runs the out-flow ledger on a county folder laid out like the demo (and like a county's
 * delivery): DLTB_<year>.shp (or .geojson/.fgb) per survey year, outflow_projects.xlsx (or
 * .csv) with outflow_projects_<year>.geojson, 永久基本农田.shp, and optionally an unstable-farmland
 * layer and the county's consent list. Every path can be given explicitly instead.
 *
 * @example
 * ```ts
 * const ledger = await runCountyOutflow("data/demo/900101", { rules: { consentBsm: await readBsmList("consent.csv") } });
 * ledger.needs; // OutflowNeed[] for 2020 … 2024
 * ```
 * @module
 */
import { loadParcels } from "../ingest/load.ts";
import type { ParcelTable } from "../ingest/parcel_table.ts";
import { readConstraintLayer } from "../screen/layers.ts";
import { parseCrs } from "../io/crs.ts";
import type { OutflowLedger, OutflowRules } from "./types.ts";
import { readOutflowProjects } from "./projects.ts";
import { buildOutflowLedger } from "./ledger.ts";
import { exists } from "../io/exists.ts";

/** Options of {@link runCountyOutflow}. */
export interface CountyOutflowOptions {
  /** Survey files by year; default DLTB_<year>.(shp|geojson|fgb) in the folder. */
  surveys?: { year: number; path: string }[];
  /** Only these survey years (default all found). */
  years?: number[];
  /** Project table; default outflow_projects.xlsx (or .csv) in the folder, none when absent. */
  projectTable?: string | null;
  /** Project geometry files; default outflow_projects_<year>.geojson in the folder. */
  projectGeometry?: string[];
  /** Permanent basic farmland layer; default 永久基本农田.shp in the folder, none when absent. */
  pbf?: string | null;
  /** Unstable-farmland layer (不稳定耕地), none by default. */
  unstable?: string | null;
  /** CRS for inputs without one (e.g. "EPSG:4526"). */
  crs?: string;
  rules?: Partial<OutflowRules>;
}


async function listDir(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile) out.push(e.name);
  } catch {
    throw new Error(`找不到县级数据目录：${dir}`);
  }
  return out.sort();
}

/** Runs the ledger on one county folder. */
export async function runCountyOutflow(dir: string, opts: CountyOutflowOptions = {}): Promise<OutflowLedger> {
  const names = await listDir(dir);
  let surveys = opts.surveys ?? names.flatMap((n) => {
    const m = /^DLTB_(\d{4})\.(shp|geojson|fgb)$/i.exec(n);
    return m ? [{ year: Number(m[1]), path: `${dir}/${n}` }] : [];
  });
  if (opts.years) surveys = surveys.filter((s) => opts.years!.includes(s.year));
  surveys.sort((a, b) => a.year - b.year);
  if (surveys.length < 2) throw new Error(`${dir} 中找到的年度图斑不足两期（需要 DLTB_<年度>.shp 等），无法两期比较`);
  const problems: string[] = [];
  const tables: { year: number; table: ParcelTable }[] = [];
  for (const s of surveys) {
    const { table, report } = await loadParcels([s.path], { progress: false, crs: opts.crs });
    const n = Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0);
    if (n > 0) problems.push(`${s.path} 载入检查发现 ${n} 处问题（详见载入报告），台账照常计算`);
    for (const note of report.notes ?? []) problems.push(`${s.path}：${note}`);
    tables.push({ year: s.year, table });
  }
  const crs = tables[0].table.crs;
  for (const t of tables) {
    if (crs && t.table.crs && t.table.crs.name !== crs.name) {
      throw new Error(`${dir} 各年度图斑坐标系不一致：${crs.name} 与 ${t.table.crs.name}（${t.year} 年）`);
    }
  }

  let table = opts.projectTable;
  if (table === undefined) {
    table = names.includes("outflow_projects.xlsx")
      ? `${dir}/outflow_projects.xlsx`
      : names.includes("outflow_projects.csv") ? `${dir}/outflow_projects.csv` : null;
  }
  const geometry = opts.projectGeometry ??
    names.filter((n) => /^outflow_projects_\d{4}\.(geojson|json|shp|fgb)$/i.test(n)).map((n) => `${dir}/${n}`);
  let projects: Awaited<ReturnType<typeof readOutflowProjects>>["projects"] = [];
  if (table) {
    const r = await readOutflowProjects(table, geometry, crs);
    projects = r.projects;
    problems.push(...r.problems);
  } else problems.push(`${dir} 中没有转出项目表（outflow_projects.xlsx），全部变化按农民自发处理`);

  const layerAt = async (given: string | null | undefined, fallback: string | null, what: string) => {
    const path = given === undefined ? (fallback && await exists(fallback) ? fallback : null) : given;
    if (!path) return null;
    if (!crs) throw new Error(`图斑数据没有坐标系，无法叠加${what}图层 ${path}`);
    const fallbackCrs = opts.crs ? parseCrs(opts.crs) : null;
    return (await readConstraintLayer(path, crs, fallbackCrs)).geometry;
  };
  const pbf = await layerAt(opts.pbf, `${dir}/永久基本农田.shp`, "永久基本农田");
  if (!pbf) problems.push(`${dir} 中没有永久基本农田图层，未区分整改恢复`);
  const unstable = await layerAt(opts.unstable, null, "不稳定耕地");
  return await buildOutflowLedger({ surveys: tables, projects, pbf, unstable, rules: opts.rules, problems });
}

/** The BSM-list reader, re-exported where the balance has always taken it from. */
export { readBsmList } from "../ingest/bsm_list.ts";
