/**
 * 占补平衡 in the annual simulation: construction occupies contiguous farmland near villages
 * (or along the highway, as a national key project), and each occupation gets a supplement
 * whose planned outcome mixes the compliant case with the failures seed 000 names: 占多补少,
 * 占优补劣, 占水田补旱地, 占整补零, 占而不补, supplements on steep land or by destroying
 * forest or wetland, and cross-province purchases.
 *
 * @module
 */
import { isFarm } from "./attributes.ts";
import { areasC } from "./records.ts";
import { KIND_DITCH, KIND_HIGHWAY, KIND_NORMAL, KIND_ROAD } from "./grid.ts";
import { applyChange, growGroup, type OccupationEvent, weightedSample, type YearContext } from "./history.ts";

const OUTCOMES: Record<string, number> = {
  normal: 46,
  less: 10,
  worse: 10,
  paddy_to_dry: 8,
  fragments: 6,
  none: 6,
  cross: 7,
  eco: 7,
};
const SELLERS = ["黑龙江省", "内蒙古自治区", "新疆维吾尔自治区", "吉林省"];
const NORMAL_ORIGINS = new Set(["0404", "1206", "0307", "1202", "0403", "0305", "0401", "0201"]);
const ECO_ORIGINS = new Set(["0301", "0402", "0304"]);

function tbdlmjOf(ctx: YearContext, k: number): number {
  return areasC(ctx.st, k, ctx.prev.dlbm[k]).tbdlmjC;
}

/** Simulates the year's construction occupations and their supplements. */
export function simulateZhanbu(ctx: YearContext, scale: number): void {
  const { st, rng, year } = ctx;
  const n = st.grid.count;
  const free = (k: number) => !ctx.changed[k] && isFarm(ctx.prev.dlbm[k]) && st.grid.kind[k] === KIND_NORMAL;
  const farm: number[] = [];
  for (let k = 0; k < n; k++) if (free(k)) farm.push(k);
  if (farm.length === 0) return;
  const groups = Math.max(1, Math.round(rng.int(1, 3) * scale));
  let seq = ctx.history.occupations.filter((o) => o.county === st.county.code && o.year === year).length;
  for (let g = 0; g < groups; g++) {
    const key = g === 0 && (year === 2021 || year === 2023);
    let seeds: number[];
    if (key) {
      seeds = farm.filter((k) => {
        if (ctx.changed[k]) return false;
        for (let q = st.grid.nbrStart[k]; q < st.grid.nbrStart[k + 1]; q++) {
          if (st.grid.kind[st.grid.nbr[q]] === KIND_HIGHWAY) return true;
        }
        return false;
      });
    } else {
      seeds = farm.filter((k) => !ctx.changed[k] && st.villageDist[k] < 420);
    }
    // Permanent basic farmland is occupied by key projects, and now and then by others.
    const allowPbf = key || rng.chance(0.15);
    if (!allowPbf) seeds = seeds.filter((k) => !ctx.pbf[k]);
    if (seeds.length === 0) continue;
    const seed = rng.pick(seeds);
    const size = key ? rng.int(4, 9) : rng.int(2, 8);
    const strip = (m: number) => st.grid.kind[m] === KIND_ROAD || st.grid.kind[m] === KIND_DITCH;
    const group = growGroup(st, seed, size, (m) => free(m) && (allowPbf || !ctx.pbf[m]), strip);
    const seatVillage = st.villages[st.village[seed]].village.seat;
    const toCode = key ? "1003" : seatVillage ? (rng.chance(0.5) ? "0601" : "05H1") : "0702";
    seq++;
    const id = `ZY${st.county.code}-${year}-${String(seq).padStart(2, "0")}`;
    for (const k of group) applyChange(ctx, k, toCode, null, "construction", id);
    const hasPaddy = group.some((k) => ctx.prev.dlbm[k] === "0101");
    let outcome = rng.weighted(OUTCOMES);
    if (outcome === "paddy_to_dry" && !hasPaddy) outcome = "normal";
    if (key && outcome === "none") outcome = "normal";
    const occ: OccupationEvent = {
      id,
      county: st.county.code,
      year,
      parcels: group,
      keyProject: key,
      toCode,
      outcome,
    };
    ctx.history.occupations.push(occ);
    supplement(ctx, occ, hasPaddy);
  }
}

