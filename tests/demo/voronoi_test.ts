/**
 * The second demo shape (`shape: "voronoi"`): Voronoi cells with road, ditch and highway strips
 * noded into their edges. Checked from its output, mostly by methods independent of how it is
 * built: the parcels tile the county rectangle (area sum, shared edges, random points each in
 * exactly one parcel by a point-in-polygon test), every polygon is valid, the strips are straight
 * parcels of their kinds at angles, the neighbour lists and the owner raster agree with the
 * geometry, and the written county loads without errors and screens.
 */
import { assert, assertEquals } from "../_assert.ts";
import { buildCounty, generateDemo } from "../../src/demo/generate.ts";
import { planBenchmarkCounty, planProvince } from "../../src/demo/admin.ts";
import {
  type CountyGrid,
  KIND_DITCH,
  KIND_HIGHWAY,
  KIND_NORMAL,
  KIND_POND,
  KIND_ROAD,
} from "../../src/demo/grid.ts";
import { connectedGroups } from "../../src/demo/history.ts";
import { featurePlanarArea, featureRings, type PolygonRings, ringSignedArea } from "../../src/geom/types.ts";
import { geometryIssues } from "../../src/geom/validate.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { PROBLEM_LABELS, type ProblemCode } from "../../src/ingest/report.ts";
import type { DemoCounty } from "../../src/demo/types.ts";

const SEED = 20241231;
const MAIN = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const small = planBenchmarkCounty(SEED, 3000);
const built = buildCounty(SEED, small, "voronoi");
const grid = built.st.grid;
const province = planProvince(SEED);
const byTerrain = ["plain", "hill", "mountain"].map((t) => province.find((c) => c.terrain === t)!);

