/**
 * Annual change of a demo county, 2019 → 2024. Geometry and BSM stay; each year a few per
 * cent of parcels change attributes: farmland turned into orchard, forest, ponds, facility
 * land or rural roads (with or without a project, some keeping a JKHF/GCHF mark), exempt
 * losses (生态退耕, 灾毁, 河湖水面自然扩大), construction occupation with its 占补 supplement,
 * restorations of JKHF/GCHF land back to farmland, abandonment (WG) and re-cultivation. The
 * last year is adjusted so that exactly the planned county ends above 20% abandonment.
 *
 * @module
 */
import type { Rng } from "./rng.ts";
import { copyState, type CountyStatic, isCandidateCode, isFarm, type YearState } from "./attributes.ts";
import { abandonmentShare, areasC, isCandidate } from "./records.ts";
import { KIND_NORMAL } from "./grid.ts";
import { applyChange, type CountyHistory, weightedSample, type YearContext } from "./history.ts";
import { simulateZhanbu } from "./zhanbu_sim.ts";
import type { Terrain } from "./types.ts";

const OUT_TARGETS: Record<string, number> = {
  "0201": 24,
  "0202": 6,
  "0201K": 6,
  "0301": 12,
  "0301K": 4,
  "0307": 10,
  "0403": 5,
  "1104A": 10,
  "1104K": 4,
  "1202": 14,
  "1006": 5,
};
const ABANDON_RATE: Record<Terrain, number> = { plain: 0.004, hill: 0.012, mountain: 0.022 };
const RECULTIVATE_RATE: Record<Terrain, number> = { plain: 0.25, hill: 0.12, mountain: 0.08 };
/** Target band of the 2024 abandonment share: planned county ≥ HIGH, the others ≤ LOW. */
export const ABANDONMENT_BAND: { readonly high: number; readonly low: number } = Object.freeze({
  high: 0.23,
  low: 0.17,
});

/** Whether a target class of farmland out-flow can carry a project (02, 03, 1202, 1006). */
export function projectEligible(code: string): boolean {
  return code.startsWith("02") || code.startsWith("03") || code === "1202" || code === "1006";
}

/**
 * Simulates the survey years after the first. `pbf` marks the permanent basic farmland
 * parcels, `hsf` the parcels in built high-standard farmland.
 */
export function simulateHistory(
  st: CountyStatic,
  base: YearState,
  years: readonly number[],
  rng: Rng,
  pbf: Uint8Array,
  hsf: Uint8Array,
): CountyHistory {
  const history: CountyHistory = {
    states: new Map([[years[0], base]]),
    changes: [],
    occupations: [],
    supplements: [],
  };
  const supplemented = new Uint8Array(st.grid.count);
  const scale = Math.max(0.3, st.grid.count / 3000);
  for (let i = 1; i < years.length; i++) {
    const year = years[i];
    const prev = history.states.get(years[i - 1])!;
    const ctx: YearContext = {
      st,
      rng: rng.fork(year),
      year,
      prev,
      cur: copyState(prev),
      changed: new Uint8Array(st.grid.count),
      changes: history.changes,
      pbf,
      hsf,
      supplemented,
      history,
    };
    simulateZhanbu(ctx, scale);
    farmlandOut(ctx);
    exempt(ctx);
    restoration(ctx);
    abandonment(ctx);
    if (i === years.length - 1) adjustAbandonment(ctx);
    history.states.set(year, ctx.cur);
  }
  return history;
}

function freeFarm(ctx: YearContext): number[] {
  const out: number[] = [];
  for (let k = 0; k < ctx.st.grid.count; k++) {
    if (ctx.changed[k] || !isFarm(ctx.prev.dlbm[k])) continue;
    if (ctx.st.grid.kind[k] !== KIND_NORMAL || ctx.st.grid.hostPond[k] >= 0) continue;
    out.push(k);
  }
  return out;
}

function farmlandOut(ctx: YearContext): void {
  const { st, rng } = ctx;
  const farm = freeFarm(ctx);
  const count = Math.round(farm.length * rng.range(0.008, 0.015));
  const chosen = weightedSample(rng, farm, (k) => {
    let w = 1;
    if (st.unstable[k]) w += 2;
    if (st.gdpdjb[k] === 5) w += 1.5;
    if (ctx.prev.zzsx[k] === "WG") w += 1.5;
    if (ctx.pbf[k]) w *= 0.3;
    return w;
  }, count);
  const targets = { ...OUT_TARGETS };
  if (st.county.terrain === "plain") targets["0202"] = 0;
  for (const k of chosen) {
    const to = rng.weighted(targets);
    let z: string | null = null;
    if (isCandidateCode(to)) {
      const u = rng.next();
      z = to.endsWith("K") ? (u < 0.7 ? "JKHF" : "GCHF") : u < 0.5 ? "JKHF" : u < 0.8 ? "GCHF" : null;
    }
    applyChange(ctx, k, to, z, "farmland_out", "", projectEligible(to) && rng.chance(0.7));
  }
}