function supplement(ctx: YearContext, occ: OccupationEvent, hasPaddy: boolean): void {
  const { st, rng, year } = ctx;
  const id = occ.id.replace(/^ZY/, "BC");
  const occArea = occ.parcels.reduce((s, k) => s + tbdlmjOf(ctx, k), 0);
  const occGrade = occ.parcels.reduce((s, k) => s + st.grade[k] * tbdlmjOf(ctx, k), 0) / Math.max(1, occArea);
  if (occ.outcome === "none") return;
  if (occ.outcome === "cross") {
    ctx.history.supplements.push({
      id,
      county: st.county.code,
      year,
      parcels: [],
      priorCodes: [],
      occupation: occ.id,
      crossProvince: rng.pick(SELLERS),
      outcome: occ.outcome,
    });
    return;
  }
  const pool: number[] = [];
  for (let k = 0; k < st.grid.count; k++) {
    if (ctx.changed[k] || st.grid.kind[k] !== KIND_NORMAL || st.grid.hostPond[k] >= 0) continue;
    const code = ctx.prev.dlbm[k], z = ctx.prev.zzsx[k];
    if (isFarm(code) || z === "JKHF" || z === "GCHF") continue;
    const base = code.slice(0, 4);
    if (
      occ.outcome === "eco"
        ? (ECO_ORIGINS.has(base) || (NORMAL_ORIGINS.has(base) && st.gdpdjb[k] === 5))
        : NORMAL_ORIGINS.has(base) && st.gdpdjb[k] <= 4
    ) {
      pool.push(k);
    }
  }
  const factor = occ.outcome === "less" ? rng.range(0.55, 0.8) : rng.range(1.02, 1.25);
  const target = occArea * factor;
  let weight: (k: number) => number;
  switch (occ.outcome) {
    case "worse":
      weight = (k) => (st.grade[k] >= occGrade + 2 ? 1 + st.grade[k] : 0.01);
      break;
    case "fragments":
      weight = (k) => 1e7 / Math.max(1, st.tbmjC[k]);
      break;
    default:
      weight = (k) => 1 / (1 + Math.abs(st.grade[k] - occGrade));
  }
  const ordered = weightedSample(rng, pool, weight, pool.length);
  const picked: number[] = [];
  let area = 0;
  for (const k of ordered) {
    if (area >= target) break;
    // Fragments: keep the pieces apart from each other.
    if (occ.outcome === "fragments" && picked.some((p) => isNeighbour(ctx, p, k))) continue;
    const wet = occ.outcome !== "paddy_to_dry" && hasPaddy && st.slope[k] < 6 &&
      (st.county.terrain === "plain" || st.riverDist[k] < 1200);
    const to = wet ? "0101" : st.county.terrain === "plain" && rng.chance(0.3) ? "0102" : "0103";
    applyChange(ctx, k, to, "LS", "supplement", id);
    ctx.supplemented[k] = 1;
    picked.push(k);
    area += areasC(st, k, to).tbdlmjC;
  }
  ctx.history.supplements.push({
    id,
    county: st.county.code,
    year,
    parcels: picked,
    priorCodes: picked.map((k) => ctx.prev.dlbm[k]),
    occupation: occ.id,
    crossProvince: null,
    outcome: occ.outcome,
  });
}

function isNeighbour(ctx: YearContext, a: number, b: number): boolean {
  const g = ctx.st.grid;
  for (let q = g.nbrStart[a]; q < g.nbrStart[a + 1]; q++) if (g.nbr[q] === b) return true;
  return false;
}