/** A seeded uniform generator independent of the generator's own. */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Even-odd point in polygon over every ring of a feature (shells and holes of all parts). */
function contains(parts: PolygonRings[], x: number, y: number): boolean {
  let inside = false;
  for (const poly of parts) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i], [xj, yj] = ring[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

function checkTiling(county: DemoCounty, g: CountyGrid): void {
  const geo = g.geometry;
  let sum = 0;
  for (let k = 0; k < g.count; k++) sum += featurePlanarArea(geo, k);
  const rect = county.width * county.height;
  assert(Math.abs(sum - rect) / rect < 1e-9, `${county.code}: area ${sum} vs ${rect}`);
  const edges = new Map<string, number>();
  const key = (a: number, b: number, c: number, d: number) => `${a},${b},${c},${d}`;
  for (let r = 0; r < geo.ringOffsets.length - 1; r++) {
    for (let v = geo.ringOffsets[r]; v < geo.ringOffsets[r + 1] - 1; v++) {
      const c = geo.coords;
      const k = key(c[2 * v], c[2 * v + 1], c[2 * v + 2], c[2 * v + 3]);
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
    assert(
      onEdge,
      `${county.code}: edge ${k} has no partner and is not on the county boundary (gap or T-junction)`,
    );
    boundary++;
  }
  assert(boundary >= 4);
}

Deno.test("voronoi county tiles its rectangle: areas sum to it, every interior edge shared exactly, both ways", () => {
  checkTiling(small, grid);
  for (const county of byTerrain) checkTiling(county, buildCounty(SEED, county, "voronoi").st.grid);
});

Deno.test("voronoi county: 20,000 random points each lie in exactly one parcel (no overlap, no gap)", () => {
  const geo = grid.geometry;
  const B = 200;
  const nbx = Math.ceil(small.width / B), nby = Math.ceil(small.height / B);
  const buckets: number[][] = Array.from({ length: nbx * nby }, () => []);
  const parts: PolygonRings[][] = [];
  for (let k = 0; k < grid.count; k++) {
    parts.push(featureRings(geo, k));
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const poly of parts[k]) {
      for (const [x, y] of poly[0]) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    const i0 = Math.max(0, Math.floor((x0 - small.x0) / B)),
      i1 = Math.min(nbx - 1, Math.floor((x1 - small.x0) / B));
    const j0 = Math.max(0, Math.floor((y0 - small.y0) / B)),
      j1 = Math.min(nby - 1, Math.floor((y1 - small.y0) / B));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) buckets[j * nbx + i].push(k);
  }
  const rnd = mulberry32(42);
  const kinds = new Set<number>();
  for (let s = 0; s < 20000; s++) {
    const x = small.x0 + rnd() * small.width, y = small.y0 + rnd() * small.height;
    const b = Math.min(nby - 1, Math.floor((y - small.y0) / B)) * nbx +
      Math.min(nbx - 1, Math.floor((x - small.x0) / B));
    const hits = buckets[b].filter((k) => contains(parts[k], x, y));
    assertEquals(hits.length, 1, `point ${x},${y} lies in ${hits.length} parcels: ${hits.join(",")}`);
    kinds.add(grid.kind[hits[0]]);
  }
  for (const k of [KIND_NORMAL, KIND_ROAD, KIND_DITCH, KIND_HIGHWAY]) {
    assert(kinds.has(k), `no point fell in kind ${k}`);
  }
});

Deno.test("voronoi parcels are valid: no self-intersection, shells CCW, holes CW, ponds fill holes, multipolygons apart", () => {
  const geo = grid.geometry;
  let ponds = 0, multis = 0;
  for (let k = 0; k < grid.count; k++) {
    assertEquals(geometryIssues(geo, k), [], `parcel ${k}`);
    assert(grid.planar[k] > 0.1, `parcel ${k}: area ${grid.planar[k]}`);
    for (let j = geo.geomOffsets[k]; j < geo.geomOffsets[k + 1]; j++) {
      for (let r = geo.polyOffsets[j]; r < geo.polyOffsets[j + 1]; r++) {
        const a = ringSignedArea(geo, r);
        assert(r === geo.polyOffsets[j] ? a > 0 : a < 0, `parcel ${k} ring ${r} orientation`);
      }
    }
    if (grid.kind[k] === KIND_POND) {
      ponds++;
      const host = grid.pondHost[k];
      assertEquals(grid.hostPond[host], k);
      assertEquals(grid.kind[host], KIND_NORMAL);
      const [hostPoly] = featureRings(geo, host);
      const [[shell]] = featureRings(geo, k);
      assertEquals(hostPoly.length, 2, "host has exactly one hole");
      assertEquals([...hostPoly[1]].reverse(), shell, "hole = pond shell reversed");
    }
    if (grid.multi[k]) {
      multis++;
      const p = featureRings(geo, k);
      assertEquals(p.length, 2);
      const first = new Set(p[0][0].map((q) => q.join(",")));
      assert(p[1][0].every((q) => !first.has(q.join(","))), `parcel ${k}: parts share a vertex`);
    }
  }
  assert(ponds >= 10, `ponds: ${ponds}`);
  assert(multis >= 3, `multipolygons: ${multis}`);
});

Deno.test("voronoi county: about the requested parcel count, about a dozen vertices per parcel", () => {
  assert(Math.abs(grid.count - 3000) / 3000 < 0.1, `${grid.count} parcels for 3,000 requested`);
  const geo = grid.geometry;
  const rings = geo.ringOffsets.length - 1;
  const distinct = (geo.coords.length / 2 - rings) / grid.count;
  assert(distinct >= 9 && distinct <= 16, `mean vertices per parcel ${distinct}`);
  // Farmland-sized cells, like the grid's parcels (0.2–2 ha for most).
  let typical = 0, normal = 0;
  for (let k = 0; k < grid.count; k++) {
    if (grid.kind[k] !== KIND_NORMAL) continue;
    normal++;
    if (grid.planar[k] >= 2000 && grid.planar[k] <= 20000) typical++;
  }
  assert(typical / normal > 0.75, `${typical}/${normal} parcels of 0.2–2 ha`);
});

Deno.test("voronoi strips: straight road, ditch and highway parcels at angles, of their widths, noded and continuous", () => {
  const geo = grid.geometry;
  const deg = 180 / Math.PI;
  for (
    const [kind, lo, hi, maxFamilies] of [[KIND_ROAD, 3, 6, 2], [KIND_DITCH, 2, 4, 2], [
      KIND_HIGHWAY,
      14,
      24,
      1,
    ]]
  ) {
    const angles: number[] = [], widths: number[] = [];
    let pieces = 0;
    for (let k = 0; k < grid.count; k++) {
      if (grid.kind[k] !== kind) continue;
      pieces++;
      assert(
        grid.nbrStart[k + 1] - grid.nbrStart[k] >= 2,
        `strip parcel ${k} touches fewer than two parcels`,
      );
      const ring = featureRings(geo, k)[0][0];
      let best = 0, angle = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const dx = ring[i + 1][0] - ring[i][0], dy = ring[i + 1][1] - ring[i][1], len = Math.hypot(dx, dy);
        if (len > best) [best, angle] = [len, ((Math.atan2(dy, dx) * deg) % 180 + 180) % 180];
      }
      const width = grid.planar[k] / best;
      if (best < 30 || best < 4 * width) continue; // short or stubby pieces (at a cell corner) say little
      angles.push(angle);
      widths.push(width);
    }
    assert(pieces > 0 && angles.length >= 10, `kind ${kind}: ${pieces} parcels, ${angles.length} long ones`);
    // The long edges of the pieces lie along at most `maxFamilies` directions (straight strips), none axis-aligned.
    const families: number[] = [];
    let onFamily = 0;
    for (const a of [...angles].sort((x, y) => x - y)) {
      const near = families.find((f) => Math.min(Math.abs(a - f), 180 - Math.abs(a - f)) < 1.5);
      if (near !== undefined) onFamily++;
      else if (
        angles.filter((b) => Math.min(Math.abs(a - b), 180 - Math.abs(a - b)) < 1.5).length >=
          angles.length * 0.1
      ) {
        families.push(a);
        onFamily++;
      }
    }
    assert(
      families.length >= 1 && families.length <= maxFamilies,
      `kind ${kind}: directions ${families.join(", ")}`,
    );
    assert(
      onFamily >= angles.length * 0.95,
      `kind ${kind}: ${onFamily}/${angles.length} pieces along the strip directions`,
    );
    for (const f of families) {
      assert(f % 90 >= 4 && f % 90 <= 86, `kind ${kind}: direction ${f}° is axis-aligned`);
    }
    widths.sort((a, b) => a - b);
    const median = widths[widths.length >> 1];
    assert(median >= lo * 0.6 && median <= hi, `kind ${kind}: median width ${median}`);
  }
  // The highway is one chain of pieces across the county.
  const hw: number[] = [];
  for (let k = 0; k < grid.count; k++) if (grid.kind[k] === KIND_HIGHWAY) hw.push(k);
  const seen = new Set([hw[0]]), queue = [hw[0]];
  while (queue.length) {
    const k = queue.pop()!;
    for (let q = grid.nbrStart[k]; q < grid.nbrStart[k + 1]; q++) {
      const m = grid.nbr[q];
      if (grid.kind[m] !== KIND_HIGHWAY || seen.has(m)) continue;
      seen.add(m);
      queue.push(m);
    }
  }
  assertEquals(seen.size, hw.length, "highway pieces connected");
  const onSides = new Set<string>();
  for (const k of hw) {
    for (const [x, y] of featureRings(geo, k)[0][0]) {
      if (x === small.x0) onSides.add("W");
      if (x === small.x0 + small.width) onSides.add("E");
      if (y === small.y0) onSides.add("S");
      if (y === small.y0 + small.height) onSides.add("N");
    }
  }
  assert(onSides.size >= 2, `highway reaches the sides ${[...onSides]}`);
});

