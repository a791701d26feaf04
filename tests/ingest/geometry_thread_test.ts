/**
 * The Shapefile geometry read on a second thread (issue 16): the geometry pass on hand-made
 * shapes with known boxes, areas and centroids; the loader's table and report identical whether
 * the .shp is read on a worker or on the loader's thread, on a file with every geometry problem,
 * deleted records, a reprojected layer, the s1 sample and a demo county; errors with the same
 * message and the same precedence (.shp, then the record count, then the .dbf).
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { geometryPass } from "../../src/geom/pass.ts";
import { polygonColumnFromRings, type Position } from "../../src/geom/types.ts";
import { type GeometryThread, readShpOffThread, ShpThread } from "../../src/ingest/shp_thread.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { readShapefile } from "../../src/io/shp.ts";
import { square, writeParcels, X0, Y0 } from "./_fixtures.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

const S1 = new URL("../../../shared/samples/s1/DLTB.shp", import.meta.url).pathname;
/** A demo county's survey (the shared demo province, generated on first use). */
const demoCounty = async () => `${(await demoProvince()).dir}/900101/DLTB_2024.shp`;

/** A digest of everything a load gives: every column, the geometry, the CRS and the report. */
async function digest(paths: string[], where: GeometryThread): Promise<string> {
  const { table, report } = await loadParcels(paths, { progress: false, geometryThread: where });
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [k, v] of Object.entries(table.text).sort()) parts.push(enc.encode(k + JSON.stringify(v)));
  for (const [k, v] of Object.entries(table.num).sort()) parts.push(enc.encode(k), new Uint8Array(v.slice().buffer));
  parts.push(table.isFarmland);
  const g = table.geometry!;
  for (const a of [g.coords, g.ringOffsets, g.polyOffsets, g.geomOffsets]) parts.push(new Uint8Array(a.slice().buffer));
  parts.push(enc.encode(JSON.stringify(report) + JSON.stringify(table.crs)));
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) all.set(p, (o += p.length) - p.length);
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", all))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function rejection(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a rejection");
}

Deno.test("geometryPass: boxes, areas and centroids of known shapes; an empty feature and a bow-tie", () => {
  const sq: Position[] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
  const hole: Position[] = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]];
  const far: Position[] = [[10, 10], [12, 10], [12, 11], [10, 11], [10, 10]];
  const bow: Position[] = [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]];
  const col = polygonColumnFromRings([[[sq, hole]], [[sq], [far]], [], [[bow]]]);
  const p = geometryPass(col);
  assertEquals([...p.boxes.subarray(0, 8)], [0, 0, 4, 4, 0, 0, 12, 11]);
  assert(p.boxes.subarray(8, 12).every(Number.isNaN), "an empty feature has a NaN box");
  assertEquals([...p.planar.subarray(0, 3)], [15, 18, 0]);
  // Square minus the unit hole at (1.5, 1.5): (16·2 − 1·1.5) / 15 on both axes.
  assertAlmostEquals(p.centroids[0], (16 * 2 - 1.5) / 15, 1e-12);
  assertAlmostEquals(p.centroids[1], (16 * 2 - 1.5) / 15, 1e-12);
  // 4×4 at (2, 2) and 2×1 at (11, 10.5).
  assertAlmostEquals(p.centroids[2], (16 * 2 + 2 * 11) / 18, 1e-12);
  assertAlmostEquals(p.centroids[3], (16 * 2 + 2 * 10.5) / 18, 1e-12);
  assertEquals(p.issues.map((i) => [i.k, i.kind]), [[2, "empty"], [3, "self_intersection"]]);
});

