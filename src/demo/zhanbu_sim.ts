/**
 * 占补平衡 in the annual simulation: construction occupies contiguous farmland near villages
 * (or along the highway, as a national key project), and each occupation gets a supplement
 * whose planned outcome is either compliant ("normal": clean origins, no steep, flood-line,
 * forest, grassland or raw land, grade no worse than what was occupied where the county has
 * such land) or one of the failures seed 000 names.
 *
 * Where each check of the audit (src/audit/) is planted:
 *
 * | check (flag)                         | planted by                                                          |
 * |--------------------------------------|---------------------------------------------------------------------|
 * | 占多补少                               | outcome "less": supplement 55–80 % of the occupied area               |
 * | 占优补劣                               | outcome "worse": parcels ≥ 2 grades worse than the occupied average    |
 * | 占水田补旱地                           | outcome "paddy_to_dry": paddy occupied, only 旱地/水浇地 supplemented   |
 * | 占整补零                               | outcome "fragments": small, mutually apart parcels                    |
 * | 占而不补                               | outcome "none": no supplement record (planted: ZY900202-2022-02)       |
 * | 生态不稳定补充 / 坡度                  | outcome "eco_slope": parcels of slope grade 5                          |
 * | 生态不稳定补充 / 洪水位（河湖管理范围） | outcome "eco_flood": parcels inside the river management band         |
 * | 生态不稳定补充 / 林草 + 毁林开荒        | outcome "eco_forest": former 0301/0302/0305 forest                    |
 * | 毁湿种地                               | outcome "eco_wetland": former 0304/0402/1106 wetland                  |
 * | 劣地坡地生地补充                       | outcome "poor": grade ≥ 13, slope grade 4, or former 1204–1207 land    |
 * | 永久基本农田或高标准农田成片占用         | occupations allowed onto permanent basic farmland (15 %, never key)   |
 * | 补充耕地撂荒闲置 / 数据失真             | src/demo/change.ts: supplemented parcels turn WG (8 %/yr) or orchard   |
 * |                                      | (4 %/yr) in later years; orchard in 2024 = not farmland in the latest  |
 * | 跨省域补充（交易）                      | outcome "cross": a purchase from a seller province, no parcels        |
 * | 生态脆弱区退出边际耕地（不计占多补少）    | outcome "retreat" (planted in fragile 900203, ZY900203-2020-01):      |
 * |                                      | supplement covers only the occupied land that is not marginal          |
 * | 国家重点项目（豁免）                    | the highway occupations of 2021 and 2023 (always supplemented)         |
 *
 * `PLANTED` forces an outcome for a few occupations so that every check occurs at least once
 * in the default-seed province (tests/audit/demo_test.ts proves it).
 *
 * @module
 */
import { isFarm } from "./attributes.ts";
import { areasC } from "./records.ts";
import { KIND_DITCH, KIND_HIGHWAY, KIND_NORMAL, KIND_ROAD } from "./grid.ts";
import { applyChange, growGroup, type OccupationEvent, weightedSample, type YearContext } from "./history.ts";

const OUTCOMES: Record<string, number> = {
  normal: 42,
  less: 9,
  worse: 9,
  paddy_to_dry: 8,
  fragments: 6,
  none: 5,
  cross: 6,
  eco_slope: 3,
  eco_flood: 3,
  eco_forest: 3,
  eco_wetland: 2,
  poor: 4,
};
/** Forced outcomes: "<county>/<year>/<group>" → outcome (default seed; see the module doc). */
const PLANTED: Record<string, string> = {
  "900202/2022/1": "none",
  "900203/2020/0": "retreat",
};
const SELLERS = ["黑龙江省", "内蒙古自治区", "新疆维吾尔自治区", "吉林省"];
const CLEAN_ORIGINS = new Set(["0404", "1202", "0201", "0202", "0204"]);
const FOREST_ORIGINS = new Set(["0301", "0302", "0305"]);
const WETLAND_ORIGINS = new Set(["0304", "0402", "1106"]);
const RAW_ORIGINS = new Set(["1204", "1205", "1206", "1207"]);

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
    outcome = PLANTED[`${st.county.code}/${year}/${g}`] ?? outcome;
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