Deno.test("voronoi neighbours are exactly the parcels sharing an edge (and pond ↔ host)", () => {
  const geo = grid.geometry;
  const byEdge = new Map<string, number[]>();
  for (let k = 0; k < grid.count; k++) {
    for (const poly of featureRings(geo, k)) {
      for (const ring of poly) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i].join(","), b = ring[i + 1].join(",");
          const key = a < b ? `${a};${b}` : `${b};${a}`;
          const list = byEdge.get(key) ?? [];
          if (!list.includes(k)) list.push(k);
          byEdge.set(key, list);
        }
      }
    }
  }
  const expected = new Set<string>();
  for (const list of byEdge.values()) {
    assert(list.length <= 2, `an edge of ${list.length} parcels`);
    if (list.length === 2) expected.add(`${Math.min(...list)}-${Math.max(...list)}`);
  }
  const got = new Set<string>();
  for (let k = 0; k < grid.count; k++) {
    for (let q = grid.nbrStart[k]; q < grid.nbrStart[k + 1]; q++) {
      const m = grid.nbr[q];
      assert(m !== k, `${k} is its own neighbour`);
      got.add(`${Math.min(k, m)}-${Math.max(k, m)}`);
    }
  }
  assertEquals(grid.nbr.length, got.size * 2, "each neighbour pair listed once on each side");
  assertEquals([...got].sort(), [...expected].sort());
});

