/**
 * Runs the stages for a data folder and reduces their results to {@link BriefingFacts}: the
 * 进出平衡 chain (ledger → screening → pool → selection → plan), the 占补平衡 audit, the trends on
 * the survey years, the county targets and the public figures. Each part is a function of its
 * inputs only, so the build can cache it by the inputs' hashes (see cache.ts).
 *
 * @example
 * ```ts
 * const b = await gatherBalance("data/demo", 2024);
 * b.cover.filter((c) => c.uncoveredM2 > 0); // counties whose out-flow is not covered
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dictTable, mapColumns } from "../dictionary/tables.ts";
import { coverByLevel } from "../selection/compare.ts";
import { runCountyBalance } from "../selection/run.ts";
import { selectRestorations } from "../selection/select.ts";
import type { PoolPiece } from "../selection/types.ts";
import type { OutflowNeed } from "../outflow/types.ts";
import { screenParams } from "../screen/params.ts";
import { loadIndicatorSystem } from "../evaluate/system.ts";
import { planTable } from "../selection/plan.ts";
import { GRADE_STATUS_LABELS } from "../selection/labels.ts";
import { auditDataDir } from "../audit/audit.ts";
import { loadAuditConfig } from "../audit/config.ts";
import { fileSurvey } from "../audit/survey.ts";
import { surveyTrends } from "../trends/survey.ts";
import { loadPublicData } from "../trends/public_data.ts";
import { publicTrends } from "../trends/public_trends.ts";
import { readUnitConfig, unitName } from "../trends/units_config.ts";
import { REGION_TYPE_LABELS } from "../trends/region_type.ts";
import { TERRAIN_LABELS } from "../trends/abandonment.ts";
import { UNSTABLE_TBXH } from "../trends/unstable.ts";
import { loadParcels } from "../ingest/load.ts";
import { readLayer } from "../ingest/read_layer.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import { M2_PER_MU } from "../units/area.ts";
import type {
  BriefingCounty,
  BriefingFacts,
  CountyOutline,
  CoverRow,
  FarmlandYear,
  GradeBin,
  OutflowRow,
  ParcelShape,
  PoolRow,
  RestoreRow,
  TargetRow,
  UnstableRow,
} from "./facts.ts";
import { exists } from "../io/exists.ts";

/** The public figures folder of the repository. */
export const PUBLIC_DIR: string = fileURLToPath(new URL("../../data/public", import.meta.url));


/** Counties of the folder with their city, region type and terrain; and a warning when admin_units.csv is missing. */
export async function gatherCounties(
  dataDir: string,
  countyCodes: readonly string[],
): Promise<{ counties: BriefingCounty[]; names: Record<string, string>; warnings: string[] }> {
  const path = `${dataDir}/admin_units.csv`;
  const warnings: string[] = [];
  const cfg = await exists(path) ? await readUnitConfig(path) : null;
  if (!cfg) warnings.push(`未找到 ${path}：各县地区类型按“未分类”、地形按坡度级别推断；生态脆弱区的边际耕地退出豁免不适用`);
  const name = (code: string) => (cfg ? unitName(cfg, code) : code);
  const counties = countyCodes.map((code): BriefingCounty => {
    const rt = cfg?.regionTypes.get(code) ?? "unassigned";
    const ter = cfg?.terrain.get(code);
    const city = /^(11|12|31|50)/.test(code) ? code.slice(0, 2) : code.slice(0, 4);
    return {
      code,
      name: name(code),
      city,
      cityName: name(city),
      regionType: REGION_TYPE_LABELS[rt],
      terrain: ter ? TERRAIN_LABELS[ter] : null,
    };
  });
  const names = Object.fromEntries([...(cfg?.names ?? new Map<string, string>())].sort(([a], [b]) => a.localeCompare(b)));
  return { counties, names, warnings };
}

/** One county's share of the 进出平衡 part, computed alone so that the cache can keep it per county. */
export interface CountyBalancePart {
  county: string;
  outflow: OutflowRow;
  restore: RestoreRow[];
  /** Out-flow to balance by grade: [grade or null, m²]. */
  gradesOut: [number | null, number][];
  needs: OutflowNeed[];
  pool: PoolPiece[];
  parcels: ParcelShape[];
  notes: string[];
}

