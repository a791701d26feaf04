/**
 * Trends of a province's survey data (the demo province or real 三调/变更调查 layers): for every
 * survey year found (files DLTB_<year>.shp|geojson|fgb in the folder or its county subfolders),
 * the farmland centre per county and for the whole data set under the three weightings and its
 * drift; abandonment per county against the 20% line; unstable-farmland shares per county and
 * in total, each source apart and the union; all joined with the region type.
 *
 * Loading goes through the workspace loader, one county file at a time (one CRS for all years;
 * {@link collectSurveyYears}); sums are SQL in DuckDB on each file ({@link sumTrendPart}), added
 * up across files ({@link mergeUnitSums}); centres, drift, rates and shares are the pure
 * functions of this folder.
 *
 * @example
 * ```ts
 * const t = await surveyTrends({ dir: "data/demo" });
 * t.abandonment.filter((r) => r.flagged); // counties above 20%
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { group, rollup } from "d3-array";
import { CGCS2000_GEOGRAPHIC, type Crs, transformer } from "../io/crs.ts";
import { type Engine, openEngine } from "../db/engine.ts";
import { centreFromSums } from "./centroid.ts";
import { driftPath } from "./drift.ts";
import { DEFAULT_YIELD_TABLE, WEIGHT_KINDS, type WeightKind, type YieldTable } from "./weights.ts";
import {
  abandonmentRates,
  type AbandonmentRow,
  DEFAULT_TERRAIN_RULE,
  type Terrain,
  type TerrainRule,
} from "./abandonment.ts";
import { mergeUnstableSums, type UnstableRow, unstableRowFromSums, type UnstableSums } from "./unstable.ts";
import {
  type CollectedSurvey,
  collectSurveyYears,
  findSurveyFiles,
  readBsmList,
  type SurveyPart,
} from "./survey_load.ts";
import { mergeLayerSums, mergeUnitSums } from "./merge_sums.ts";
import { checkedCountyFolders, foldersFromSurveyFiles } from "../ingest/county_folder.ts";
import { REGION_TYPE_LABELS, REGION_TYPES, type RegionType } from "./region_type.ts";
import {
  countyRegionType,
  emptyUnitConfig,
  readUnitConfig,
  type UnitConfig,
  unitName,
} from "./units_config.ts";
import { concatTrendParts, type LayerSumsRow, sumTrendPart, type UnitSumsRow } from "./sql.ts";

/** Parcels summed in DuckDB at a time. */
const PART_ROWS = 50_000;

/** Options of {@link surveyTrends}. */
export interface SurveyTrendsOptions {
  /** Folder with DLTB_<year> files, directly or in one subfolder per county. */
  dir: string;
  /** Only these years (default: every year found). */
  years?: number[];
  /** Unit table (code, name, terrain, region_type); default `<dir>/admin_units.csv` when present. */
  unitConfig?: string;
  /** Province region types (code → type), e.g. from data/public. */
  provinceTypes?: ReadonlyMap<string, RegionType>;
  /** Extra unstable-farmland layers applied to every county. */
  layerFiles?: string[];
  /** Read each county folder's `constraints/` for flood and forest/grassland layers (default true). */
  layersFromConstraints?: boolean;
  /** A CSV/XLSX with a BSM column: parcels a field survey found abandoned (in addition to ZZSXDM = WG). */
  abandonedList?: string;
  yieldTable?: YieldTable;
  /** Abandonment line (default 0.2, flagged when strictly above). */
  line?: number;
  terrainRule?: TerrainRule;
  /** CRS for files without one. */
  crs?: string;
  engine?: Engine;
  /** Progress messages (default: none). */
  log?: (message: string) => void;
}

/** A centre of one unit, year and weighting. */
export interface CentreRow {
  level: "county" | "province";
  code: string;
  name: string;
  regionType: RegionType;
  year: number;
  weight: WeightKind;
  x: number;
  y: number;
  lon: number;
  lat: number;
  totalWeight: number;
  farmlandM2: number;
  /** Farmland with a grade 1–15 over all farmland (quality and capacity weights use only it). */
  gradedShare: number;
}

/** A drift step of one unit and weighting. */
export interface DriftRow {
  level: "county" | "province";
  code: string;
  name: string;
  regionType: RegionType;
  weight: WeightKind;
  kind: "step" | "net";
  from: string;
  to: string;
  distanceKm: number;
  bearingDeg: number;
  direction: string;
  cumulativeKm: number;
}

