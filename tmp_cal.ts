import { planProvince, planBenchmarkCounty } from "./src/demo/admin.ts";
import { makeTerrain } from "./src/demo/terrain.ts";
import { buildCountyGrid, KIND_POND } from "./src/demo/grid.ts";
import { Rng } from "./src/demo/rng.ts";
for (const c of planProvince(20241231)) {
  const t = makeTerrain(20241231, c);
  const t0 = performance.now();
  const g = buildCountyGrid(new Rng(1).fork(c.code), 20241231, c, t);
  let s = 0; for (let k = 0; k < g.count; k++) s += g.planar[k];
  let ponds = 0, multi = 0; for (let k = 0; k < g.count; k++) { if (g.kind[k] === KIND_POND) ponds++; multi += g.multi[k]; }
  console.log(c.code, c.terrain, g.count, ponds, multi, (s - c.width * c.height).toExponential(2), (performance.now() - t0).toFixed(0) + "ms", (g.count / (c.width * c.height / 1e6)).toFixed(0));
}
const b = planBenchmarkCounty(20241231, 200000);
const t0 = performance.now();
const g = buildCountyGrid(new Rng(1).fork(b.code), 20241231, b, makeTerrain(20241231, b));
console.log("bench", g.count, b.width, b.height, (performance.now() - t0).toFixed(0) + "ms");
