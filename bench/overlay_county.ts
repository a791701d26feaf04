/**
 * Times the geometric core (src/geom) on a whole county: the default screening of
 * DOMAIN.md §4 via bench/overlay_screen.ts, step by step, with peak memory. Optionally checks
 * every candidate's erased area against a reference JSON written by GeoPandas/Shapely
 * (`{"cand": {"<feature id>": {"diff": m², "planar": m²}}, "summary": {...}}`).
 *
 *   npx --yes deno@2.9.6 run -A bench/overlay_county.ts <DLTB.shp> <constraints dir> [reference.json]
 * @module
 */
import { CLASSES, readInputs, screen } from "./overlay_screen.ts";

const [dltbPath, constraintsDir, refPath] = Deno.args;
if (!dltbPath || !constraintsDir) {
  console.error("用法：overlay_county.ts <DLTB.shp> <约束图层目录> [参考结果.json]");
  Deno.exit(2);
}
const t0 = performance.now();
const { dltb, layers } = await readInputs(dltbPath, constraintsDir);
const tRead = (performance.now() - t0) / 1000;
const r = await screen(dltb, layers);
const times: Record<string, number> = { read: tRead, ...r.times };
const geometric = Object.entries(r.times).filter(([k]) => !["select", "erase", "ledger"].includes(k)).reduce(
  (s, [, v]) => s + v,
  0,
);
console.log(
  `图斑 ${r.parcels}，候选 ${r.candidates.count}，耕地 ${r.farmland.count}，约束图层 ${layers.length}` +
    `（要素 ${layers.reduce((s, l) => s + l.layer.length, 0)}）`,
);
console.log(
  `耕地聚类 ${r.farmland.clusters}，达标 ${r.farmland.qualifying_clusters}；图斑片 ${r.total_pieces}`,
);
for (const c of CLASSES) {
  console.log(`  ${c}: ${r.classes[c].count} 片，${r.classes[c].area_m2.toFixed(2)} m²`);
}
console.log("用时（秒）：" + Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(3)}`).join("，"));
console.log(`几何部分合计 ${geometric.toFixed(2)} 秒`);
const status = await Deno.readTextFile("/proc/self/status").catch(() => "");
const hwm = /VmHWM:\s+(\d+)/.exec(status);
if (hwm) console.log(`峰值内存（VmHWM）${(Number(hwm[1]) / 1024).toFixed(0)} MiB`);

if (refPath) {
  const ref = JSON.parse(await Deno.readTextFile(refPath));
  let maxRel = 0, worst = -1, missing = 0;
  for (const [k, left] of r.erased) {
    const e = ref.cand[String(k)];
    if (!e) {
      missing++;
      continue;
    }
    const d = Math.abs(left - e.diff) / e.planar;
    if (d > maxRel) [maxRel, worst] = [d, k];
  }
  console.log(
    `与参考结果比较：逐图斑扣除后面积最大相对差 ${maxRel.toExponential(3)}（要素 ${worst}），缺少 ${missing}`,
  );
  const s = ref.summary;
  if (s?.classes) {
    for (const c of CLASSES) {
      const [a, n] = s.classes[c] ?? [0, 0];
      console.log(
        `  ${c}: 参考 ${n} 片 ${a.toFixed(2)} m²；本实现 ${r.classes[c].count} 片 ${
          r.classes[c].area_m2.toFixed(2)
        } m²`,
      );
    }
    console.log(
      `  聚类：参考 ${s.clusters}（达标 ${s.qualifying}）；本实现 ${r.farmland.clusters}（达标 ${r.farmland.qualifying_clusters}）`,
    );
  }
}
