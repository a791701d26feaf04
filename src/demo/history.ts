/**
 * The record of what changed in a demo county between survey years: the change log, the
 * construction occupations and supplements of 占补平衡, and the helpers the annual
 * simulation shares (apply a change once per parcel and year, weighted sampling, growing a
 * contiguous group of parcels).
 *
 * @module
 */
// @ts-types="@types/d3-array"
import { group } from "d3-array";
import type { Rng } from "./rng.ts";
import type { CountyStatic, YearState } from "./attributes.ts";
import { KIND_DITCH, KIND_ROAD } from "./grid.ts";

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
export function weightedSample(
  rng: Rng,
  items: number[],
  weight: (k: number) => number,
  count: number,
): number[] {
  const keyed: [number, number][] = [];
  for (const k of items) {
    const w = weight(k);
    if (w > 0) keyed.push([Math.log(1 - rng.next()) / w, k]);
  }
  keyed.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return keyed.slice(0, count).map((e) => e[1]);
}

/**
 * Grows a group of parcels from `seed` in breadth-first order over shared edges, taking only
 * parcels that pass `ok`, up to `size` parcels; parcels passing `via` (e.g. narrow roads and
 * ditches) are crossed but not taken.
 */
export function growGroup(
  st: CountyStatic,
  seed: number,
  size: number,
  ok: (k: number) => boolean,
  via: (k: number) => boolean = () => false,
): number[] {
  const group = [seed];
  const queue = [seed];
  const seen = new Set<number>([seed]);
  for (let i = 0; i < queue.length && group.length < size; i++) {
    const k = queue[i];
    for (let q = st.grid.nbrStart[k]; q < st.grid.nbrStart[k + 1] && group.length < size; q++) {
      const m = st.grid.nbr[q];
      if (seen.has(m)) continue;
      seen.add(m);
      if (ok(m)) {
        group.push(m);
        queue.push(m);
      } else if (via(m)) queue.push(m);
    }
  }
  return group;
}

/**
 * Connected groups among `parcels`, largest first: two parcels join when they share an edge
 * or face each other across one narrow strip (rural road or ditch, a few metres wide, i.e.
 * within the 10 m contiguity gap of DOMAIN.md §4.3).
 */
export function connectedGroups(st: CountyStatic, parcels: number[]): number[][] {
  const g = st.grid;
  const set = new Set(parcels);
  const parent = new Map<number, number>(parcels.map((p) => [p, p]));
  const find = (a: number): number => {
    while (parent.get(a)! !== a) a = parent.get(a)!;
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  const narrow = (o: number) => o >= 0 && (g.kind[o] === KIND_ROAD || g.kind[o] === KIND_DITCH);
  for (let j = 0; j < g.ncy; j++) {
    for (let i = 0; i < g.ncx; i++) {
      const o = g.cellOwner[j * g.ncx + i];
      if (!set.has(o)) continue;
      for (const [di, dj] of [[1, 0], [0, 1]]) {
        const i1 = i + di, j1 = j + dj;
        if (i1 >= g.ncx || j1 >= g.ncy) continue;
        const o1 = g.cellOwner[j1 * g.ncx + i1];
        if (set.has(o1)) union(o, o1);
        else if (narrow(o1) && i1 + di < g.ncx && j1 + dj < g.ncy) {
          const o2 = g.cellOwner[(j1 + dj) * g.ncx + i1 + di];
          if (set.has(o2)) union(o, o2);
        }
      }
    }
  }
  const groups = group(parcels, find);
  return [...groups.values()].sort((a, b) => b.length - a.length || a[0] - b[0]);
}