/** Whether parcel k (not farmland, not changed) may be supplemented under an outcome. */
function eligible(ctx: YearContext, outcome: string, k: number, occGrade: number): boolean {
  const { st } = ctx;
  const base = ctx.prev.dlbm[k].slice(0, 4);
  // Parcels are about 100 m across: keep clear of the band's edge, not only the centre.
  const inBand = st.riverDist[k] <= st.terrain.river.managementHalfWidth + 150;
  const gentle = st.slope[k] < 12;
  switch (outcome) {
    case "eco_slope":
      return CLEAN_ORIGINS.has(base) && st.gdpdjb[k] === 5;
    case "eco_flood":
      return (CLEAN_ORIGINS.has(base) || WETLAND_ORIGINS.has(base) || base === "0403") &&
        st.riverDist[k] <= st.terrain.river.managementHalfWidth - 30;
    case "eco_forest":
      return FOREST_ORIGINS.has(base);
    case "eco_wetland":
      return WETLAND_ORIGINS.has(base);
    case "poor":
      return (CLEAN_ORIGINS.has(base) || RAW_ORIGINS.has(base)) && !inBand && st.gdpdjb[k] <= 4 &&
        (st.grade[k] >= 13 || st.gdpdjb[k] === 4 || RAW_ORIGINS.has(base));
    case "worse":
      return CLEAN_ORIGINS.has(base) && !inBand && gentle;
    default:
      // Compliant and the other failures: clean origins, gentle, outside the flood line, not low-grade
      // unless the occupied land was low-grade too.
      return CLEAN_ORIGINS.has(base) && !inBand && gentle && (st.grade[k] < 13 || occGrade >= 12.5);
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
  const poolFor = (outcome: string): number[] => {
    const pool: number[] = [];
    for (let k = 0; k < st.grid.count; k++) {
      if (ctx.changed[k] || st.grid.kind[k] !== KIND_NORMAL || st.grid.hostPond[k] >= 0) continue;
      const code = ctx.prev.dlbm[k], z = ctx.prev.zzsx[k];
      if (isFarm(code) || z === "JKHF" || z === "GCHF") continue;
      if (eligible(ctx, outcome, k, occGrade)) pool.push(k);
    }
    return pool;
  };
  // Nothing of the planted kind left in the county: the supplement is an ordinary one, or, where
  // even that has run out (mountain counties late in the series), one on poor land.
  let pool = poolFor(occ.outcome);
  for (const fallback of ["normal", "poor"]) {
    if (pool.length > 0) break;
    occ.outcome = fallback;
    pool = poolFor(fallback);
  }
  const factor = occ.outcome === "less" ? rng.range(0.55, 0.8) : rng.range(1.02, 1.25);
  // Retreat: only the occupied land that is not marginal (slope grade 5, grade ≥ 13 or unstable) is made up.
  const marginal = occ.parcels.reduce(
    (s, k) => s + (st.gdpdjb[k] >= 5 || st.grade[k] >= 13 || st.unstable[k] > 0 ? tbdlmjOf(ctx, k) : 0),
    0,
  );
  const target = occ.outcome === "retreat" ? (occArea - marginal) * rng.range(1.01, 1.05) : occArea * factor;
  const occPaddy = occ.parcels.reduce((s, k) => s + (ctx.prev.dlbm[k] === "0101" ? tbdlmjOf(ctx, k) : 0), 0);
  const picked: number[] = [];
  const taken = new Set<number>();
  let area = 0, paddy = 0;
  const take = (k: number) => {
    // Paddy occupied is made up by paddy (terraced where the land is not flat), except when planted otherwise.
    const wet = occ.outcome !== "paddy_to_dry" && hasPaddy && paddy < occPaddy * 1.05 && st.slope[k] < 15;
    const to = wet ? "0101" : st.county.terrain === "plain" && rng.chance(0.3) ? "0102" : "0103";
    applyChange(ctx, k, to, "LS", "supplement", id);
    ctx.supplemented[k] = 1;
    picked.push(k);
    taken.add(k);
    area += areasC(st, k, to).tbdlmjC;
    if (to === "0101") paddy += areasC(st, k, to).tbdlmjC;
  };
  const fill = (pool: number[], outcome: string) => {
    const ordered = weightedSample(rng, pool, weightFor(ctx, outcome, occGrade), pool.length);
    if (outcome === "fragments") {
      // Fragments: small pieces kept apart from each other.
      for (const k of ordered) {
        if (area >= target) break;
        if (!picked.some((p) => isNeighbour(ctx, p, k))) take(k);
      }
      return;
    }
    // A land development project: contiguous blocks grown from the sampled seeds. Compliant
    // blocks keep to land no more than a grade worse than what was occupied.
    const inPool = new Set(pool);
    const fits = outcome === "worse" || outcome === "poor" || outcome.startsWith("eco_")
      ? () => true
      : (m: number) => st.grade[m] <= occGrade + 1;
    const strip = (m: number) => st.grid.kind[m] === KIND_ROAD || st.grid.kind[m] === KIND_DITCH;
    for (const seed of ordered) {
      if (area >= target) break;
      if (taken.has(seed)) continue;
      for (const k of growGroup(st, seed, 40, (m) => inPool.has(m) && !taken.has(m) && fits(m), strip)) {
        if (area >= target) break;
        take(k);
      }
    }
  };
  fill(pool, occ.outcome);
  // A planted kind of land that runs short is topped up with ordinary land (the short outcomes stay short).
  const short = occ.outcome === "less" || occ.outcome === "fragments" || occ.outcome === "retreat";
  if (area < target && !short && occ.outcome !== "normal") {
    fill(poolFor("normal"), "normal");
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

/** Sampling weight of a parcel for an outcome. */
function weightFor(ctx: YearContext, outcome: string, occGrade: number): (k: number) => number {
  const { st } = ctx;
  switch (outcome) {
    case "worse":
      return (k) => (st.grade[k] >= occGrade + 2 ? 1 + st.grade[k] : 0.01);
    case "fragments":
      return (k) => 1e7 / Math.max(1, st.tbmjC[k]);
    case "poor":
    case "eco_slope":
    case "eco_flood":
    case "eco_forest":
    case "eco_wetland":
      return () => 1;
    default:
      // No worse than what was occupied, where the county has such land.
      return (k) => (st.grade[k] <= occGrade + 0.25 ? 1 : 0.002 / (st.grade[k] - occGrade));
  }
}

function isNeighbour(ctx: YearContext, a: number, b: number): boolean {
  const g = ctx.st.grid;
  for (let q = g.nbrStart[a]; q < g.nbrStart[a + 1]; q++) if (g.nbr[q] === b) return true;
  return false;
}
