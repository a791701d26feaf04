/**
 * Planned out-flow (seed 004 §2(2)): the county's annual plan sets out the scale, layout and
 * timing of the farmland its projects of the plan year will turn into other agricultural land,
 * and allows for the reasonable needs of livestock and aquaculture land. For a plan year after
 * the latest survey, each project of that year in the project table (exempt-loss records aside)
 * is measured on the latest survey — the farmland its geometry covers (TBDLMJ × planar share),
 * else the farmland parcels its 地块BSM lists, else its declared area — and the county's need for
 * that year is their sum, so the selection arranges restorations to cover it. Livestock and
 * aquaculture facilities are marked to stand on rows of their own in the plan.
 *
 * @example
 * ```ts
 * const need = plannedNeed(latest, projects, 2025, ov);
 * need?.planned?.filter((p) => p.livestock); // 畜禽、水产养殖设施
 * ```
 * @module
 */
import type { ParcelTable } from "../ingest/parcel_table.ts";
import type { Overlay } from "../geom/overlay.ts";
import { featurePlanarArea } from "../geom/types.ts";
import { FeatureIndex } from "../geom/spatial_index.ts";
import type { OutflowNeed, OutflowProject, PlannedProject } from "./types.ts";
import { isFarmCode } from "./rules.ts";

/** Livestock or aquaculture land (养殖用地), by the project's type or planned use. */
export function isLivestock(p: Pick<OutflowProject, "type" | "plannedUse">): boolean {
  return /养殖|畜禽|水产|1104/.test(`${p.type ?? ""} ${p.plannedUse ?? ""}`);
}

const tbdlmj = (t: ParcelTable, k: number) => (Number.isFinite(t.num.TBDLMJ[k]) ? t.num.TBDLMJ[k] : 0);

/** One project measured on the latest survey. */
export function measurePlanned(latest: ParcelTable, p: OutflowProject, ov: Overlay | null, index: FeatureIndex | null): PlannedProject {
  const hits: [number, number][] = [];
  let basis: PlannedProject["basis"] = "declared";
  if (p.geometry && latest.geometry && ov && index) {
    basis = "geometry";
    const set = ov.unionLayer(p.geometry);
    try {
      for (const k of index.search(set.bbox).sort((a, b) => a - b)) {
        const planar = featurePlanarArea(latest.geometry, k);
        const o = ov.overlapArea(latest.geometry, k, set);
        if (planar > 0 && o > 1e-9 * planar) hits.push([k, Math.min(1, o / planar)]);
      }
    } finally {
      set.dispose();
    }
  } else if (p.parcelBsm.length) {
    basis = "bsm";
    const want = new Set(p.parcelBsm);
    for (let k = 0; k < latest.length; k++) if (isFarmCode(latest.text.DLBM[k]) && want.has(latest.text.BSM[k] ?? "")) hits.push([k, 1]);
  }
  const farm = hits.filter(([k]) => isFarmCode(latest.text.DLBM[k]));
  const area = (f: (k: number) => boolean) => farm.filter(([k]) => f(k)).reduce((s, [k, sh]) => s + tbdlmj(latest, k) * sh, 0);
  const areaM2 = basis === "declared" ? p.declaredM2 ?? 0 : area(() => true);
  const graded = farm.filter(([k]) => Number.isFinite(latest.num.GDDB[k]));
  const gw = graded.reduce((s, [k, sh]) => s + tbdlmj(latest, k) * sh, 0);
  const byTown = new Map<string, number>();
  for (const [k, sh] of farm) {
    const t = latest.text.township[k] ?? "";
    byTown.set(t, (byTown.get(t) ?? 0) + tbdlmj(latest, k) * sh);
  }
  const township = [...byTown].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ||
    (p.zldwdm ? p.zldwdm.slice(0, 9) : null);
  return {
    projectId: p.id,
    name: p.name,
    type: p.type,
    plannedUse: p.plannedUse,
    startDate: p.startDate,
    township,
    areaM2,
    paddyM2: basis === "declared" ? 0 : area((k) => (latest.text.DLBM[k] ?? "").startsWith("0101")),
    grade: gw > 0 ? graded.reduce((s, [k, sh]) => s + latest.num.GDDB[k] * tbdlmj(latest, k) * sh, 0) / gw : null,
    livestock: isLivestock(p),
    basis,
  };
}

/**
 * The county's planned out-flow need for `year` (after the latest survey), or null when it
 * has no project of that year. `county` codes the need; the latest survey gives the townships.
 */
export function plannedNeed(
  latest: ParcelTable,
  projects: readonly OutflowProject[],
  year: number,
  ov: Overlay | null,
  county: { county: string; city: string; province: string },
): OutflowNeed | null {
  const mine = projects.filter((p) => p.year === year && p.exempt === null).sort((a, b) => a.id.localeCompare(b.id));
  if (mine.length === 0) return null;
  const farmRows: number[] = [];
  for (let k = 0; k < latest.length; k++) if (isFarmCode(latest.text.DLBM[k])) farmRows.push(k);
  const index = latest.geometry ? FeatureIndex.build(latest.geometry, farmRows) : null;
  const planned = mine.map((p) => measurePlanned(latest, p, ov, index));
  const sum = (ps: PlannedProject[], f: (p: PlannedProject) => number) => ps.reduce((s, p) => s + f(p), 0);
  const gradeOf = (ps: PlannedProject[]) => {
    const g = ps.filter((p) => p.grade !== null && p.areaM2 > 0);
    const w = sum(g, (p) => p.areaM2);
    return w > 0 ? sum(g, (p) => p.grade! * p.areaM2) / w : null;
  };
  // Townships carry the projects other than livestock and aquaculture, which the plan shows on rows of their own.
  const towns = new Map<string, PlannedProject[]>();
  for (const p of planned.filter((x) => !x.livestock)) towns.set(p.township ?? "", [...(towns.get(p.township ?? "") ?? []), p]);
  return {
    ...county,
    year,
    areaM2: sum(planned, (p) => p.areaM2),
    paddyM2: sum(planned, (p) => p.paddyM2),
    grade: gradeOf(planned),
    townships: [...towns].sort(([a], [b]) => a.localeCompare(b)).map(([township, ps]) => ({
      township,
      areaM2: sum(ps, (p) => p.areaM2),
      paddyM2: sum(ps, (p) => p.paddyM2),
      grade: gradeOf(ps),
    })),
    planned,
  };
}