/** Runs one county folder's ledger, screening, grading and pool for the out-flow of `year`. */
export async function gatherCountyBalance(dir: string, year: number, withParcels = false): Promise<CountyBalancePart> {
  const c = await runCountyBalance(dir, {
    year,
    params: screenParams({}),
    system: await loadIndicatorSystem(),
    keepShapes: withParcels,
  });
  const e = c.ledger.entries.filter((x) => x.year === year);
  const sum = (s: string) => e.filter((x) => x.status === s).reduce((a, x) => a + x.areaM2, 0);
  const need = c.ledger.needs.find((n) => n.year === year);
  const gradesOut = new Map<number | null, number>();
  const restore: RestoreRow[] = [];
  for (const x of e) {
    if (x.status === "balance") gradesOut.set(x.gddb, (gradesOut.get(x.gddb) ?? 0) + x.areaM2);
    if (x.status === "restore") {
      restore.push({
        county: c.county,
        township: x.township,
        bsm: x.bsm,
        fromClass: x.fromClass,
        toClass: x.toClass,
        areaM2: x.areaM2,
        phase: x.phase,
      });
    }
  }
  return {
    county: c.county,
    outflow: {
      county: c.county,
      year,
      balanceM2: sum("balance"),
      paddyM2: need?.paddyM2 ?? 0,
      grade: need?.grade ?? null,
      exemptM2: sum("exempt"),
      restoreM2: sum("restore"),
      pendingM2: sum("pending"),
      otherM2: sum("other") + sum("unmatched"),
      previousBalanceM2: c.ledger.years.includes(year - 1)
        ? c.ledger.needs.filter((n) => n.year === year - 1).reduce((a, n) => a + n.areaM2, 0)
        : null,
    },
    restore,
    gradesOut: [...gradesOut],
    needs: c.ledger.needs.filter((n) => n.year === year && n.areaM2 > 0),
    pool: c.pool,
    parcels: (c.shapes ?? []).flatMap((s) =>
      s.rings.map((poly) => ({ county: c.county, cls: s.cls, rings: roundRings(poly as number[][][]) }))
    ),
    notes: [...c.ledger.notes, ...c.notes],
  };
}

/** The 进出平衡 part from the counties' parts: the selection across counties (county → city → province) and the plan. */
export async function combineBalance(
  parts: readonly CountyBalancePart[],
  year: number,
  name: (code: string) => string | null = () => null,
): Promise<
  Pick<BriefingFacts, "outflow" | "cover" | "pool" | "grades" | "restore" | "plan" | "parcels"> & { notes: string[] }
> {
  const selection = await selectRestorations(parts.flatMap((p) => p.needs), parts.flatMap((p) => p.pool), {});
  const cover: CoverRow[] = selection.needs.map((nr) => {
    const split = coverByLevel(nr);
    return {
      county: nr.need.county,
      year: nr.need.year,
      needM2: nr.need.areaM2,
      needPaddyM2: nr.need.paddyM2,
      gradeOut: nr.need.grade,
      ...split,
      paddyInM2: nr.paddyM2,
      paddyShortfallM2: nr.paddyShortfallM2,
      gradeIn: nr.gradeIn,
      gradeStatus: nr.gradeStatus,
      gradeStatusLabel: GRADE_STATUS_LABELS[nr.gradeStatus],
      summary: nr.summary,
    };
  });
  const gradesOut = new Map<number | null, number>();
  for (const p of parts) for (const [g, m2] of p.gradesOut) gradesOut.set(g, (gradesOut.get(g) ?? 0) + m2);
  const gradesIn = new Map<number | null, number>();
  for (const ch of selection.choices) {
    if (ch.year !== year) continue;
    const g = ch.piece.grade === null ? null : Math.round(ch.piece.grade);
    gradesIn.set(g, (gradesIn.get(g) ?? 0) + ch.piece.areaM2);
  }
  const grades: GradeBin[] = [
    ...[...gradesOut].map(([grade, areaM2]) => ({ series: "out" as const, grade, areaM2 })),
    ...[...gradesIn].map(([grade, areaM2]) => ({ series: "in" as const, grade, areaM2 })),
  ].sort((a, b) => a.series.localeCompare(b.series) || (a.grade ?? 99) - (b.grade ?? 99));
  const poolMap = new Map<string, PoolRow>();
  for (const p of parts.flatMap((x) => x.pool)) {
    const key = [p.county, p.township ?? "", p.cls, p.result].join("|");
    const row = poolMap.get(key) ??
      { county: p.county, township: p.township ?? "", cls: p.cls, result: p.result, areaM2: 0, pieces: 0 };
    row.areaM2 += p.areaM2;
    row.pieces++;
    poolMap.set(key, row);
  }
  const pool = [...poolMap.values()].sort((a, b) =>
    (a.county + a.township + a.cls + a.result).localeCompare(b.county + b.township + b.cls + b.result)
  );
  const plan = planTable(selection, { name });
  return {
    outflow: parts.map((p) => p.outflow),
    cover,
    pool,
    grades,
    restore: parts.flatMap((p) => p.restore),
    plan: { columns: plan.columns, rows: plan.rows },
    parcels: parts.flatMap((p) => p.parcels),
    notes: [...new Set([...parts.flatMap((p) => p.notes), ...selection.notes])],
  };
}

