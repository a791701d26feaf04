/**
 * The demo province generator: `generateDemo` writes a deterministic, made-up province
 * "示例省" (3 cities × 3 counties, survey years 2019–2024) or one large benchmark county,
 * with DLTB Shapefiles (GBK), constraint layers, permanent basic farmland, out-flow projects,
 * 占补平衡 records, field-verification returns, administrative tables and a manifest holding
 * the generator's own totals and the SHA-256 of every file.
 *
 * @example
 * ```ts
 * const manifest = await generateDemo({ out: "data/demo" });
 * manifest.counties[0].years["2024"].farmlandTbdlmjMu;
 * await generateDemo({ out: "data/bench", counties: { parcels: 200000 } });
 * ```
 * @module
 */
import { Rng } from "./rng.ts";
import {
  adminUnitsCsv,
  cjdcqCsv,
  DEMO_PROVINCE,
  planBenchmarkCounty,
  planProvince,
  planScaledProvince,
  xzqCsv,
} from "./admin.ts";
import { makeTerrain } from "./terrain.ts";
import { buildCountyGrid } from "./grid.ts";
import { buildVoronoiGrid } from "./voronoi.ts";
import { buildStatic, classify2019, type CountyStatic, type YearState } from "./attributes.ts";
import { simulateHistory } from "./change.ts";
import { dltbTable, isCandidate, yearTotals } from "./records.ts";
import {
  constraintLayers,
  highStandardFarmland,
  permanentFarmlandLayer,
  selectPermanentFarmland,
} from "./constraints.ts";
import { changesCsv, OUTFLOW_COLUMNS, outflowProjects, plannedProjects } from "./projects.ts";
import { OCCUPATION_COLUMNS, SUPPLEMENT_COLUMNS, zhanbuRows } from "./zhanbu.ts";
import { fieldReturns, RETURN_COLUMNS } from "./returns.ts";
import { DEMO_CRS, DEMO_NOTE, DEMO_PRJ, DemoOutput } from "./writer.ts";
import type { Cell } from "../io/layer.ts";
import type { PolygonRings } from "../geom/types.ts";
import {
  DEFAULT_SEED,
  DEMO_YEARS,
  type DemoCounty,
  type DemoManifest,
  type DemoManifestCounty,
  type DemoOptions,
  type DemoShape,
  GENERATOR_VERSION,
} from "./types.ts";

export { DEFAULT_SEED, DEMO_YEARS, GENERATOR_VERSION } from "./types.ts";
export type { DemoManifest, DemoOptions, DemoShape, DemoYearTotals } from "./types.ts";

/** Everything built in memory for one county before writing (also used by tests). */
export interface BuiltCounty {
  county: DemoCounty;
  st: CountyStatic;
  base: YearState;
  pbf: Uint8Array;
  hsf: Uint8Array;
  hsfZones: PolygonRings[];
}

/** Builds a county's geometry (of `shape`), fixed attributes, 2019 land use, PBF and HSF (no files). */
export function buildCounty(seed: number, county: DemoCounty, shape: DemoShape = "grid"): BuiltCounty {
  const rng = new Rng(seed).fork(county.code);
  const terrain = makeTerrain(seed, county);
  const build = shape === "voronoi" ? buildVoronoiGrid : buildCountyGrid;
  const grid = build(rng.fork("grid"), seed, county, terrain);
  const st = buildStatic(county, grid, terrain, rng.fork("static"));
  const base = classify2019(st, rng.fork("landuse"), seed);
  const hsf = highStandardFarmland(st, base, rng.fork("hsf"));
  const pbf = selectPermanentFarmland(st, base, rng.fork("pbf"));
  return { county, st, base, pbf, hsf: hsf.member, hsfZones: hsf.zones };
}

/**
 * Generates the demo into `opts.out` and returns the manifest (also written to
 * `<out>/manifest.json`). The same seed and options give byte-identical files.
 */
