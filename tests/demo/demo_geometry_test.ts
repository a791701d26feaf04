/**
 * The demo county geometry, checked from its construction (no GIS): the parcels tile the
 * county rectangle (area sum, and every interior edge is shared by exactly two rings in
 * opposite directions), ponds fill their holes exactly, rings are oriented, BSM is unique and
 * every 2019 class is in the 三调 table.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { buildCounty } from "../../src/demo/generate.ts";
import { planBenchmarkCounty, planProvince } from "../../src/demo/admin.ts";
import { KIND_POND } from "../../src/demo/grid.ts";
import { connectedGroups } from "../../src/demo/history.ts";
import { featurePlanarArea, featureRings, ringSignedArea } from "../../src/geom/types.ts";
import { lookupLandClass } from "../../src/units/landclass.ts";
import type { DemoCounty } from "../../src/demo/types.ts";

const SEED = 20241231;
const province = planProvince(SEED);
const byTerrain = ["plain", "hill", "mountain"].map((t) => province.find((c) => c.terrain === t)!);

function checkTiling(county: DemoCounty): void {
  const { st } = buildCounty(SEED, county);
  const g = st.grid.geometry;
  let sum = 0;
  for (let k = 0; k < st.grid.count; k++) sum += featurePlanarArea(g, k);
  assertAlmostEquals(sum, county.width * county.height, 1e-5, `${county.code} area`);
  // Directed edges: each interior edge once in each direction, boundary edges once.
  const edges = new Map<string, number>();
  const key = (a: number, b: number, c: number, d: number) => `${a},${b},${c},${d}`;
  for (let r = 0; r < g.ringOffsets.length - 1; r++) {
    for (let v = g.ringOffsets[r]; v < g.ringOffsets[r + 1] - 1; v++) {
      const k = key(g.coords[2 * v], g.coords[2 * v + 1], g.coords[2 * v + 2], g.coords[2 * v + 3]);
      edges.set(k, (edges.get(k) ?? 0) + 1);
    }
  }
  const x1 = county.x0 + county.width, y1 = county.y0 + county.height;
  let boundary = 0;
  for (const [k, n] of edges) {
    assertEquals(n, 1, `${county.code}: edge ${k} used twice in one direction (overlap)`);
    const [ax, ay, bx, by] = k.split(",").map(Number);
    if (edges.has(key(bx, by, ax, ay))) continue;
    const onEdge = (ax === bx && (ax === county.x0 || ax === x1)) ||
      (ay === by && (ay === county.y0 || ay === y1));
    assert(onEdge, `${county.code}: edge ${k} has no partner and is not on the county boundary (gap)`);
    boundary++;
  }
  assert(boundary >= 4);
}

for (const county of byTerrain) {
  Deno.test(`demo ${county.terrain} county ${county.code}: parcels tile the county, no gaps or overlaps`, () => {
    checkTiling(county);
  });
}

Deno.test("demo benchmark county (2,000 parcels) tiles its rectangle too", () => {
  checkTiling(planBenchmarkCounty(SEED, 2000));
});

Deno.test("demo ponds fill their host's hole exactly; shells CCW, holes CW; MultiPolygons apart", () => {
  let ponds = 0, multis = 0;
  for (const county of byTerrain) {
    const { st, base } = buildCounty(SEED, county);
    const grid = st.grid, g = grid.geometry;
    for (let k = 0; k < grid.count; k++) {
      for (let j = g.geomOffsets[k]; j < g.geomOffsets[k + 1]; j++) {
        for (let r = g.polyOffsets[j]; r < g.polyOffsets[j + 1]; r++) {
          const a = ringSignedArea(g, r);
          assert(r === g.polyOffsets[j] ? a > 0 : a < 0, `${st.bsm[k]} ring ${r} orientation`);
        }
      }
      if (grid.kind[k] === KIND_POND) {
        ponds++;
        const host = grid.pondHost[k];
        assertEquals(grid.hostPond[host], k);
        assertEquals(base.dlbm[k], "1104");
        assert(base.dlbm[host].startsWith("01"), `pond host ${st.bsm[host]} is farmland in 2019`);
        const [hostPoly] = featureRings(g, host);
        const [[pondShell]] = featureRings(g, k);
        assertEquals(hostPoly.length, 2, "host has exactly one hole");
        assertEquals([...hostPoly[1]].reverse(), pondShell, "hole = pond shell reversed");
        const shellOnly = Math.abs(ringSignedArea(g, g.polyOffsets[g.geomOffsets[host]]));
        assertAlmostEquals(featurePlanarArea(g, host) + featurePlanarArea(g, k), shellOnly, 1e-6);
      }
      if (grid.multi[k]) {
        multis++;
        const parts = featureRings(g, k);
        assertEquals(parts.length, 2);
        const first = new Set(parts[0][0].map((p) => p.join(",")));
        assert(parts[1][0].every((p) => !first.has(p.join(","))), `${st.bsm[k]}: parts share a vertex`);
      }
    }
  }
  assert(ponds >= 10, `ponds: ${ponds}`);
  assert(multis >= 3, `multipolygons: ${multis}`);
});

Deno.test("demo BSM unique, 2019 classes in the 三调 table, parcel sizes mostly 0.2–2 ha", () => {
  const seen = new Set<string>();
  for (const county of byTerrain) {
    const { st, base } = buildCounty(SEED, county);
    let typical = 0, normal = 0;
    for (let k = 0; k < st.grid.count; k++) {
      assert(!seen.has(st.bsm[k]), `duplicate BSM ${st.bsm[k]}`);
      seen.add(st.bsm[k]);
      assert(lookupLandClass(base.dlbm[k]) !== null, `unknown DLBM ${base.dlbm[k]}`);
      if (st.grid.kind[k] === 0) {
        normal++;
        const a = st.grid.planar[k];
        if (a >= 2000 && a <= 20000) typical++;
      }
    }
    assert(typical / normal > 0.8, `${county.code}: ${typical}/${normal} parcels of 0.2–2 ha`);
    assert(st.grid.count >= 2000 && st.grid.count <= 4000, `${county.code}: ${st.grid.count} parcels`);
  }
});

Deno.test("demo county build is deterministic in the seed", () => {
  const a = buildCounty(SEED, byTerrain[1]).st, b = buildCounty(SEED, byTerrain[1]).st;
  assertEquals(a.grid.geometry.coords, b.grid.geometry.coords);
  assertEquals(a.tbmjC, b.tbmjC);
  const c = buildCounty(SEED + 1, planProvince(SEED + 1)[1]).st;
  assert(
    c.grid.geometry.coords.length !== a.grid.geometry.coords.length ||
      c.grid.geometry.coords.some((v, i) => v !== a.grid.geometry.coords[i]),
  );
});

Deno.test("demo plain farmland forms large contiguous blocks (≥ 50 亩 across narrow roads and ditches)", () => {
  const { st, base } = buildCounty(SEED, byTerrain[0]);
  const farm: number[] = [];
  for (let k = 0; k < st.grid.count; k++) if (base.dlbm[k].startsWith("01")) farm.push(k);
  const groups = connectedGroups(st, farm);
  const mu = (g: number[]) => g.reduce((s, k) => s + st.tbmjC[k], 0) / 100 / (10000 / 15);
  const big = groups.filter((g) => mu(g) >= 50);
  assert(big.length >= 3, `${big.length} blocks of ≥ 50 亩`);
  assert(mu(groups[0]) > 1000, `largest block ${mu(groups[0])} 亩`);
});
