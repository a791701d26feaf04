/**
 * The potential pool (潜力库) of the in-flow selection (DOMAIN.md §4.4–§4.6): the screened pieces
 * whose field verification came back complete and graded 可以恢复 or 建议恢复, each with the
 * facts the selection weighs — contiguity class, restoration cost, whether it can be paddy
 * (水源保障 graded 容易), whether it adjoins permanent basic farmland (within `gap`), and the grade
 * the restored land is taken to have. Every other piece is listed with the reason it is out.
 *
 * The grade of restored land, in this order (§4.6): the annual farmland-quality update layer
 * (area-weighted over the part of the piece it covers, or a value keyed by BSM), else the
 * area-weighted GDDB of farmland within `gap` (the screening's `adjacentGrade`), else a grade
 * filled in the field, else null (未评定: no quality parity is claimed for it).
 *
 * @example
 * ```ts
 * const { pool, excluded } = await buildPool(pieces, importResult, { pbfLayer: pbf.geometry });
 * pool[0].result;      // "可以恢复"
 * excluded[0].reason;  // "评价为不建议恢复：…"
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { group, range } from "d3-array";
import type { ContigClass, ScreenPiece } from "../screen/types.ts";
import type { ImportResult } from "../evaluate/import_types.ts";
import type { Grade, RestoreResult } from "../evaluate/labels.ts";
import type { PolygonColumn } from "../geom/types.ts";
import { polygonColumnFromRings } from "../geom/types.ts";
import { FeatureIndex } from "../geom/spatial_index.ts";
import { withinDistance } from "../geom/cluster.ts";
import { createOverlay, localOrigin } from "../geom/overlay.ts";
import { cityCodeOf } from "../units/admin.ts";
import type { PoolPiece } from "./types.ts";

/** The verification outcome of one piece, as the pool needs it (from an import or graded.csv). */
export interface GradedRecord {
  bsm: string;
  part: number;
  result: RestoreResult;
  /** Grade of the water criterion (水源保障): 容易 means the land can be paddy. */
  waterGrade: Grade | null;
  /** Restoration cost from the return, 万元 per 亩, or null when the return has none. */
  costPerMu: number | null;
  /** A quality grade (GDDB 1–15) filled in the field, or null. */
  fieldGrade: number | null;
}

/** The annual farmland-quality update layer as polygons with their GDDB (null: not graded). */
export interface QualityPolygons {
  geometry: PolygonColumn;
  grades: readonly (number | null)[];
}

/**
 * The quality layer: polygons, or grades keyed by "BSM#part" or by "BSM" (a table of the
 * annual update keyed to the restored parcels).
 */
export type QualityLayer = QualityPolygons | ReadonlyMap<string, number>;

/** Whether restoring a piece needs the forestry-and-grassland authority's consent, and whether the list gives it. */
export function forestConsentOf(p: { bsm: string; dlbm: string }, consent?: ReadonlySet<string>): NonNullable<PoolPiece["forestConsent"]> {
  if (!/^0[34]/.test(p.dlbm)) return "not_needed";
  return consent?.has(p.bsm) ? "granted" : "pending";
}

function forestConsentNote(pool: readonly PoolPiece[], consent?: ReadonlySet<string>): string {
  const need = pool.filter((p) => p.forestConsent && p.forestConsent !== "not_needed");
  const pending = need.filter((p) => p.forestConsent === "pending");
  return `林地、草地整治为耕地需经林草主管部门同意（种子文献 004）：潜力库中林地、草地 ${need.length} 个，已同意 ${
    need.length - pending.length
  } 个，待林草部门同意 ${pending.length} 个${consent ? "" : "（未提供林草部门同意清单 forest_consent）"}`;
}