/** Abandonment row with names and type. */
export interface AbandonmentOutRow extends AbandonmentRow {
  name: string;
  regionType: RegionType;
}

/** Unstable row of a unit and year. */
export interface UnstableOutRow extends UnstableRow {
  level: "county" | "province" | "region_type";
  year: number;
  code: string;
  name: string;
  regionType: RegionType;
}

/** Sums per region type and year (counties). */
export interface RegionTypeYearRow {
  year: number;
  regionType: RegionType;
  label: string;
  counties: number;
  farmlandM2: number;
  abandonedM2: number;
  abandonmentRate: number;
  flaggedCounties: number;
  unstableUnionM2: number;
  unstableShare: number;
}

/** Everything the survey trends produce. */
export interface SurveyTrends {
  dir: string;
  years: number[];
  files: string[];
  crs: Crs;
  counties: string[];
  centres: CentreRow[];
  drift: DriftRow[];
  abandonment: AbandonmentOutRow[];
  unstable: UnstableOutRow[];
  layerNames: string[];
  layers: { folder: string; name: string; kind: string; source: string }[];
  byRegionType: RegionTypeYearRow[];
  yieldTable: YieldTable;
  terrainRule: TerrainRule;
  line: number;
  unitConfigSource: string | null;
  notes: string[];
}

