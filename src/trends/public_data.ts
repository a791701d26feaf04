/**
 * The public figures in data/public/ (see its README for every source): farmland per province
 * from the third (三调, 2019) and second (二调, 2009) national land surveys, changes between
 * them where a province published one, national farmland-quality figures, a representative
 * point per province and the province region types. Each file has one row per province and a
 * national row (code 000000); a figure not found is left empty, never guessed.
 *
 * Values are kept as published (value, unit, decimals) and converted here to m². The rounding
 * of a published figure is half a unit of its last digit, which bounds how far a sum of
 * provinces may sit from the national total ({@link roundingM2}).
 *
 * @example
 * ```ts
 * const pub = await loadPublicData("data/public");
 * pub.sandiao.national.areaM2; // 12786.19 万公顷 … as m² (from 191792.79 万亩)
 * ```
 * @module
 */
import { readCsv } from "../io/csv.ts";
import type { Cell } from "../io/layer.ts";
import { M2_PER_HA, M2_PER_MU } from "../units/area.ts";
import { parseRegionType, type RegionType } from "./region_type.ts";

/** m² per published unit. */
export const UNIT_M2: Readonly<Record<string, number>> = Object.freeze({
  "亩": M2_PER_MU,
  "万亩": 1e4 * M2_PER_MU,
  "亿亩": 1e8 * M2_PER_MU,
  "公顷": M2_PER_HA,
  "万公顷": 1e4 * M2_PER_HA,
  "平方公里": 1e6,
  "平方米": 1,
});

/** One published area figure. */
export interface PublishedArea {
  value: number;
  unit: string;
  decimals: number;
  areaM2: number;
  /** Half a unit of the last published digit, in m². */
  roundingM2: number;
}

/** One row of a farmland-by-province file. */
export interface AreaRow {
  code: string;
  name: string;
  level: "national" | "province";
  /** The published figure with the finer rounding (of value and alt_value); null when none was found. */
  area: PublishedArea | null;
  /** The same figure in the other unit, when also published. */
  alt: PublishedArea | null;
  /** The two published units disagree by more than their rounding (a misprint in one of them). */
  altMismatch: boolean;
  source: string;
  url: string;
  note: string;
}

/** A farmland-by-province file: the national row and the province rows (all 31, some empty). */
export interface AreaTable {
  file: string;
  national: AreaRow;
  provinces: AreaRow[];
}

/** One representative point. */
export interface PointRow {
  code: string;
  name: string;
  lon: number;
  lat: number;
  kind: string;
  place: string;
  poorStandIn: boolean;
  source: string;
  url: string;
  note: string;
}

/** One national quality figure. */
export interface QualityRow {
  scheme: string;
  year: number;
  indicator: string;
  value: number;
  unit: string;
  source: string;
  url: string;
  note: string;
}

/** Region type of a province with its basis. */
export interface RegionTypeRow {
  code: string;
  name: string;
  type: RegionType;
  basis: string;
  source: string;
}

/** Everything in data/public/. */
export interface PublicData {
  dir: string;
  sandiao: AreaTable;
  erdiao: AreaTable;
  /** Published changes 二调 → 三调 by province (area = signed change). */
  changes: AreaRow[];
  points: PointRow[];
  quality: QualityRow[];
  regionTypes: RegionTypeRow[];
  /** Shares of the national total that a bulletin states for a group of provinces. */
  shares: PublishedShareRow[];
}

/** A bulletin's statement that a group of provinces holds a share of the national farmland. */
export interface PublishedShareRow {
  /** "2019" (三调) or "2009" (二调). */
  survey: "2019" | "2009";
  /** Province codes of the group. */
  provinces: string[];
  /** The share as published, in percent, and its decimals. */
  sharePct: number;
  decimals: number;
  statement: string;
  source: string;
  url: string;
}

/** The file names in the public data folder. */
export const PUBLIC_FILES = Object.freeze({
  sandiao: "sandiao_2019_farmland.csv",
  erdiao: "erdiao_2009_farmland.csv",
  changes: "change_2009_2019_published.csv",
  points: "province_points.csv",
  quality: "farmland_quality_grade.csv",
  regionTypes: "province_region_types.csv",
  shares: "published_shares.csv",
});

/** The published figure as m² with its rounding; throws for an unknown unit. */
export function publishedArea(value: number, unit: string, decimals: number, where: string): PublishedArea {
  const f = UNIT_M2[unit];
  if (f === undefined) {
    throw new Error(`${where}：未知的面积单位“${unit}”（可用：${Object.keys(UNIT_M2).join("、")}）`);
  }
  if (!Number.isInteger(decimals) || decimals < 0) {
    throw new Error(`${where}：小数位数须为非负整数，收到 ${decimals}`);
  }
  return { value, unit, decimals, areaM2: value * f, roundingM2: 0.5 * 10 ** -decimals * f };
}

function rows(layer: { columns: Record<string, Cell[]>; length: number; source: string }, need: string[]) {
  for (const c of need) if (!(c in layer.columns)) throw new Error(`${layer.source} 缺少列 ${c}`);
  return Array.from({ length: layer.length }, (_, i) => (c: string): Cell => layer.columns[c]?.[i] ?? null);
}