export async function generateDemo(opts: DemoOptions): Promise<DemoManifest> {
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const mode = opts.counties ?? "province";
  const scaled = typeof mode === "object" && mode.count !== undefined;
  const bench = typeof mode === "object" && !scaled;
  if (typeof mode === "object" && !(Number.isInteger(mode.parcels) && mode.parcels >= 100)) {
    throw new Error(`示例数据参数错误：parcels 须为不小于 100 的整数，收到 ${mode.parcels}`);
  }
  if (scaled && !(Number.isInteger(mode.count) && mode.count! >= 1 && mode.count! <= 297)) {
    throw new Error(`示例数据参数错误：counties 须为 1–297 的整数，收到 ${mode.count}`);
  }
  const provinceYears = [...(opts.years ?? DEMO_YEARS)].sort((a, b) => a - b);
  if (provinceYears.length === 0 || provinceYears.some((y) => !DEMO_YEARS.includes(y)) || new Set(provinceYears).size !== provinceYears.length) {
    throw new Error(`示例数据参数错误：years 须取自 ${DEMO_YEARS.join("、")}，收到 ${provinceYears.join("、")}`);
  }
  const shape = opts.shape ?? "grid";
  if (shape !== "grid" && shape !== "voronoi") {
    throw new Error(`示例数据参数错误：shape 须为 grid 或 voronoi，收到 ${shape}`);
  }
  const counties = bench
    ? [planBenchmarkCounty(seed, mode.parcels)]
    : scaled
    ? planScaledProvince(seed, mode.count!, mode.parcels)
    : planProvince(seed);
  const years = bench ? [DEMO_YEARS[DEMO_YEARS.length - 1]] : provinceYears;
  const out = new DemoOutput(opts.out);
  await out.text("README.txt", readme(bench));
  await out.text("admin_units.csv", adminUnitsCsv(counties));
  const occupation: Record<string, Cell>[] = [];
  const supplement: Record<string, Cell>[] = [];
  const mc: DemoManifestCounty[] = [];
  const pbfTbmj = new Map<string, number>();
  for (const county of counties) {
    mc.push(await writeCounty(out, seed, county, years, bench, occupation, supplement, pbfTbmj, shape));
  }
  if (!bench) {
    await out.text("targets.csv", targetsCsv(mc, pbfTbmj));
    await out.xlsx("zhanbu/occupation.xlsx", [{
      name: "占用耕地项目",
      columns: [...OCCUPATION_COLUMNS],
      rows: occupation,
    }]);
    await out.xlsx("zhanbu/supplement.xlsx", [{
      name: "补充耕地项目",
      columns: [...SUPPLEMENT_COLUMNS],
      rows: supplement,
    }]);
  }
  const manifest: DemoManifest = {
    generator: "demo-province（示例省示例数据生成器）",
    version: GENERATOR_VERSION,
    seed,
    parameters: {
      ...(bench
        ? { mode: "benchmark", parcelsRequested: mode.parcels, years }
        : scaled
        ? { mode: "province", counties: mode.count, parcelsRequested: mode.parcels, years }
        : { mode: "province", cities: 3, countiesPerCity: 3, years }),
      ...(shape === "grid" ? {} : { shape }),
    },
    crs: {
      epsg: 4526,
      name: "CGCS2000_3_Degree_GK_Zone_38",
      urn: "urn:ogc:def:crs:EPSG::4526",
      wkt: DEMO_PRJ,
    },
    province: { code: DEMO_PROVINCE.code, name: DEMO_PROVINCE.name },
    counties: mc,
    rules: {
      areas: "平方米，各项合计为写入文件的两位小数值之和；亩 = 平方米 ÷ (10000/15)",
      farmland: "DLBM 以 01 开头（0101/0102/0103）",
      candidates:
        "DLBM 属 02、03、04（不含 0404）或 1104（含 K/A 后缀），且 ZZSXDM 为 JKHF 或 GCHF；湿地 0303/0304/0306/0402 不计",
      abandonment: "ZZSXDM = WG 的耕地 TBDLMJ ÷ 耕地 TBDLMJ",
      geographicLayer: "饮用水水源一级保护区.geojson 为 CGCS2000 经纬度（EPSG:4490），其余为 EPSG:4526",
    },
    files: await out.fingerprints(),
    notes: [DEMO_NOTE, `坐标系：${DEMO_CRS.name}`],
  };
  await out.text("manifest.json", JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

async function writeCounty(
  out: DemoOutput,
  seed: number,
  county: DemoCounty,
  years: number[],
  bench: boolean,
  occupation: Record<string, Cell>[],
  supplement: Record<string, Cell>[],
  pbfTbmj: Map<string, number>,
  shape: DemoShape,
): Promise<DemoManifestCounty> {
  const built = buildCounty(seed, county, shape);
  const { st, base, pbf, hsf } = built;
  const rng = new Rng(seed).fork(county.code + "/tables");
  const history = bench
    ? { states: new Map([[years[0], base]]), changes: [], occupations: [], supplements: [] }
    : simulateHistory(st, base, years, new Rng(seed).fork(county.code + "/history"), pbf, hsf);
  const dir = county.code;
  const totals: DemoManifestCounty["years"] = {};
  for (const year of years) {
    const state = history.states.get(year)!;
    const table = dltbTable(st, state, year);
    await out.shapefile(`${dir}/DLTB_${year}`, { ...table, geometry: st.grid.geometry }, {
      writeCpg: county.writeCpg,
      dbfDate: [year, 12, 31],
    });
    totals[String(year)] = yearTotals(st, state);
  }
  const latest = history.states.get(years[years.length - 1])!;
  const layers = constraintLayers(st, latest, built.hsfZones, rng.fork("constraints"));
  for (const l of layers) await out.layer(`${dir}/constraints`, l, county.writeCpg);
  const tables: Record<string, number> = { constraintLayers: layers.length };
  await out.text(`${dir}/XZQ.csv`, xzqCsv(county));
  await out.text(`${dir}/CJDCQ.csv`, cjdcqCsv(county));
  if (!bench) {
    const pbfLayer = permanentFarmlandLayer(st, base, pbf);
    await out.layer(dir, pbfLayer, county.writeCpg);
    tables.permanentFarmlandParcels = pbfLayer.features.length;
    pbfTbmj.set(county.code, (pbfLayer.columns.TBMJ as number[]).reduce((a, v) => a + v, 0));
    const { rows, geo } = outflowProjects(st, history, years, rng.fork("outflow"));
    const planYear = years[years.length - 1] + 1;
    const planned = plannedProjects(st, latest, planYear, rng.fork("planned"));
    rows.push(...planned.rows);
    geo.set(planYear, planned.geo);
    await out.xlsx(`${dir}/outflow_projects.xlsx`, [{
      name: "转出项目",
      columns: [...OUTFLOW_COLUMNS],
      rows,
    }]);
    for (const [year, layer] of geo) await out.geojson(`${dir}/outflow_projects_${year}.geojson`, layer);
    tables.outflowProjects = rows.length;
    await out.text(`${dir}/changes.csv`, changesCsv(st, history));
    tables.changes = history.changes.length;
    const zb = zhanbuRows(st, history, pbf, hsf, rng.fork("zhanbu"));
    occupation.push(...zb.occupation);
    supplement.push(...zb.supplement);
    tables.occupations = zb.occupation.length;
    tables.supplements = zb.supplement.length;
    const fr = fieldReturns(st, latest, years[years.length - 1], rng.fork("returns"));
    await out.xlsx(`${dir}/field_returns.xlsx`, [{
      name: "核查回传",
      columns: [...RETURN_COLUMNS],
      rows: fr.rows,
    }]);
    // Forest and grassland candidates the forestry-and-grassland authority agreed to restore (seed 004):
    // about four in five are listed, the rest stay 待林草部门同意.
    const consentRng = rng.fork("forest-consent");
    const consented: { bsm: string; note: string }[] = [];
    for (let k = 0; k < st.grid.count; k++) {
      if (isCandidate(latest, k) && /^0[34]/.test(latest.dlbm[k]) && consentRng.chance(0.8)) {
        consented.push({ bsm: st.bsm[k], note: "示例数据：林草主管部门同意整治为耕地" });
      }
    }
    await out.xlsx(`${dir}/forest_consent.xlsx`, [{
      name: "林草部门同意",
      columns: [{ key: "bsm", header: "BSM" }, { key: "note", header: "备注" }],
      rows: consented,
    }]);
    tables.forestConsent = consented.length;
    tables.fieldReturns = fr.rows.length;
    tables.fieldReturnsMissing = fr.missing;
    for (const [k, v] of Object.entries(fr.defects)) tables[`fieldReturnDefect_${k}`] = v;
  }
  return {
    code: county.code,
    name: county.name,
    cityCode: county.cityCode,
    cityName: county.cityName,
    terrain: county.terrain,
    regionType: county.regionType,
    hasCpg: county.writeCpg,
    highAbandonment: county.highAbandonment,
    years: totals,
    tables,
  };
}

function readme(bench: boolean): string {
  return [
    "示例数据（非真实数据）",
    "",
    DEMO_NOTE,
    "省份“示例省”（代码 90）并非真实行政区；地名、项目、核查回传均为虚构。",
    bench
      ? "本目录为性能测试用的单个大县（只含最新年度 DLTB 与约束图层）。"
      : "本目录含 3 市 × 3 县、2019–2024 年度的地类图斑及相关表格。",
    "坐标系：CGCS2000 3 度带高斯-克吕格 第 38 带（EPSG:4526，横坐标含带号）。",
    "文件清单、SHA-256 与生成器自身统计的合计见 manifest.json；各县三区三线目标（耕地保有量、永久基本农田保护目标，亩）见 targets.csv。",
    "",
  ].join("\n");
}

/**
 * The demo province in `out`: kept when its manifest has the same seed, generator version and
 * shape, generated otherwise. Used by `demo --reuse` and the notebooks.
 *
 * @example
 * ```ts
 * const { manifest, reused } = await ensureDemo("data/demo");
 * ```
 */
export async function ensureDemo(
  out: string,
  seed: number = DEFAULT_SEED,
  shape: DemoShape = "grid",
): Promise<{ manifest: DemoManifest; reused: boolean }> {
  try {
    const m = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`)) as DemoManifest;
    const same = m.seed === seed && m.version === GENERATOR_VERSION &&
      (m.parameters.shape ?? "grid") === shape;
    if (same) return { manifest: m, reused: true };
  } catch { /* nothing to reuse */ }
  return { manifest: await generateDemo({ out, seed, shape }), reused: false };
}

/** The county whose demo targets are set above what it holds, so the briefing shows a shortfall. */
const SHORT_OF_TARGET = "900303";

/**
 * targets.csv: each county's 三区三线 targets in 亩 (耕地保有量、永久基本农田保护目标), set from its
 * 2019 farmland (TBDLMJ) and the TBMJ of its permanent-basic-farmland layer scaled by the county's
 * TBDLMJ/TBMJ ratio: 95 % of each, except {@link SHORT_OF_TARGET} at 103 % (a shortfall).
 */
export function targetsCsv(counties: readonly DemoManifestCounty[], pbfTbmj: ReadonlyMap<string, number>): string {
  const lines = ["code,name,farmland_target_mu,pbf_target_mu,note"];
  for (const c of counties) {
    const y = c.years[Object.keys(c.years).sort()[0]]; // the first survey (2019 in the demo)
    const f = c.code === SHORT_OF_TARGET ? 1.03 : 0.95, p = c.code === SHORT_OF_TARGET ? 1.03 : 0.95;
    const ratio = y.farmlandTbmjM2 > 0 ? y.farmlandTbdlmjM2 / y.farmlandTbmjM2 : 1;
    const farm = Math.round((y.farmlandTbdlmjM2 * f) / (10000 / 15));
    const pbf = Math.round(((pbfTbmj.get(c.code) ?? 0) * ratio * p) / (10000 / 15));
    lines.push([c.code, c.name, farm, pbf, "示例数据"].join(","));
  }
  return lines.join("\n") + "\n";
}