/** The 占补平衡 part: county-year balances, flags, exempt key projects, red-line verdicts, trades. */
export async function gatherAudit(
  dataDir: string,
  year: number,
): Promise<BriefingFacts["audit"] & { notes: string[]; configVersion: string }> {
  const cfg = await loadAuditConfig();
  const files = [`${dataDir}/zhanbu/occupation.xlsx`, `${dataDir}/zhanbu/supplement.xlsx`];
  const found = await Promise.all(files.map(exists));
  if (!found[0] && !found[1]) {
    return {
      balance: [],
      flags: [],
      exempt: [],
      exemptProjects: [],
      verdicts: [],
      trades: [],
      previousFlags: null,
      notes: [`数据目录中没有 ${files.join(" 与 ")}：本简报未审查占补平衡，第四节各表为空`],
      configVersion: cfg.version,
    };
  }
  if (!found[0] || !found[1]) {
    throw new Error(`占补平衡需要占用与补充两张表，只找到 ${files[found[0] ? 0 : 1]}，缺少 ${files[found[0] ? 1 : 0]}`);
  }
  const r = await auditDataDir(dataDir, cfg, { year });
  const prev = await auditDataDir(dataDir, cfg, { year: year - 1 });
  const previousFlags: Record<string, number> = {};
  for (const f of prev.flags) previousFlags[`${f.county}|${f.code}`] = (previousFlags[`${f.county}|${f.code}`] ?? 0) + 1;
  return {
    balance: r.balance,
    flags: r.flags,
    exempt: r.exempt.flatMap((e) => e.flags),
    exemptProjects: r.exempt.map((e) => ({
      id: e.occupation.id,
      county: e.occupation.county,
      year: e.occupation.year,
      name: e.occupation.name,
      areaM2: e.occupation.occAreaM2,
    })),
    verdicts: r.verdicts,
    trades: r.trades,
    previousFlags: prev.occupations.length ? previousFlags : null,
    notes: r.notes,
    configVersion: cfg.version,
  };
}

function roundRings(rings: number[][][]): number[][][] {
  return rings.map((r) => r.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]));
}

/** County outlines from the survey itself: the union of the latest survey's parcels, outer rings only. */
export async function countyOutlines(
  files: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): Promise<CountyOutline[]> {
  const out: CountyOutline[] = [];
  for (const [code, path] of files) {
    const { table } = await loadParcels([path], { progress: false });
    if (!table.geometry) continue;
    const ov = await createOverlay({ origin: localOrigin(table.geometry) });
    try {
      const set = ov.unionLayer(table.geometry);
      const rings = set.parts().map((p) => p.rings[0] as number[][]);
      out.push({ code, name: names.get(code) ?? code, rings: roundRings(rings) });
    } finally {
      ov.dispose();
    }
  }
  return out;
}

/** The trends part: farmland and abandonment by county and year, centres, drift, unstable shares, outlines. */
export async function gatherTrends(dataDir: string, year: number): Promise<
  Pick<BriefingFacts, "farmland" | "surveyYears"> & { trends: BriefingFacts["trends"]; notes: string[] }
> {
  const t = await surveyTrends({ dir: dataDir, layersFromConstraints: true });
  const farmland: FarmlandYear[] = t.abandonment.map((a) => ({
    county: a.county,
    year: a.year,
    farmlandM2: a.farmlandM2,
    abandonedM2: a.abandonedM2,
    rate: Number.isFinite(a.rate) ? a.rate : null,
    flagged: a.flagged,
  }));
  const tbxhLabels = new Map(UNSTABLE_TBXH.map(([c, l]) => [c, l]));
  const prevYear = t.years.filter((y) => y < year).at(-1);
  const prevUnion = new Map(
    t.unstable.filter((u) => u.level === "county" && u.year === prevYear).map((u) => [u.code, u.unionShare]),
  );
  const unstable: UnstableRow[] = t.unstable.filter((u) => u.level === "county" && u.year === year).map((u) => ({
    county: u.code,
    sources: {
      ...Object.fromEntries(Object.entries(u.tbxhShare).map(([k, v]) => [tbxhLabels.get(k) ?? k, v])),
      "坡度级别5（>25°）": u.slope5Share,
      ...Object.fromEntries(Object.entries(u.layerShare)),
    },
    union: u.unionShare,
    farmlandM2: u.farmlandM2,
    previousUnion: prevUnion.get(u.code) ?? null,
  }));
  const latest = new Map<string, string>();
  for (const f of t.files) {
    const m = f.match(/(\d{6})\/DLTB_(\d{4})\.[a-z]+$/i);
    if (m && Number(m[2]) === year) latest.set(m[1], f);
  }
  const names = new Map(t.centres.filter((c) => c.level === "county").map((c) => [c.code, c.name]));
  const outlines = await countyOutlines(latest, names);
  return {
    surveyYears: t.years,
    farmland,
    trends: { centres: t.centres, drift: t.drift, unstable, outlines, line: t.line },
    notes: t.notes,
  };
}