/** Runs the whole survey-trends stage. */
export async function surveyTrends(opts: SurveyTrendsOptions): Promise<SurveyTrends> {
  const log = opts.log ?? (() => {});
  const dir = opts.dir.replace(/\/+$/, "");
  // Every county has every year the province has (else that county is an input error; under
  // --allow missing_layer it is left out of the trends, said in the notes).
  const everything = await findSurveyFiles(dir);
  const checked = checkedCountyFolders(foldersFromSurveyFiles([...everything.values()].flat()));
  const keptFiles = new Set(checked.folders.flatMap((f) => [...f.surveys.values()]));
  const found = new Map([...everything].map(([y, ps]) => [y, ps.filter((p) => keptFiles.has(p))] as const).filter(([, ps]) => ps.length));
  const years = [...found.keys()].filter((y) => !opts.years || opts.years.includes(y));
  if (years.length === 0) throw new Error(`${dir} 中没有找到 DLTB_<年份> 图层（.shp/.geojson/.fgb）`);
  let cfg: UnitConfig = emptyUnitConfig();
  const cfgPath = opts.unitConfig ?? `${dir}/admin_units.csv`;
  try {
    Deno.statSync(cfgPath);
    cfg = await readUnitConfig(cfgPath);
  } catch (e) {
    if (opts.unitConfig) throw e;
  }
  const yieldTable = opts.yieldTable ?? DEFAULT_YIELD_TABLE;
  const terrainRule = opts.terrainRule ?? DEFAULT_TERRAIN_RULE;
  const line = opts.line ?? 0.2;
  const abandonedBsm = opts.abandonedList ? await readBsmList(opts.abandonedList) : new Set<string>();
  const provinceTypes = opts.provinceTypes ?? new Map<string, RegionType>();

  // County files through DuckDB some 50,000 parcels at a time; the parts' sums add up to the
  // whole (merge_sums.ts), so a province holds one part, not all of its parcels.
  const db = opts.engine ?? await openEngine();
  const partSums: UnitSumsRow[] = [], partLayerSums: LayerSumsRow[] = [];
  let pending: SurveyPart[] = [], pendingRows = 0;
  const flush = async () => {
    if (!pending.length) return;
    const { cols, lcols } = concatTrendParts(pending);
    pending = [];
    pendingRows = 0;
    const s = await sumTrendPart(db, cols, lcols, yieldTable);
    partSums.push(...s.sums);
    partLayerSums.push(...s.lsums);
  };
  let collected: CollectedSurvey;
  try {
    collected = await collectSurveyYears(found, years, {
      abandonedBsm,
      layerFiles: opts.layerFiles,
      layersFromConstraints: opts.layersFromConstraints,
      crs: opts.crs,
      log,
    }, async (part) => {
      pending.push(part);
      pendingRows += part.cols.pkey.length;
      if (pendingRows >= PART_ROWS) await flush();
    });
    await flush();
  } finally {
    if (!opts.engine) await db.close();
  }
  const { files, crs } = collected;
  const sums = mergeUnitSums(partSums), lsums = mergeLayerSums(partLayerSums);

  const layerNames = [...new Set(collected.layers.map((l) => l.name))].sort();
  const unitCode = (r: { level: string; province: string | null; county: string | null }) =>
    r.level === "county" ? r.county ?? "" : r.province ?? "";
  const typeOf = (level: string, code: string): RegionType =>
    level === "county"
      ? countyRegionType(cfg, provinceTypes, code)
      : (cfg.regionTypes.get(code) ?? provinceTypes.get(`${code}0000`) ?? "unassigned");
  const toGeo = transformer(crs, CGCS2000_GEOGRAPHIC);

  // centres and drift
  const centres: CentreRow[] = [];
  for (const r of sums) {
    const code = unitCode(r);
    for (const w of WEIGHT_KINDS) {
      const c = centreFromSums({
        sumW: r[`${w}_w`],
        sumWX: r[`${w}_wx`],
        sumWY: r[`${w}_wy`],
        used: r.parcels,
        skipped: 0,
      });
      const [lon, lat] = Number.isFinite(c.x) ? toGeo(c.x, c.y) : [NaN, NaN];
      centres.push({
        level: r.level,
        code,
        name: unitName(cfg, code),
        regionType: typeOf(r.level, code),
        year: r.year,
        weight: w,
        x: c.x,
        y: c.y,
        lon,
        lat,
        totalWeight: c.weight,
        farmlandM2: r.farmland_m2,
        gradedShare: r.farmland_m2 > 0 ? r.graded_m2 / r.farmland_m2 : NaN,
      });
    }
  }
  const drift: DriftRow[] = [];
  const groups = group(centres, (c) => `${c.level}|${c.code}|${c.weight}`);
  for (const list of groups.values()) {
    const c0 = list[0];
    const d = driftPath(list.map((c) => ({ label: String(c.year), order: c.year, lon: c.lon, lat: c.lat })));
    const base = {
      level: c0.level,
      code: c0.code,
      name: c0.name,
      regionType: c0.regionType,
      weight: c0.weight,
    };
    for (const s of d.steps) {
      drift.push({ ...base, kind: "step", ...stepFields(s), cumulativeKm: s.cumulativeKm });
    }
    if (d.net && d.steps.length > 1) {
      drift.push({ ...base, kind: "net", ...stepFields(d.net), cumulativeKm: d.pathKm });
    }
  }

  // abandonment
  const countyRows = sums.filter((r) => r.level === "county" && r.county);
  const terrainCfg = new Map<string, Terrain>([...cfg.terrain]);
  const abandonment: AbandonmentOutRow[] = abandonmentRates(
    countyRows.map((r) => ({
      year: r.year,
      county: r.county!,
      farmlandM2: r.farmland_m2,
      abandonedM2: r.abandoned_m2,
      slopeM2: [r.slope1_m2, r.slope2_m2, r.slope3_m2, r.slope4_m2, r.slope5_m2],
    })),
    { line, terrain: terrainCfg, rule: terrainRule },
  ).map((r) => ({ ...r, name: unitName(cfg, r.county), regionType: typeOf("county", r.county) }));

  // unstable
  // per unit and year, per layer: the sum in row order (NaN stays NaN, as SQL's NULL-free sums never give one)
  const layerBy = rollup(
    lsums,
    (v) => Object.fromEntries(rollup(v, (w) => w.reduce((s, l) => s + l.layer_m2, 0), (l) => l.layer)),
    (l) => `${l.level}|${l.year}|${unitCode(l)}`,
  );
  const toSums = (r: UnitSumsRow): UnstableSums => {
    const layer = layerBy.get(`${r.level}|${r.year}|${unitCode(r)}`) ?? {};
    return {
      region: unitCode(r),
      farmlandM2: r.farmland_m2,
      tbxhM2: {
        HDGD: r.tbxh_hdgd_m2,
        HQGD: r.tbxh_hqgd_m2,
        LQGD: r.tbxh_lqgd_m2,
        MQGD: r.tbxh_mqgd_m2,
        SHGD: r.tbxh_shgd_m2,
        SMGD: r.tbxh_smgd_m2,
      },
      tbxhAnyM2: r.tbxh_any_m2,
      slope5M2: r.slope5_m2,
      attrUnionM2: r.attr_union_m2,
      layerM2: Object.fromEntries(layerNames.map((n) => [n, layer[n] ?? 0])),
      layerUnionM2: r.layer_union_m2,
      unionM2: r.union_m2,
    };
  };
  const unstable: UnstableOutRow[] = sums.map((r) => {
    const code = unitCode(r);
    return {
      ...unstableRowFromSums(toSums(r)),
      level: r.level,
      year: r.year,
      code,
      name: unitName(cfg, code),
      regionType: typeOf(r.level, code),
    };
  });
  for (const year of years) {
    for (const t of REGION_TYPES) {
      const list = countyRows.filter((r) => r.year === year && typeOf("county", r.county!) === t);
      if (!list.length) continue;
      const merged = mergeUnstableSums(t, list.map(toSums));
      for (const n of layerNames) merged.layerM2[n] ??= 0;
      unstable.push({
        ...unstableRowFromSums(merged),
        level: "region_type",
        year,
        code: t,
        name: REGION_TYPE_LABELS[t],
        regionType: t,
      });
    }
  }

  const byRegionType: RegionTypeYearRow[] = [];
  for (const year of years) {
    for (const t of REGION_TYPES) {
      const ab = abandonment.filter((r) => r.year === year && r.regionType === t);
      if (!ab.length) continue;
      const us = countyRows.filter((r) => r.year === year && typeOf("county", r.county!) === t);
      const farm = ab.reduce((s, r) => s + r.farmlandM2, 0), abd = ab.reduce((s, r) => s + r.abandonedM2, 0);
      const uni = us.reduce((s, r) => s + r.union_m2, 0);
      byRegionType.push({
        year,
        regionType: t,
        label: REGION_TYPE_LABELS[t],
        counties: ab.length,
        farmlandM2: farm,
        abandonedM2: abd,
        abandonmentRate: farm > 0 ? abd / farm : NaN,
        flaggedCounties: ab.filter((r) => r.flagged).length,
        unstableUnionM2: uni,
        unstableShare: farm > 0 ? uni / farm : NaN,
      });
    }
  }

  const counties = [...new Set(countyRows.map((r) => r.county!))].sort();
  const notes = [
    "面积一律用图斑地类面积 TBDLMJ；耕地重心用图斑质心在投影坐标中按权重平均，再换算为 CGCS2000 经纬度；每步距离与方位角在 GRS80 椭球面上按 Vincenty 公式计算。",
    "质量加权重心权重为 TBDLMJ ×（16 − 耕地等别），等别 1 最好；产能加权重心权重为 TBDLMJ（亩）× 标准粮产量（kg/亩）。无等别的耕地不参与这两种加权（见“有等别耕地占比”）。",
    `标准粮产量表：${yieldTable.note}`,
    `撂荒率 = ZZSXDM 为 WG（未耕种）${
      abandonedBsm.size ? "或列入实地核查撂荒清单" : ""
    }的耕地面积 ÷ 耕地面积；高于（>）${(line * 100).toFixed(0)}% 标记，恰为 ${
      (line * 100).toFixed(0)
    }% 不标记（种子文献“超过”）。`,
    ...checked.notes,
    ...collected.notes,
    `地形：${
      cfg.terrain.size ? `按单元配置表（${cfg.source}）；` : ""
    }无配置的县按坡度级别推算——${terrainRule.note}`,
    "不稳定耕地：图斑细化代码 TBXHDM 为 HDGD/HQGD/LQGD/MQGD/SHGD/SMGD 或坡度级别为 5（>25°）者整块计入；给出河湖管理范围/洪水位控制线或林区/草原图层时，另计落在图层内的部分（按平面面积占比折算 TBDLMJ）。各来源分列，合计为并集，不重复计数。",
    layerNames.length
      ? `参与计算的不稳定耕地图层：${layerNames.join("、")}。`
      : "未给出河湖管理范围、洪水位控制线或林区、草原图层：不稳定耕地只按调查属性（TBXHDM、坡度级别）统计。",
    "地区类型：县级按单元配置表，无配置时取所在省份的类型（data/public/province_region_types.csv）。",
    `参照：种子文献 000 指出浙江、江西、湖南、广西、重庆、四川等省份的山区县撂荒率已超过 20%；西北干旱半干旱地区不稳定耕地占比 4.11%，东北地区 11.57%。`,
  ];
  return {
    dir,
    years,
    files,
    crs,
    counties,
    centres,
    drift,
    abandonment,
    unstable,
    layerNames,
    layers: collected.layers,
    byRegionType,
    yieldTable,
    terrainRule,
    line,
    unitConfigSource: cfg.source,
    notes,
  };
}

function stepFields(
  s: { from: string; to: string; distanceKm: number; bearingDeg: number; direction: string },
) {
  return {
    from: s.from,
    to: s.to,
    distanceKm: s.distanceKm,
    bearingDeg: s.bearingDeg,
    direction: s.direction,
  };
}

export { findSurveyFiles };
