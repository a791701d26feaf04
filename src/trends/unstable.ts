/**
 * Unstable farmland (不稳定耕地) per region: the farmland that the survey itself marks unstable
 * (TBXHDM HDGD 河道耕地, HQGD 湖区耕地, LQGD 林区耕地, MQGD 牧区耕地, SHGD 沙荒耕地, SMGD 石漠化耕地;
 * slope grade 5, > 25°) and, where layers are given, the part inside river/lake management or
 * flood lines or forest/grassland zones. Each source is shown apart, and the union counts every
 * square metre once: a parcel marked by an attribute counts whole; otherwise the part of it
 * inside the union of the layers (its planar share, scaling TBDLMJ) counts.
 *
 * @example
 * ```ts
 * unstableShares([
 *   { region: "A", areaM2: 100, tbxhdm: "HDGD", slopeGrade: 5, layers: { 河湖管理范围: 0.5 }, layerUnion: 0.5 },
 *   { region: "A", areaM2: 100, tbxhdm: null, slopeGrade: 2, layers: { 河湖管理范围: 0.3 }, layerUnion: 0.3 },
 * ], { layerNames: ["河湖管理范围"] });
 * // union: 100 (first, whole) + 30 (second) = 130 of 200 → 65%
 * ```
 * @module
 */

/** The TBXHDM codes that mark unstable farmland, with their names (DOMAIN.md §3). */
export const UNSTABLE_TBXH: readonly (readonly [string, string])[] = Object.freeze(
  [
    ["HDGD", "河道耕地"],
    ["HQGD", "湖区耕地"],
    ["LQGD", "林区耕地"],
    ["MQGD", "牧区耕地"],
    ["SHGD", "沙荒耕地"],
    ["SMGD", "石漠化耕地"],
  ] as const,
);

const TBXH_CODES = new Set(UNSTABLE_TBXH.map(([c]) => c));

/** Whether a TBXHDM value marks unstable farmland. */
export function isUnstableTbxh(code: string | null | undefined): boolean {
  return code != null && TBXH_CODES.has(code.trim().toUpperCase());
}

/** Kinds of layer source: flood (河湖管理范围/洪水位控制线) or forest/grassland zone (林区/草原). */
export type LayerKind = "flood" | "forest_grass";

/** Chinese labels of the layer kinds. */
export const LAYER_KIND_LABELS: Readonly<Record<LayerKind, string>> = Object.freeze({
  flood: "河湖管理范围或洪水位控制线内",
  forest_grass: "林区、草原范围内",
});

/** The kind of a layer judged by its name; null when the name says neither. */
export function layerKindOf(name: string): LayerKind | null {
  if (/河湖|河道|湖泊|洪水|行洪|蓄滞洪|滞洪|flood|river|lake/i.test(name)) return "flood";
  if (/林区|林地|森林|草原|草地|牧区|forest|grass/i.test(name)) return "forest_grass";
  return null;
}

/** One farmland parcel (or piece) with what marks it. */
export interface UnstableParcel {
  region: string;
  /** TBDLMJ, m². */
  areaM2: number;
  tbxhdm: string | null;
  slopeGrade: number;
  /** Share (0–1) of the parcel inside each layer, by layer name. */
  layers?: Readonly<Record<string, number>>;
  /** Share of the parcel inside the union of all layers (required when there are several). */
  layerUnion?: number;
}

/** Sums of one region, the input of {@link unstableRowFromSums} (SQL computes the same). */
export interface UnstableSums {
  region: string;
  farmlandM2: number;
  /** By TBXHDM code. */
  tbxhM2: Record<string, number>;
  /** Any TBXHDM code. */
  tbxhAnyM2: number;
  slope5M2: number;
  /** TBXHDM any ∪ slope grade 5. */
  attrUnionM2: number;
  /** By layer name. */
  layerM2: Record<string, number>;
  /** Union of the layers. */
  layerUnionM2: number;
  /** Attributes ∪ layers. */
  unionM2: number;
}