Deno.test("a load is identical with the geometry on a worker or on the loader's thread", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const sq = (i: number) => [[square(i)]];
    const bow: Position[] = [[X0, Y0], [X0 + 50, Y0 + 50], [X0 + 50, Y0], [X0, Y0 + 50], [X0, Y0]];
    const otherZone = square(3).map(([x, y]) => [x + 1_000_000, y] as Position);
    const bad = await writeParcels(dir, "bad", [
      { BSM: "1", DLBM: "0101", DLMC: "水田", TBMJ: 2500.5, GDDB: 5 },
      { BSM: "2", DLBM: "0103", DLMC: "旱地", TBMJ: 3000, GDDB: 6 }, // TBMJ 20 % off
      { BSM: "3", DLBM: "0301", DLMC: "乔木林地", TBMJ: 1250 }, // bow-tie
      { BSM: "4", DLBM: "0301", DLMC: "乔木林地", TBMJ: 2500 }, // other zone
      { BSM: "5", DLBM: "0201", DLMC: "果园", TBMJ: 2500 },
      { BSM: "6", DLBM: "0201", DLMC: "果园", TBMJ: 2500 }, // deleted below
    ], [sq(0), sq(1), [[bow]], [[otherZone]], sq(4), sq(5)]);
    // The same file with record 5 deleted (the pass is then made again for the records kept).
    const deleted = `${dir}/deleted.shp`;
    for (const ext of ["shp", "shx", "dbf", "prj", "cpg"]) await Deno.copyFile(bad.replace(/shp$/, ext), deleted.replace(/shp$/, ext));
    const dbfPath = deleted.replace(/\.shp$/, ".dbf");
    const dbf = await Deno.readFile(dbfPath);
    const dv = new DataView(dbf.buffer);
    dbf[dv.getUint16(8, true) + 4 * dv.getUint16(10, true)] = 0x2a; // record 5 deleted
    await Deno.writeFile(dbfPath, dbf);
    const clean = await writeParcels(dir, "clean", [1, 2, 3].map((i) => ({ BSM: `c${i}`, DLBM: "0101", DLMC: "水田", TBMJ: 2500 })), [0, 1, 2].map(sq));

    const { report } = await loadParcels([bad], { progress: false, geometryThread: "worker" });
    assertEquals(report.problems.map((p) => `${p.row}:${p.code}`), ["4:mixed_crs", "2:tbmj_mismatch", "3:self_intersection"]);
    const { table, report: r2 } = await loadParcels([deleted], { progress: false, geometryThread: "worker" });
    assertEquals(r2.problems.map((p) => `${p.row}:${p.code}`), ["4:mixed_crs", "2:tbmj_mismatch", "3:self_intersection"]);
    assertEquals(table.text.BSM, ["1", "2", "3", "4", "6"]);
    assert(r2.files[0].notes.some((n) => n.includes("1 条记录已标记删除（记录号 5）")), r2.files[0].notes.join("\n"));
    const DEMO = await demoCounty();
    for (const paths of [[bad], [deleted], [bad, clean], [S1], [DEMO]]) {
      assertEquals(await digest(paths, "worker"), await digest(paths, "here"), paths.join(", "));
    }
    assertEquals(await digest([DEMO], "auto"), await digest([DEMO], "here"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("geographic input reprojected: the same table whether its geometry was read on a worker", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const deg = (i: number): Position[] => {
      const x = 115 + i * 0.001, y = 30;
      return [[x, y], [x + 0.0005, y], [x + 0.0005, y + 0.0005], [x, y + 0.0005], [x, y]];
    };
    const geo = await writeParcels(dir, "geo", [0, 1].map((i) => ({ BSM: `g${i}`, DLBM: "0101", DLMC: "水田", TBMJ: 2600 })), [[[deg(0)]], [[deg(1)]]], {
      prj: 'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
    });
    const { table, report } = await loadParcels([geo], { progress: false, geometryThread: "worker" });
    assert(report.files[0].reprojected !== null, "reprojected");
    assert(table.num.minx[0] > 100_000 && table.num.planar_m2[0] > 2000, `projected metres: ${table.num.minx[0]}, ${table.num.planar_m2[0]}`);
    assertEquals(await digest([geo], "worker"), await digest([geo], "here"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("errors from the worker: the same message, and the .shp's error before the count's and the .dbf's", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const rows = [1, 2, 3].map((i) => ({ BSM: String(i), DLBM: "0101", DLMC: "水田", TBMJ: 2500 }));
    const path = await writeParcels(dir, "t", rows, [0, 1, 2].map((i) => [[square(i)]]));
    const shp = await Deno.readFile(path);
    await Deno.writeFile(path, shp.subarray(0, shp.length - 40));
    const here = await rejection(() => loadParcels([path], { progress: false, geometryThread: "here" }));
    assert(here.includes(path) && /截断/.test(here), here);
    assertEquals(await rejection(() => loadParcels([path], { progress: false, geometryThread: "worker" })), here);
    assertEquals(await rejection(() => readShpOffThread(path)), here);

    // A truncated .shp beside a truncated .dbf: the .shp is named.
    const dbfPath = path.replace(/\.shp$/, ".dbf");
    const dbf = await Deno.readFile(dbfPath);
    await Deno.writeFile(dbfPath, dbf.subarray(0, 40));
    assertEquals(await rejection(() => loadParcels([path], { progress: false, geometryThread: "worker" })), here);

    // A whole .shp of 3 records beside a .dbf of 2: the count.
    const two = await writeParcels(dir, "two", rows.slice(0, 2), [0, 1].map((i) => [[square(i)]]));
    await Deno.writeFile(path, shp);
    await Deno.copyFile(two.replace(/\.shp$/, ".dbf"), dbfPath);
    const count = await rejection(() => readShapefile(path, { readGeometry: readShpOffThread }));
    assertEquals(count, `记录数不一致：${path} 有 3 条几何记录，${dbfPath} 有 2 条属性记录`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a kept ShpThread: surveys read one after another, each read ahead, give the tables read here; a broken one fails at its read and the thread goes on", async () => {
  const dir = await Deno.makeTempDir();
  const shp = new ShpThread();
  try {
    const rows = [1, 2, 3].map((i) => ({ BSM: String(i), DLBM: "0101", DLMC: "水田", TBMJ: 2500 }));
    const clean = await writeParcels(dir, "clean", rows, [0, 1, 2].map((i) => [[square(i)]]));
    const broken = await writeParcels(dir, "broken", rows, [0, 1, 2].map((i) => [[square(i)]]));
    const bytes = await Deno.readFile(broken);
    await Deno.writeFile(broken, bytes.subarray(0, bytes.length - 40));
    const brokenHere = await rejection(() => loadParcels([broken], { progress: false, geometryThread: "here" }));
    // As a province reads its counties: this one and the next queued before this one is loaded.
    const DEMO = await demoCounty();
    const order = [S1, DEMO, broken, clean, S1];
    for (const [i, path] of order.entries()) {
      shp.readAhead(path);
      if (i + 1 < order.length) shp.readAhead(order[i + 1]);
      if (path === broken) assertEquals(await rejection(() => loadParcels([path], { progress: false, geometryThread: shp })), brokenHere);
      else assertEquals(await digest([path], shp), await digest([path], "here"), path);
      assertEquals(shp.waiting, i + 1 < order.length ? 1 : 0, "this file taken from what was read ahead, the next one waiting");
    }
    // Not read ahead: read when asked.
    assertEquals(await digest([clean, DEMO], shp), await digest([clean, DEMO], "here"));
  } finally {
    shp.close();
    await Deno.remove(dir, { recursive: true });
  }
});
