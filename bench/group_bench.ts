/**
 * Grouping benchmark (not a test): the stages' group-by steps on synthetic input, each timed
 * `runs` times in this process (medians of wall and CPU milliseconds) with a checksum of the
 * result and a digest of it, so two implementations can be compared on speed and on results.
 *
 * - townshipTasks: 50,000 pieces over 12 townships (the verification task list per township);
 * - evaluateReturns: 20,000 returned rows for 10,000 pieces, 4 photos each (grouping by BSM,
 *   by piece and by content, plus the photo checks);
 * - sumByRegionType: 200,000 county-year rows, three area fields.
 *
 *   npx --yes deno@2.9.6 run -A bench/group_bench.ts [--runs 7]
 */
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { measure } from "./_measure.ts";
import { townshipTasks } from "../src/evaluate/packages.ts";
import { evaluateReturns } from "../src/evaluate/import.ts";
import { loadIndicatorSystem } from "../src/evaluate/system.ts";
import type { ReturnRow } from "../src/evaluate/returns.ts";
import type { ScreenPiece } from "../src/screen/types.ts";
import { sumByRegionType, type RegionType } from "../src/trends/region_type.ts";
import { CGCS2000_GEOGRAPHIC, gaussKrugerZone, transformer } from "../src/io/crs.ts";

const args = parseArgs(Deno.args, { string: ["runs"] });
const runs = numberArg(args, "runs", 7);
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

async function digest(v: unknown): Promise<string> {
  const h = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(v)));
  return [...new Uint8Array(h)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0")).join("");
}

// deno-lint-ignore no-explicit-any
async function time(name: string, f: () => unknown | Promise<unknown>, check: (r: any) => string) {
  const { value } = await measure(name, f, runs, 18);
  console.log(`${name}: ${check(value)}; sha256 ${await digest(value)}`);
}


const X0 = 38493500, Y0 = 3442600;
const piece = (bsm: string, part: number, k: number, township: string): ScreenPiece => {
  const x = X0 + (k % 300) * 150, y = Y0 + Math.floor(k / 300) * 150;
  return {
    bsm, part, row: k, cls: "I_CONTIG", areaM2: 10000, planarM2: 10000, dlbm: "0201", zzsxdm: "JKHF",
    source: "JKHF", county: "900101", township, village: `${township}201`, adjacentGrade: null, cluster: 0,
    rings: [[[[x, y], [x + 100, y], [x + 100, y + 100], [x, y + 100], [x, y]]]],
  };
};

const TOWNS = Array.from({ length: 12 }, (_, i) => `900101${String(100 + i * 3).padStart(3, "0")}`);
const many = Array.from({ length: 50_000 }, (_, k) => piece(String(100000 + k), 1, k, TOWNS[Math.floor(rnd() * 12)]));
await time("townshipTasks", () => townshipTasks(many, () => null), (r) =>
  r.map((g: { code: string | null; rows: unknown[] }) => `${g.code}:${g.rows.length}`).join(" "));

// returns: 10,000 pieces (some parcels in two parts), 20,000 rows (every piece twice, half of
// the second copies differing), photos around each piece
const GK = gaussKrugerZone(38, true);
const toGeo = transformer(GK, CGCS2000_GEOGRAPHIC);
const pieces: ScreenPiece[] = [];
for (let k = 0; k < 10_000; k++) pieces.push(piece(String(200000 + Math.floor(k / 2)), (k % 2) + 1, k, TOWNS[k % 12]));
const system = await loadIndicatorSystem();
const rows: ReturnRow[] = [];
const photos = pieces.map((p) => {
  const [x, y] = p.rings[0][0][0];
  const values: Record<string, string | number | null> = { BSM: p.bsm, 部件号: p.part };
  [0, 90, 180, 270].forEach((az, i) => {
    const [lon, lat] = toGeo(x + 50 + (rnd() - 0.5) * 600, y + 50 + (rnd() - 0.5) * 600);
    values[`照片${i + 1}方位角（度）`] = az;
    values[`照片${i + 1}经度`] = lon;
    values[`照片${i + 1}纬度`] = lat;
    values[`照片${i + 1}拍摄时间`] = "2024-07-11 13:02:46";
  });
  return values;
});
for (let copy = 0; copy < 2; copy++) {
  photos.forEach((v, k) => {
    const values = copy === 1 && k % 2 === 0 ? { ...v, "照片1方位角（度）": 10 } : v;
    rows.push({ file: `f${copy}.xlsx`, row: k + 2, values });
  });
}
await time("evaluateReturns", () => evaluateReturns(rows, pieces, system, { crs: GK }), (r) =>
  `graded ${r.graded.length}, incomplete ${r.incomplete.length}, missing ${r.missing.length}, duplicates ${r.duplicates.length}, ` +
  `problems ${r.incomplete.reduce((s: number, i: { problems: unknown[] }) => s + i.problems.length, 0)}`);

const TYPES: RegionType[] = ["developed", "grain", "fragile", "unassigned"];
const sumRows = Array.from({ length: 200_000 }, () => ({
  region_type: TYPES[Math.floor(rnd() * 4)],
  farmland_m2: rnd() * 1e7,
  abandoned_m2: rnd() < 0.01 ? NaN : rnd() * 1e5,
  unstable_m2: rnd() * 1e6,
}));
await time("sumByRegionType", () => sumByRegionType(sumRows, ["farmland_m2", "abandoned_m2", "unstable_m2"]), (r) =>
  r.map((t: { region_type: string; units: number }) => `${t.region_type}:${t.units}`).join(" "));