function exempt(ctx: YearContext): void {
  const { st, rng } = ctx;
  const t = st.county.terrain;
  const farm = freeFarm(ctx);
  const take = (filter: (k: number) => boolean, n: number, to: string, type: string) => {
    const pool = farm.filter((k) => !ctx.changed[k] && filter(k));
    for (const k of weightedSample(rng, pool, () => 1, n)) applyChange(ctx, k, to, null, "exempt", type);
  };
  if (t !== "plain") {
    take(
      (k) => st.gdpdjb[k] === 5 || st.slope[k] > 22,
      rng.int(0, t === "mountain" ? 3 : 1),
      "0301",
      "生态退耕",
    );
  }
  if (rng.chance(0.4)) take((k) => st.riverDist[k] < 500 || st.slope[k] > 15, 1, "1206", "灾毁");
  if (rng.chance(0.35)) {
    take((k) => st.riverDist[k] < st.terrain.river.halfWidth + 150, 1, "1101", "河湖水面自然扩大");
  }
}

function restoration(ctx: YearContext): void {
  const { st, rng } = ctx;
  const outs = ctx.changes.filter((c) => c.year === ctx.year && c.kind === "farmland_out").length;
  const pool: number[] = [];
  for (let k = 0; k < st.grid.count; k++) {
    if (!ctx.changed[k] && st.grid.kind[k] === KIND_NORMAL && isCandidate(ctx.prev, k)) pool.push(k);
  }
  const count = Math.round(outs * rng.range(0.5, 1.1));
  for (const k of weightedSample(rng, pool, (k) => (ctx.prev.zzsx[k] === "JKHF" ? 3 : 1), count)) {
    const from = ctx.prev.dlbm[k];
    const wet = from.startsWith("1104") || (st.slope[k] < 6 && st.riverDist[k] < 800);
    applyChange(ctx, k, wet ? "0101" : "0103", "LS", "restoration", ctx.prev.zzsx[k] ?? "");
  }
}

function abandonment(ctx: YearContext): void {
  const { st, rng } = ctx;
  const t = st.county.terrain;
  const rate = st.county.highAbandonment ? 0.03 : ABANDON_RATE[t];
  for (const k of freeFarm(ctx)) {
    const z = ctx.prev.zzsx[k];
    if (ctx.supplemented[k] && z !== "WG") {
      const u = rng.next();
      if (u < 0.08) applyChange(ctx, k, ctx.prev.dlbm[k], "WG", "abandonment", "补充耕地撂荒");
      else if (u < 0.12) applyChange(ctx, k, "0201", null, "farmland_out", "补充耕地改种果树");
      continue;
    }
    if (z === "WG") {
      if (rng.chance(RECULTIVATE_RATE[t] * (st.county.highAbandonment ? 0.5 : 1))) {
        applyChange(ctx, k, ctx.prev.dlbm[k], "LS", "recultivation");
      }
    } else if (rng.chance(Math.min(0.5, rate * (0.5 + st.slope[k] / 18)))) {
      applyChange(ctx, k, ctx.prev.dlbm[k], "WG", "abandonment");
    }
  }
}

function adjustAbandonment(ctx: YearContext): void {
  const { st, rng } = ctx;
  const high = st.county.highAbandonment;
  let share = abandonmentShare(st, ctx.cur);
  if (high ? share >= ABANDONMENT_BAND.high : share <= ABANDONMENT_BAND.low) return;
  let all = 0, wg = 0;
  for (let k = 0; k < st.grid.count; k++) {
    const code = ctx.cur.dlbm[k];
    if (!isFarm(code)) continue;
    const a = areasC(st, k, code).tbdlmjC;
    all += a;
    if (ctx.cur.zzsx[k] === "WG") wg += a;
  }
  const pool = freeFarm(ctx).filter((k) => (ctx.prev.zzsx[k] === "WG") !== high);
  for (const k of weightedSample(rng, pool, (k) => (high ? 0.5 + st.slope[k] / 10 : 1), pool.length)) {
    const a = areasC(st, k, ctx.prev.dlbm[k]).tbdlmjC;
    if (high) {
      applyChange(ctx, k, ctx.prev.dlbm[k], "WG", "abandonment");
      wg += a;
    } else {
      applyChange(ctx, k, ctx.prev.dlbm[k], "LS", "recultivation");
      wg -= a;
    }
    share = wg / all;
    if (high ? share >= ABANDONMENT_BAND.high : share <= ABANDONMENT_BAND.low) break;
  }
}