Deno.test("voronoi owner raster: each sampled cell's centre lies in its owner; rect bounds the first part", () => {
  const geo = grid.geometry;
  const rx = small.width / grid.ncx, ry = small.height / grid.ncy;
  assertEquals(grid.cellOwner.length, grid.ncx * grid.ncy);
  assert(rx <= 12 && ry <= 12, `raster cell ${rx} × ${ry} m`);
  assert(grid.cellOwner.every((o) => o >= 0 && o < grid.count), "every raster cell owned");
  const rnd = mulberry32(7);
  for (let s = 0; s < 3000; s++) {
    const c = Math.floor(rnd() * grid.cellOwner.length);
    const i = c % grid.ncx, j = Math.floor(c / grid.ncx);
    const x = small.x0 + (i + 0.5) * rx, y = small.y0 + (j + 0.5) * ry;
    const o = grid.cellOwner[c];
    assert(contains(featureRings(geo, o), x, y), `raster cell ${i},${j} centre not in its owner ${o}`);
    if (grid.multi[o] === 0 && grid.kind[o] !== KIND_POND) {
      const [i0, j0, i1, j1] = grid.rect.subarray(o * 4, o * 4 + 4);
      assert(i >= i0 && i < i1 && j >= j0 && j < j1, `cell ${i},${j} outside rect of ${o}`);
    }
  }
  // The consumers of the raster run on it: farmland forms contiguous groups across narrow strips.
  const farm: number[] = [];
  for (let k = 0; k < grid.count; k++) if (built.base.dlbm[k].startsWith("01")) farm.push(k);
  const groups = connectedGroups(built.st, farm);
  assert(
    groups.length > 0 && groups.length < farm.length / 3,
    `${groups.length} groups of ${farm.length} farmland parcels`,
  );
});

Deno.test("voronoi county build is deterministic in the seed", () => {
  const a = buildCounty(SEED, small, "voronoi").st.grid, b = buildCounty(SEED, small, "voronoi").st.grid;
  assertEquals(a.geometry.coords, grid.geometry.coords);
  assertEquals(b.geometry.ringOffsets, grid.geometry.ringOffsets);
  assertEquals(b.kind, grid.kind);
  assertEquals(b.nbr, grid.nbr);
  const c = buildCounty(SEED + 1, planBenchmarkCounty(SEED + 1, 3000), "voronoi").st.grid;
  assert(
    c.geometry.coords.length !== a.geometry.coords.length ||
      c.geometry.coords.some((v, i) => v !== a.geometry.coords[i]),
    "another seed, other geometry",
  );
});

Deno.test("demo --shape voronoi: a 5,000-parcel county that loads without errors and screens", async () => {
  const dir = await Deno.makeTempDir({ prefix: "demo_voronoi_" });
  try {
    const m = await generateDemo({ out: `${dir}/data`, counties: { parcels: 5000 }, shape: "voronoi" });
    assertEquals(m.parameters.shape, "voronoi");
    assertEquals(m.parameters.mode, "benchmark");
    const n = m.counties[0].years["2024"].parcels;
    assert(n >= 4500 && n <= 5500, `${n} parcels`);
    const code = m.counties[0].code;
    const dltb = `${dir}/data/${code}/DLTB_2024.shp`;
    const { table, report } = await loadParcels([dltb], { progress: false });
    assertEquals(table.length, n);
    const errors = (Object.keys(report.counts) as ProblemCode[])
      .filter((c) => PROBLEM_LABELS[c].severity === "error" && (report.counts[c] ?? 0) > 0);
    assertEquals(errors, [], JSON.stringify(report.counts));
    const r = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-q",
        "-A",
        MAIN,
        "screen",
        "--dltb",
        dltb,
        "--constraints",
        `${dir}/data/${code}/constraints`,
        "--out",
        `${dir}/screen`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/screen/summary.json`));
    assertEquals(summary.parcels, n);
    assert(summary.candidates.count > 0, "candidates found");
    assert(summary.ledger.conservation_rel < 1e-9, `conservation ${summary.ledger.conservation_rel}`);
    // The default shape is untouched by the option: grid, and no `shape` in the manifest.
    const g = await generateDemo({ out: `${dir}/grid`, counties: { parcels: 2000 }, shape: "grid" });
    const d = await generateDemo({ out: `${dir}/default`, counties: { parcels: 2000 } });
    assertEquals(g.files, d.files);
    assertEquals(d.parameters.shape, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