/** Options of {@link buildPool}. */
export interface PoolOptions {
  /** Adjacency distance in metres (≤, touching included); default 10 as in the screening. */
  gapM?: number;
  /** Permanent basic farmland (永久基本农田) polygons, same CRS as the pieces. */
  pbfLayer?: PolygonColumn | null;
  /** The annual farmland-quality update layer. */
  qualityLayer?: QualityLayer | null;
  /** BSMs of forest or grassland the forestry-and-grassland authority agreed to restore. */
  forestConsent?: ReadonlySet<string>;
}

/** A piece left out of the pool, with its state and the reason (Chinese). */
export interface PoolExclusion {
  bsm: string;
  part: number;
  county: string | null;
  township: string | null;
  areaM2: number;
  /** 不建议恢复, 回传不完整, 未回传, or 数据不全 (no cost or no county). */
  state: "不建议恢复" | "回传不完整" | "未回传" | "数据不全";
  reason: string;
}

/** The pool, what was left out, and notes on the grade sources used. */
export interface PoolBuild {
  pool: PoolPiece[];
  excluded: PoolExclusion[];
  notes: string[];
}

/** Contiguity classes in the order of preference (集中连片 first). */
export const CLASS_RANK: Readonly<Record<ContigClass, number>> = Object.freeze({
  I_CONTIG: 0,
  II_CONTIG: 1,
  I_SCATTER: 2,
  II_SCATTER: 3,
});

/** Grade counted for a piece 未评定 wherever a bound is needed: the worst grade. */
export const UNGRADED_AS = 15;

/** Key of a piece: "BSM#part". */
export function pieceKey(p: { bsm: string; part: number }): string {
  return `${p.bsm}#${p.part}`;
}

/** Canonical order of pieces: BSM, then part. */
export function byBsmPart(a: { bsm: string; part: number }, b: { bsm: string; part: number }): number {
  return a.bsm < b.bsm ? -1 : a.bsm > b.bsm ? 1 : a.part - b.part;
}

/**
 * The documented order of preference (DOMAIN.md §4.6) as a comparator: 可以恢复 before 建议恢复,
 * then contiguity class (集中连片 I型, II型, 非集中 I型, II型), then adjoining permanent basic
 * farmland, then better (lower) grade with 未评定 last, then lower cost per 亩, then BSM and part.
 *
 * @example
 * ```ts
 * [...pool].sort(preferenceOrder)[0]; // the piece the rules would take first
 * ```
 */
export function preferenceOrder(a: PoolPiece, b: PoolPiece): number {
  return (a.result === b.result ? 0 : a.result === "可以恢复" ? -1 : 1) ||
    CLASS_RANK[a.cls] - CLASS_RANK[b.cls] ||
    Number(b.adjoinsPbf) - Number(a.adjoinsPbf) ||
    (a.grade ?? UNGRADED_AS + 0.5) - (b.grade ?? UNGRADED_AS + 0.5) ||
    a.costPerMu - b.costPerMu ||
    byBsmPart(a, b);
}

