/**
 * The default screening of DOMAIN.md §4 on the s1 sample with the geometric core of src/geom,
 * printed next to s1/expected.json (computed independently with GEOS). Exits 1 when a class
 * area differs by more than 0.01 % or a count differs.
 *
 *   npx --yes deno@2.9.6 run -A bench/overlay_s1.ts [samples/s1 dir]
 * @module
 */
import { CLASSES, readInputs, screen } from "./overlay_screen.ts";

const dir = Deno.args[0] ?? new URL("../../shared/samples/s1", import.meta.url).pathname;
const expected = JSON.parse(await Deno.readTextFile(`${dir}/expected.json`));
const t0 = performance.now();
const { dltb, layers } = await readInputs(`${dir}/DLTB.shp`, `${dir}/constraints`);
const tRead = (performance.now() - t0) / 1000;
const r = await screen(dltb, layers);

const rows: string[][] = [["项目", "本实现", "expected.json", "差异"]];
let ok = true;
const num = (x: number, d = 2) => x.toFixed(d);
const rel = (a: number, b: number) => (b === 0 ? (a === 0 ? 0 : Infinity) : Math.abs(a - b) / Math.abs(b));
function area(label: string, a: number, b: number, tol = 1e-4): void {
  const e = rel(a, b);
  if (e > tol) ok = false;
  rows.push([label, num(a), num(b), `${(e * 100).toExponential(2)} %${e > tol ? "  ✗" : ""}`]);
}
function count(label: string, a: number, b: number): void {
  if (a !== b) ok = false;
  rows.push([label, String(a), String(b), a === b ? "0" : `${a - b}  ✗`]);
}
count("候选图斑数", r.candidates.count, expected.candidates.count);
area("候选 TBMJ (m²)", r.candidates.tbmj_m2, expected.candidates.tbmj_m2);
count("耕地图斑数", r.farmland.count, expected.farmland.count);
count("耕地聚类数", r.farmland.clusters, expected.farmland.clusters);
count("达标聚类数", r.farmland.qualifying_clusters, expected.farmland.qualifying_clusters);
count("达标聚类图斑数", r.farmland.qualifying_parcels, expected.farmland.qualifying_parcels);
area("达标聚类 TBMJ (m²)", r.farmland.qualifying_tbmj_m2, expected.farmland.qualifying_tbmj_m2);
for (const c of CLASSES) {
  area(`${c} 面积 (m²)`, r.classes[c].area_m2, expected.classes[c].area_m2);
  count(`${c} 图斑数`, r.classes[c].count, expected.classes[c].count);
}
count(
  "图斑片数合计",
  r.total_pieces - r.ledger.sliver_pieces,
  expected.total_pieces + expected.ledger.dropped_pieces,
);
area("保留面积 (m²)", r.total_kept_m2, expected.total_kept_m2);
for (const [town, byClass] of Object.entries(expected.townships as Record<string, typeof expected.classes>)) {
  for (const c of CLASSES) {
    const mine = r.townships[town]?.[c] ?? { area_m2: 0, count: 0 };
    area(`${town} ${c} 面积`, mine.area_m2, byClass[c].area_m2);
    count(`${town} ${c} 图斑数`, mine.count, byClass[c].count);
  }
}
area("台账 扣除面积 (m²)", r.ledger.removed_m2, expected.ledger.removed_m2);
area("台账 舍弃面积 (m²)", r.ledger.dropped_m2, expected.ledger.dropped_m2, 1e-3);
count("台账 舍弃片数", r.ledger.dropped_pieces, expected.ledger.dropped_pieces);
count("台账 碎片数 (<1 m²)", r.ledger.sliver_pieces, expected.ledger.sliver_pieces);
for (
  const [name, e] of Object.entries(
    expected.ledger.layers as Record<
      string,
      { features: number; deduction_m2: number; candidates_hit: number }
    >,
  )
) {
  const mine = r.ledger.layers[name];
  count(`${name} 要素数`, mine?.features ?? -1, e.features);
  area(`${name} 扣除面积`, mine?.deduction_m2 ?? NaN, e.deduction_m2);
  count(`${name} 涉及候选图斑`, mine?.candidates_hit ?? -1, e.candidates_hit);
}
/** Display width: CJK characters take two columns. */
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => width(row[i]))));
for (const row of rows) console.log(row.map((c, i) => c + " ".repeat(w[i] - width(c))).join("  "));
const times = { read: tRead, ...r.times };
console.log("\n用时（秒）：" + Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(3)}`).join("，"));
console.log(
  ok
    ? "\n结果与 expected.json 一致（面积差 ≤ 0.01 %，数量一致）"
    : "\n结果与 expected.json 不一致（见 ✗ 行）",
);
if (!ok) Deno.exit(1);