const str = (v: Cell) => (v == null ? "" : String(v).trim());
const num = (v: Cell) => (v == null || String(v).trim() === "" ? NaN : Number(v));

function areaOf(get: (c: string) => Cell, prefix: "" | "alt_", where: string): PublishedArea | null {
  const value = num(get(`${prefix}value`));
  if (!Number.isFinite(value)) return null;
  return publishedArea(value, str(get(`${prefix}unit`)), num(get(`${prefix}decimals`)), where);
}

async function readAreaRows(path: string): Promise<AreaRow[]> {
  const layer = await readCsv(path);
  const alt = "alt_value" in layer.columns;
  return rows(layer, ["code", "name", "level", "value", "unit", "decimals", "source", "url"]).map(
    (get, i) => {
      const where = `${path} 第 ${i + 2} 行（${str(get("name"))}）`;
      let area = areaOf(get, "", where);
      const level = str(get("level"));
      if (level !== "national" && level !== "province") {
        throw new Error(`${where}：level 须为 national 或 province`);
      }
      if (area && (!str(get("source")) || !str(get("url")))) {
        throw new Error(`${where}：有数字却没有来源（source、url）`);
      }
      let second = alt ? areaOf(get, "alt_", where) : null;
      // the figure with the finer rounding is the one computed with
      if (area && second && second.roundingM2 < area.roundingM2) [area, second] = [second, area];
      return {
        code: str(get("code")),
        name: str(get("name")),
        level,
        area,
        alt: second,
        altMismatch: Boolean(
          area && second && Math.abs(area.areaM2 - second.areaM2) > area.roundingM2 + second.roundingM2,
        ),
        source: str(get("source")),
        url: str(get("url")),
        note: str(get("note")),
      };
    },
  );
}

async function readAreaTable(path: string): Promise<AreaTable> {
  const all = await readAreaRows(path);
  const national = all.filter((r) => r.level === "national");
  if (national.length !== 1) {
    throw new Error(`${path} 应有且只有一行全国数据（level = national），实有 ${national.length} 行`);
  }
  return { file: path, national: national[0], provinces: all.filter((r) => r.level === "province") };
}

/** Loads every file of the public data folder with the workspace's CSV reader. */
export async function loadPublicData(dir: string): Promise<PublicData> {
  const p = (f: string) => `${dir.replace(/\/+$/, "")}/${f}`;
  const sandiao = await readAreaTable(p(PUBLIC_FILES.sandiao));
  const erdiao = await readAreaTable(p(PUBLIC_FILES.erdiao));
  const changes = await readAreaRows(p(PUBLIC_FILES.changes));

  const pl = await readCsv(p(PUBLIC_FILES.points));
  const points = rows(pl, [
    "code",
    "name",
    "level",
    "lon",
    "lat",
    "point_kind",
    "place",
    "poor_stand_in",
    "source",
    "url",
  ])
    .map((get) => ({
      code: str(get("code")),
      name: str(get("name")),
      lon: num(get("lon")),
      lat: num(get("lat")),
      kind: str(get("point_kind")),
      place: str(get("place")),
      poorStandIn: str(get("poor_stand_in")) === "true",
      source: str(get("source")),
      url: str(get("url")),
      note: str(get("note")),
    }))
    .filter((r) => r.code !== "000000");
  for (const r of points) {
    if (Number.isFinite(r.lon) && (!r.source || !r.url)) {
      throw new Error(`${p(PUBLIC_FILES.points)}：${r.name} 的坐标没有来源`);
    }
  }

  const ql = await readCsv(p(PUBLIC_FILES.quality));
  const quality = rows(ql, ["scheme", "reference_year", "indicator", "value", "unit", "source", "url"]).map((
    get,
  ) => ({
    scheme: str(get("scheme")),
    year: num(get("reference_year")),
    indicator: str(get("indicator")),
    value: num(get("value")),
    unit: str(get("unit")),
    source: str(get("source")),
    url: str(get("url")),
    note: str(get("note")),
  }));

  const rl = await readCsv(p(PUBLIC_FILES.regionTypes));
  const regionTypes = rows(rl, ["code", "name", "region_type", "basis", "source"])
    .map((get, i) => ({
      code: str(get("code")),
      name: str(get("name")),
      type: parseRegionType(str(get("region_type")), `${p(PUBLIC_FILES.regionTypes)} 第 ${i + 2} 行`),
      basis: str(get("basis")),
      source: str(get("source")),
    }))
    .filter((r) => r.code !== "000000");
  const sl = await readCsv(p(PUBLIC_FILES.shares));
  const shares = rows(sl, ["survey", "provinces", "share_pct", "decimals", "statement", "source", "url"])
    .map((get, i): PublishedShareRow => {
      const where = `${p(PUBLIC_FILES.shares)} 第 ${i + 2} 行`;
      const survey = str(get("survey"));
      if (survey !== "2019" && survey !== "2009") throw new Error(`${where}：survey 须为 2019 或 2009，收到“${survey}”`);
      const sharePct = num(get("share_pct")), decimals = num(get("decimals"));
      if (!(sharePct >= 0 && sharePct <= 100)) throw new Error(`${where}：share_pct 须在 0–100 之间，收到“${str(get("share_pct"))}”`);
      if (!Number.isInteger(decimals) || decimals < 0) throw new Error(`${where}：decimals 须为非负整数，收到“${str(get("decimals"))}”`);
      if (!str(get("source")) || !str(get("url"))) throw new Error(`${where}：有数字却没有来源（source、url）`);
      return {
        survey,
        provinces: str(get("provinces")).split(";").map((c) => c.trim()).filter(Boolean),
        sharePct,
        decimals,
        statement: str(get("statement")),
        source: str(get("source")),
        url: str(get("url")),
      };
    });
  for (const [i, r] of shares.entries()) {
    const t = r.survey === "2019" ? sandiao : erdiao;
    for (const c of r.provinces) {
      if (!t.provinces.some((x) => x.code === c)) {
        throw new Error(`${p(PUBLIC_FILES.shares)} 第 ${i + 2} 行：省级代码 ${c} 不在 ${t.file} 中`);
      }
    }
  }
  return { dir, sandiao, erdiao, changes, points, quality, regionTypes, shares };
}

