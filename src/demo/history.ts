/**
 * The record of what changed in a demo county between survey years: the change log, the
 * construction occupations and supplements of 占补平衡, and the helpers the annual
 * simulation shares (apply a change once per parcel and year, weighted sampling, growing a
 * contiguous group of parcels).
 *
 * @module
 */
import type { Rng } from "./rng.ts";
import type { CountyStatic, YearState } from "./attributes.ts";

/** Kinds of change in the log. */
export type ChangeKind =
  | "farmland_out"
  | "exempt"
  | "construction"
  | "supplement"
  | "restoration"
  | "abandonment"
  | "recultivation";

/** One parcel change from year − 1 to year. */
export interface ChangeRecord {
  parcel: number;
  year: number;
  from: string;
  to: string;
  fromZzsx: string | null;
  toZzsx: string | null;
  kind: ChangeKind;
  /** Exempt type (生态退耕, 灾毁, 河湖水面自然扩大), project id, or a short note. */
  detail: string;
  /** For farmland_out: whether a project was filed (else a farmer's own change). */
  project: boolean;
}

/** A construction occupation of farmland (占补平衡 占用). */
export interface OccupationEvent {
  id: string;
  county: string;
  year: number;
  parcels: number[];
  keyProject: boolean;
  toCode: string;
  /** Planned outcome of its supplement (normal, less, worse, paddy_to_dry, none, cross, eco, fragments). */
  outcome: string;
}

/** A supplement of farmland (占补平衡 补充). */
export interface SupplementEvent {
  id: string;
  county: string;
  year: number;
  parcels: number[];
  /** Prior DLBM of each parcel (same order). */
  priorCodes: string[];
  occupation: string | null;
  /** Seller province for a cross-province purchase (no parcels), else null. */
  crossProvince: string | null;
  outcome: string;
}

/** Everything the simulation of one county produced. */
export interface CountyHistory {
  /** Land use by survey year. */
  states: Map<number, YearState>;
  changes: ChangeRecord[];
  occupations: OccupationEvent[];
  supplements: SupplementEvent[];
}

/** Mutable context of one simulated year. */
export interface YearContext {
  st: CountyStatic;
  rng: Rng;
  year: number;
  prev: YearState;
  cur: YearState;
  /** 1 once a parcel changed this year. */
  changed: Uint8Array;
  changes: ChangeRecord[];
  /** Parcels copied into the permanent basic farmland layer. */
  pbf: Uint8Array;
  /** Parcels whose centre lies in the built high-standard farmland layer. */
  hsf: Uint8Array;
  /** Parcels made farmland by a 占补 supplement (any earlier year). */
  supplemented: Uint8Array;
  history: CountyHistory;
}

/** Applies a change (once per parcel and year) and logs it. */
export function applyChange(
  ctx: YearContext,
  k: number,
  to: string,
  toZzsx: string | null,
  kind: ChangeKind,
  detail: string = "",
  project: boolean = false,
): void {
  if (ctx.changed[k]) throw new Error(`示例数据生成出错：图斑 ${ctx.st.bsm[k]} 在 ${ctx.year} 年变化了两次`);
  ctx.changed[k] = 1;
  ctx.changes.push({
    parcel: k,
    year: ctx.year,
    from: ctx.prev.dlbm[k],
    to,
    fromZzsx: ctx.prev.zzsx[k],
    toZzsx,
    kind,
    detail,
    project,
  });
  ctx.cur.dlbm[k] = to;
  ctx.cur.zzsx[k] = toZzsx;
}

/**
 * Picks up to `count` distinct items, each with probability proportional to its weight
 * (Efraimidis–Spirakis keys); items of weight ≤ 0 are never picked. Order: best key first.
 */
export function weightedSample(rng: Rng, items: number[], weight: (k: number) => number, count: number): number[] {
  const keyed: [number, number][] = [];
  for (const k of items) {
    const w = weight(k);
    if (w > 0) keyed.push([Math.log(1 - rng.next()) / w, k]);
  }
  keyed.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return keyed.slice(0, count).map((e) => e[1]);
}

/**
 * Grows a group of edge-sharing parcels from `seed` in breadth-first order, taking only
 * parcels that pass `ok`, up to `size` parcels.
 */
export function growGroup(st: CountyStatic, seed: number, size: number, ok: (k: number) => boolean): number[] {
  const group = [seed];
  const seen = new Set<number>([seed]);
  for (let i = 0; i < group.length && group.length < size; i++) {
    const k = group[i];
    for (let q = st.grid.nbrStart[k]; q < st.grid.nbrStart[k + 1] && group.length < size; q++) {
      const m = st.grid.nbr[q];
      if (seen.has(m)) continue;
      seen.add(m);
      if (ok(m)) group.push(m);
    }
  }
  return group;
}

/**
 * Connected groups (by shared edges) among `parcels`; returns the groups, largest first.
 */
export function connectedGroups(st: CountyStatic, parcels: number[]): number[][] {
  const set = new Set(parcels);
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const p of parcels) {
    if (seen.has(p)) continue;
    const g = [p];
    seen.add(p);
    for (let i = 0; i < g.length; i++) {
      const k = g[i];
      for (let q = st.grid.nbrStart[k]; q < st.grid.nbrStart[k + 1]; q++) {
        const m = st.grid.nbr[q];
        if (set.has(m) && !seen.has(m)) {
          seen.add(m);
          g.push(m);
        }
      }
    }
    out.push(g);
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}