/** The number at the start of a text such as "2.5 万元/亩", or null. */
function leadingNumber(text: string | null | undefined): number | null {
  const m = /^\s*([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)/.exec(text ?? "");
  return m ? Number(m[1]) : null;
}

/**
 * The graded records of an import result. `keys` names the criteria (defaults: water
 * "water", cost "cost"; `grade`, when the system has a field quality-grade criterion).
 *
 * @example
 * ```ts
 * gradedRecords(result)[0].waterGrade; // "容易"
 * ```
 */
export function gradedRecords(
  result: ImportResult,
  keys: { water?: string; cost?: string; grade?: string } = {},
): GradedRecord[] {
  const water = keys.water ?? "water", cost = keys.cost ?? "cost";
  return result.graded.map((g) => {
    const c = (k: string | undefined) => (k ? g.grade.criteria.find((x) => x.key === k) : undefined);
    const fg = leadingNumber(c(keys.grade)?.value);
    return {
      bsm: g.piece.bsm,
      part: g.piece.part,
      result: g.grade.result,
      waterGrade: c(water)?.grade ?? null,
      costPerMu: leadingNumber(c(cost)?.value),
      fieldGrade: fg !== null && fg >= 1 && fg <= 15 ? fg : null,
    };
  });
}

function isPolygons(q: QualityLayer): q is QualityPolygons {
  return (q as QualityPolygons).geometry !== undefined;
}

/** Area-weighted grade of each piece from quality polygons (null where none covers it). */
async function gradesFromPolygons(
  pieces: readonly ScreenPiece[],
  q: QualityPolygons,
): Promise<(number | null)[]> {
  const graded = range(q.grades.length).filter((k) => q.grades[k] !== null && Number.isFinite(q.grades[k]));
  const byGrade = group(graded, (k) => q.grades[k]!);
  const grades = [...byGrade.keys()].sort((a, b) => a - b);
  if (grades.length === 0) return pieces.map(() => null);
  const ov = await createOverlay({ origin: localOrigin(q.geometry) });
  try {
    const sets = grades.map((g) => ov.unionLayer(q.geometry, byGrade.get(g)!));
    return pieces.map((p) => {
      const areas = ov.overlapAreas(polygonColumnFromRings([p.rings]), 0, sets);
      let w = 0, s = 0;
      areas.forEach((a, i) => {
        w += a;
        s += a * grades[i];
      });
      return w > 1e-6 ? s / w : null;
    });
  } finally {
    ov.dispose();
  }
}

/**
 * Builds the pool from screened pieces and their verification outcome: an import result
 * (graded, incomplete and missing pieces), or graded records (e.g. read from graded.csv:
 * pieces without a record count as 未回传/回传不完整). Only complete, graded 可以恢复 and 建议恢复
 * pieces enter; the pool is in canonical order (BSM, part), whatever the input order.
 *
 * @example
 * ```ts
 * const { pool } = await buildPool(pieces, gradedRecords(result), { gapM: 10, pbfLayer });
 * ```
 */
export async function buildPool(
  pieces: readonly ScreenPiece[],
  graded: ImportResult | readonly GradedRecord[],
  opts: PoolOptions = {},
): Promise<PoolBuild> {
  const gap = opts.gapM ?? 10;
  if (!(gap >= 0)) throw new Error(`毗邻距离 gapM 须为非负数，收到 ${opts.gapM}`);
  const isImport = !Array.isArray(graded);
  const records = isImport ? gradedRecords(graded as ImportResult) : graded as readonly GradedRecord[];
  const byKey = new Map(records.map((r) => [pieceKey(r), r]));
  const states = new Map<string, { state: PoolExclusion["state"]; reason: string }>();
  if (isImport) {
    const r = graded as ImportResult;
    for (const i of r.incomplete) {
      const why = [...new Set(i.problems.map((p) => p.message))].slice(0, 3).join("；");
      states.set(pieceKey(i.piece), { state: "回传不完整", reason: `回传不完整，不得选用：${why}` });
    }
    for (const m of r.missing) {
      states.set(pieceKey(m), { state: "未回传", reason: "未回传核实结果，不得选用" });
    }
  }
  const sorted = [...pieces].sort(byBsmPart);
  const seen = new Set<string>();
  for (const p of sorted) {
    if (seen.has(pieceKey(p))) throw new Error(`潜力图斑重复：BSM“${p.bsm}”部件 ${p.part} 出现两次`);
    seen.add(pieceKey(p));
  }
  const excluded: PoolExclusion[] = [];
  const exclude = (p: ScreenPiece, state: PoolExclusion["state"], reason: string) =>
    excluded.push({
      bsm: p.bsm,
      part: p.part,
      county: p.county,
      township: p.township,
      areaM2: p.areaM2,
      state,
      reason,
    });
  const kept: { piece: ScreenPiece; rec: GradedRecord; county: string }[] = [];
  for (const p of sorted) {
    const rec = byKey.get(pieceKey(p));
    if (!rec) {
      const s = states.get(pieceKey(p)) ??
        { state: "未回传" as const, reason: "没有完整的核实评价结果（未回传或回传不完整），不得选用" };
      exclude(p, s.state, s.reason);
      continue;
    }
    const county = p.county ?? p.township?.slice(0, 6) ?? null;
    if (rec.result === "不建议恢复") exclude(p, "不建议恢复", "评价为不建议恢复，不进入潜力库");
    else if (rec.costPerMu === null || !Number.isFinite(rec.costPerMu) || rec.costPerMu < 0) {
      exclude(p, "数据不全", "核实结果缺少恢复成本（万元/亩），无法比较，不得选用");
    } else if (!county || !/^\d{6}/.test(county)) {
      exclude(p, "数据不全", "无法确定所在县（无县级代码），不得选用");
    } else kept.push({ piece: p, rec, county: county.slice(0, 6) });
  }

  const quality = opts.qualityLayer ?? null;
  let fromLayer: (number | null)[] = kept.map(() => null);
  if (quality && isPolygons(quality)) fromLayer = await gradesFromPolygons(kept.map((k) => k.piece), quality);
  else if (quality) {
    const map = quality as ReadonlyMap<string, number>;
    fromLayer = kept.map((k) => map.get(pieceKey(k.piece)) ?? map.get(k.piece.bsm) ?? null);
  }
  const pbf = opts.pbfLayer ?? null;
  const pbfIndex = pbf ? FeatureIndex.build(pbf) : null;
  const sources = { quality_layer: 0, adjacent: 0, field: 0, none: 0 };
  const pool: PoolPiece[] = kept.map(({ piece: p, rec, county }, i) => {
    let grade: number | null = null, gradeSource: PoolPiece["gradeSource"] = null;
    const chain: [number | null, PoolPiece["gradeSource"]][] = [
      [fromLayer[i], "quality_layer"],
      [p.adjacentGrade, "adjacent"],
      [rec.fieldGrade, "field"],
    ];
    for (const [g, s] of chain) {
      if (g !== null && Number.isFinite(g)) {
        grade = g;
        gradeSource = s;
        break;
      }
    }
    sources[gradeSource ?? "none"]++;
    const adjoinsPbf = pbf !== null && pbfIndex !== null &&
      p.rings.some((poly) => withinDistance(poly, pbf, pbfIndex, gap) >= 0);
    return {
      bsm: p.bsm,
      part: p.part,
      county,
      city: cityCodeOf(county),
      province: county.slice(0, 2),
      township: p.township,
      cls: p.cls,
      result: rec.result as PoolPiece["result"],
      areaM2: p.areaM2,
      grade,
      gradeSource,
      costPerMu: rec.costPerMu!,
      paddyCapable: rec.waterGrade === "容易",
      adjoinsPbf,
      dlbm: p.dlbm,
      forestConsent: forestConsentOf(p, opts.forestConsent),
    };
  });
  const notes = [
    `潜力库 ${pool.length} 个图斑部件（可以恢复 ${
      pool.filter((p) => p.result === "可以恢复").length
    } 个，建议恢复 ${
      pool.filter((p) => p.result === "建议恢复").length
    } 个）；未入库 ${excluded.length} 个（见原因）`,
    `恢复后等别来源：年度耕地质量更新 ${sources.quality_layer} 个，毗邻 ${gap} 米内耕地面积加权等别 ${sources.adjacent} 个，外业填报 ${sources.field} 个，未评定 ${sources.none} 个`,
    pbf
      ? `毗邻永久基本农田：距永久基本农田 ≤ ${gap} 米（含相接）`
      : "未提供永久基本农田图层：各图斑均按不毗邻计",
    "可作水田：水源保障评为“容易”（周边 100 米内有水源）",
    forestConsentNote(pool, opts.forestConsent),
  ];
  return { pool, excluded, notes };
}