/** Result of {@link checkPublishedShare}. */
export interface ShareCheck {
  row: PublishedShareRow;
  withFigure: string[];
  missing: string[];
  /** Σ of the group's provinces that have a figure, and its rounding. */
  knownM2: number;
  knownRoundingM2: number;
  /** What the published share allows for the whole group (share and national rounding). */
  groupMinM2: number;
  groupMaxM2: number;
  /** What it leaves for the missing provinces together ([0, 0] when none is missing). */
  missingMinM2: number;
  missingMaxM2: number;
  /** The figures found do not contradict the statement (all present: the sum lies in the range). */
  consistent: boolean;
}

/**
 * Checks the provinces' figures against a bulletin's statement that a group holds a share of
 * the national farmland (e.g. 三调: 黑龙江、内蒙古、河南、吉林、新疆 hold 40%). The share is rounded
 * to its decimals, the national figure and each province to theirs; with provinces missing, the
 * statement bounds what the missing ones hold together.
 */
export function checkPublishedShare(row: PublishedShareRow, t: AreaTable): ShareCheck {
  if (!t.national.area) throw new Error(`${t.file} 没有全国数字`);
  const n = t.national.area;
  const h = 0.5 * 10 ** -row.decimals;
  const groupMin = ((row.sharePct - h) / 100) * (n.areaM2 - n.roundingM2);
  const groupMax = ((row.sharePct + h) / 100) * (n.areaM2 + n.roundingM2);
  let known = 0, tol = 0;
  const withFigure: string[] = [], missing: string[] = [];
  for (const code of row.provinces) {
    const r = t.provinces.find((x) => x.code === code)!;
    if (r.area) {
      known += r.area.areaM2;
      tol += r.area.roundingM2;
      withFigure.push(r.name);
    } else missing.push(r.name);
  }
  const complete = missing.length === 0;
  return {
    row,
    withFigure,
    missing,
    knownM2: known,
    knownRoundingM2: tol,
    groupMinM2: groupMin,
    groupMaxM2: groupMax,
    missingMinM2: complete ? 0 : Math.max(0, groupMin - known - tol),
    missingMaxM2: complete ? 0 : groupMax - known + tol,
    consistent: known - tol <= groupMax && (!complete || known + tol >= groupMin),
  };
}

/** Result of {@link checkProvinceSum}. */
export interface SumCheck {
  provincesWithFigure: number;
  provincesMissing: string[];
  sumM2: number;
  nationalM2: number;
  /** Σ of the provinces' rounding + the national rounding. */
  toleranceM2: number;
  /** national − Σ provinces. */
  gapM2: number;
  /** All provinces present and |gap| ≤ tolerance. */
  complete: boolean;
  withinRounding: boolean;
}

/**
 * Compares the sum of the provinces with the national figure. With every province present the
 * sum must equal the national total within the bulletins' rounding; with some missing, the sum
 * must not exceed it (beyond rounding), and the gap is what the missing provinces hold.
 */
export function checkProvinceSum(t: AreaTable): SumCheck {
  if (!t.national.area) throw new Error(`${t.file} 没有全国数字`);
  let sum = 0, tol = t.national.area.roundingM2, n = 0;
  const missing: string[] = [];
  for (const r of t.provinces) {
    if (!r.area) {
      missing.push(r.name);
      continue;
    }
    sum += r.area.areaM2;
    tol += r.area.roundingM2;
    n++;
  }
  const gap = t.national.area.areaM2 - sum;
  const complete = missing.length === 0;
  return {
    provincesWithFigure: n,
    provincesMissing: missing,
    sumM2: sum,
    nationalM2: t.national.area.areaM2,
    toleranceM2: tol,
    gapM2: gap,
    complete,
    withinRounding: complete ? Math.abs(gap) <= tol : gap >= -tol,
  };
}