/** A county's targets as given in targets.csv, m². */
export interface GivenTargets {
  path: string;
  found: boolean;
  byCounty: Record<string, { farmland: number | null; pbf: number | null }>;
}

/**
 * Reads `targets.csv` of the data folder (columns code, farmland_target_mu, pbf_target_mu, in 亩):
 * each county's 三区三线 targets (耕地保有量、永久基本农田保护目标). A bad value is an error naming
 * the file, row, county, column and value; a missing file gives `found: false`.
 */
export async function readTargets(dataDir: string): Promise<GivenTargets> {
  const path = `${dataDir}/targets.csv`;
  const byCounty: GivenTargets["byCounty"] = {};
  if (!await exists(path)) return { path, found: false, byCounty };
  const t = await readLayer(path);
  mapColumns(dictTable("targets"), Object.keys(t.columns), `${path} `);
  for (let i = 0; i < t.length; i++) {
    const code = String(t.columns.code[i] ?? "").trim();
    if (!/^\d{6}$/.test(code)) throw new Error(`${path} 第 ${i + 2} 行 code：“${code}”不是 6 位县级代码`);
    const num = (col: string) => {
      const raw = t.columns[col][i];
      if (raw === null || String(raw).trim() === "") return null;
      const v = Number(raw);
      if (!Number.isFinite(v) || v < 0) {
        throw new Error(`${path} 第 ${i + 2} 行（${code}）${col}：“${raw}”不是非负数（单位亩）`);
      }
      return v * M2_PER_MU;
    };
    byCounty[code] = { farmland: num("farmland_target_mu"), pbf: num("pbf_target_mu") };
  }
  return { path, found: true, byCounty };
}

/** Each county's targets and where it stands: farmland of `year` and the farmland inside the permanent-basic-farmland layer. */
export async function gatherTargets(
  dataDir: string,
  year: number,
  farmland: readonly FarmlandYear[],
  given: GivenTargets,
): Promise<{ targets: TargetRow[]; warnings: string[] }> {
  const warnings: string[] = [];
  if (!given.found) warnings.push(`未找到 ${given.path}：简报不列三区三线耕地保有量与永久基本农田保护目标的对照`);
  const audit = await loadAuditConfig();
  const survey = await fileSurvey(dataDir, audit.audit);
  const targets: TargetRow[] = [];
  for (const [county, years] of [...survey.years()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!years.includes(year)) continue;
    const { table } = await loadParcels([await surveyPath(dataDir, county, year)], { progress: false });
    const bsms: string[] = [];
    for (let i = 0; i < table.length; i++) if (table.isFarmland[i]) bsms.push(table.text.BSM[i]!);
    const zones = await survey.zoneAreas(county, year, bsms);
    const pbf = zones.some((z) => z.pbfM2 !== null) ? zones.reduce((a, z) => a + (z.pbfM2 ?? 0), 0) : null;
    const g = given.byCounty[county];
    targets.push({
      county,
      farmlandTargetM2: g?.farmland ?? null,
      pbfTargetM2: g?.pbf ?? null,
      farmlandM2: farmland.find((f) => f.county === county && f.year === year)?.farmlandM2 ?? 0,
      pbfM2: pbf,
      source: g ? given.path : "",
    });
  }
  return { targets, warnings };
}

async function surveyPath(dataDir: string, county: string, year: number): Promise<string> {
  for (const ext of ["shp", "geojson", "json", "fgb"]) {
    const p = `${dataDir}/${county}/DLTB_${year}.${ext}`;
    if (await exists(p)) return p;
  }
  throw new Error(`${dataDir}/${county} 下没有 DLTB_${year} 图层`);
}

/** The national background from data/public/. */
export async function gatherNational(dir: string = PUBLIC_DIR): Promise<BriefingFacts["national"]> {
  const t = publicTrends(await loadPublicData(dir));
  return {
    provinces: t.provinces,
    shifts: t.shifts,
    national2019M2: t.national2019M2,
    national2009M2: t.national2009M2,
  };
}