/** One row of the unstable table: the sums with shares of farmland. */
export interface UnstableRow extends UnstableSums {
  tbxhShare: Record<string, number>;
  tbxhAnyShare: number;
  slope5Share: number;
  attrUnionShare: number;
  layerShare: Record<string, number>;
  layerUnionShare: number;
  unionShare: number;
}

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** Sums per region from parcels. `layerNames` fixes the layer columns (a layer no parcel meets is 0). */
export function unstableSums(
  parcels: Iterable<UnstableParcel>,
  opts: { layerNames?: string[] } = {},
): UnstableSums[] {
  const names = opts.layerNames ?? [];
  const by = new Map<string, UnstableSums>();
  for (const p of parcels) {
    let s = by.get(p.region);
    if (!s) {
      by.set(
        p.region,
        s = {
          region: p.region,
          farmlandM2: 0,
          tbxhM2: Object.fromEntries(UNSTABLE_TBXH.map(([c]) => [c, 0])),
          tbxhAnyM2: 0,
          slope5M2: 0,
          attrUnionM2: 0,
          layerM2: Object.fromEntries(names.map((n) => [n, 0])),
          layerUnionM2: 0,
          unionM2: 0,
        },
      );
    }
    const a = Number.isFinite(p.areaM2) ? p.areaM2 : 0;
    s.farmlandM2 += a;
    const code = p.tbxhdm?.trim().toUpperCase() ?? null;
    const tb = isUnstableTbxh(code);
    if (tb) {
      s.tbxhM2[code!] += a;
      s.tbxhAnyM2 += a;
    }
    const steep = p.slopeGrade === 5;
    if (steep) s.slope5M2 += a;
    const attr = tb || steep;
    if (attr) s.attrUnionM2 += a;
    const layers = p.layers ?? {};
    const present = Object.keys(layers);
    for (const n of present) {
      if (!(n in s.layerM2)) s.layerM2[n] = 0;
      s.layerM2[n] += a * clamp01(layers[n]);
    }
    let u = p.layerUnion;
    if (u === undefined) {
      if (present.length > 1) {
        throw new Error(
          `图斑位于 ${present.length} 个图层内但未给出图层并集占比（layerUnion），无法不重复计数`,
        );
      }
      u = present.length === 1 ? layers[present[0]] : 0;
    }
    const uf = clamp01(u);
    s.layerUnionM2 += a * uf;
    s.unionM2 += attr ? a : a * uf;
  }
  return [...by.values()].sort((x, y) => x.region.localeCompare(y.region));
}

/** Shares of farmland for one region's sums. */
export function unstableRowFromSums(s: UnstableSums): UnstableRow {
  const sh = (v: number) => (s.farmlandM2 > 0 ? v / s.farmlandM2 : NaN);
  return {
    ...s,
    tbxhShare: Object.fromEntries(Object.entries(s.tbxhM2).map(([k, v]) => [k, sh(v)])),
    tbxhAnyShare: sh(s.tbxhAnyM2),
    slope5Share: sh(s.slope5M2),
    attrUnionShare: sh(s.attrUnionM2),
    layerShare: Object.fromEntries(Object.entries(s.layerM2).map(([k, v]) => [k, sh(v)])),
    layerUnionShare: sh(s.layerUnionM2),
    unionShare: sh(s.unionM2),
  };
}

/** Per-region unstable table from parcels. */
export function unstableShares(
  parcels: Iterable<UnstableParcel>,
  opts: { layerNames?: string[] } = {},
): UnstableRow[] {
  return unstableSums(parcels, opts).map(unstableRowFromSums);
}

/** Adds region sums into one (e.g. counties → province, or per region type). */
export function mergeUnstableSums(region: string, list: UnstableSums[]): UnstableSums {
  const out: UnstableSums = {
    region,
    farmlandM2: 0,
    tbxhM2: Object.fromEntries(UNSTABLE_TBXH.map(([c]) => [c, 0])),
    tbxhAnyM2: 0,
    slope5M2: 0,
    attrUnionM2: 0,
    layerM2: {},
    layerUnionM2: 0,
    unionM2: 0,
  };
  for (const s of list) {
    out.farmlandM2 += s.farmlandM2;
    for (const [k, v] of Object.entries(s.tbxhM2)) out.tbxhM2[k] = (out.tbxhM2[k] ?? 0) + v;
    out.tbxhAnyM2 += s.tbxhAnyM2;
    out.slope5M2 += s.slope5M2;
    out.attrUnionM2 += s.attrUnionM2;
    for (const [k, v] of Object.entries(s.layerM2)) out.layerM2[k] = (out.layerM2[k] ?? 0) + v;
    out.layerUnionM2 += s.layerUnionM2;
    out.unionM2 += s.unionM2;
  }
  return out;
}
