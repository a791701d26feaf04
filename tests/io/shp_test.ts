import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { assertRejects, rawShp, type RawRecord, rect } from "./_helpers.ts";
import {
  featureCount,
  featurePlanarArea,
  featureRings,
  type PolygonColumn,
  polygonColumnFromRings,
  type Position,
  ringSignedArea,
} from "../../src/geom/types.ts";
import { readShapefile, readShp, writeShapefile } from "../../src/io/shp.ts";
import { writeDbf } from "../../src/io/dbf.ts";
import type { Cell, FieldDef } from "../../src/io/layer.ts";

const FIELDS: FieldDef[] = [
  { name: "BSM", type: "C", length: 18, decimals: 0 },
  { name: "DLMC", type: "C", length: 60, decimals: 0 },
  { name: "TBMJ", type: "N", length: 19, decimals: 2 },
];

/** Every shell counter-clockwise and every hole clockwise. */
function assertNormalised(g: PolygonColumn): void {
  for (let j = 0; j + 1 < g.polyOffsets.length; j++) {
    for (let i = g.polyOffsets[j]; i < g.polyOffsets[j + 1]; i++) {
      const a = ringSignedArea(g, i);
      assert(i === g.polyOffsets[j] ? a > 0 : a < 0, `ring ${i} of polygon ${j} has signed area ${a}`);
    }
  }
}

/** Signed areas of the rings of record k of a .shp, as stored in the file. */
function storedRingAreas(shp: Uint8Array, k: number): number[] {
  const dv = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  let pos = 100;
  for (let i = 0; i < k; i++) pos += 8 + dv.getInt32(pos + 4, false) * 2;
  const c = pos + 8, np = dv.getInt32(c + 36, true), nv = dv.getInt32(c + 40, true);
  const pts = c + 44 + 4 * np;
  const out: number[] = [];
  for (let r = 0; r < np; r++) {
    const a = dv.getInt32(c + 44 + 4 * r, true), b = r + 1 < np ? dv.getInt32(c + 48 + 4 * r, true) : nv;
    let s = 0;
    for (let v = a; v < b - 1; v++) {
      s += dv.getFloat64(pts + 16 * v, true) * dv.getFloat64(pts + 16 * v + 24, true) -
        dv.getFloat64(pts + 16 * v + 16, true) * dv.getFloat64(pts + 16 * v + 8, true);
    }
    out.push(s / 2);
  }
  return out;
}

/** Writes raw .shp/.shx plus a matching .dbf (and optionally .cpg) under dir/name. */
async function writeRaw(
  dir: string,
  name: string,
  records: (number[][][] | null)[],
  opts: { shapeType?: number; cpg?: string; encoding?: "gbk" | "utf-8"; names?: string[] } = {},
): Promise<string> {
  const { shp, shx } = rawShp(records, opts.shapeType ?? 5);
  const base = `${dir}/${name}`;
  await Deno.writeFile(`${base}.shp`, shp);
  await Deno.writeFile(`${base}.shx`, shx);
  const names: Cell[] = records.map((_, i) => opts.names?.[i % opts.names.length] ?? `图斑${i + 1}`);
  const dbf = writeDbf({
    fields: [{ name: "MC", type: "C", length: 20, decimals: 0 }],
    columns: { MC: names },
    length: records.length,
  }, { encoding: opts.encoding ?? "gbk" });
  await Deno.writeFile(`${base}.dbf`, dbf);
  if (opts.cpg !== undefined) await Deno.writeTextFile(`${base}.cpg`, opts.cpg);
  return base;
}

Deno.test("shapefile round trip: square with hole, MultiPolygon, empty feature; exact areas; Shapefile winding on disk", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const geometry = polygonColumnFromRings([
      [[[[0, 0], [10, 0], [10, 10], [0, 10]], [[2, 2], [2, 4], [4, 4], [4, 2]]]],
      [
        [[[20, 0], [25, 0], [25, 5], [20, 5]]],
        [[[30, 0], [36, 0], [36, 6], [30, 6]], [[31, 1], [31, 2], [32, 2], [32, 1]]],
      ],
      [],
      [[[[39500000.25, 3450000.5], [39500100.25, 3450000.5], [39500100.25, 3450050.5], [
        39500000.25,
        3450050.5,
      ]]]],
    ]);
    const columns: Record<string, Cell[]> = {
      BSM: ["1", "2", "3", "4"],
      DLMC: ["水田", "可调整养殖坑塘", null, "示例村·旱地"],
      TBMJ: [96, 60, null, 5000],
    };
    const base = `${dir}/地类图斑`;
    await writeShapefile(`${base}.shp`, { fields: FIELDS, columns, length: 4, geometry }, {
      encoding: "gbk",
      prjWkt: 'PROJCS["CGCS2000_3_Degree_GK_Zone_39"]',
    });
    assertEquals(await Deno.readTextFile(`${base}.cpg`), "GBK");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(names, ["地类图斑.cpg", "地类图斑.dbf", "地类图斑.prj", "地类图斑.shp", "地类图斑.shx"]);
    const shpBytes = await Deno.readFile(`${base}.shp`);
    const [shell, hole] = storedRingAreas(shpBytes, 0);
    assert(shell < 0 && hole > 0, "on disk: shell clockwise, hole counter-clockwise");

    const layer = await readShapefile(base); // without ".shp"
    assertEquals(layer.length, 4);
    assertEquals(layer.encoding, "gbk");
    assertEquals(layer.crsText, 'PROJCS["CGCS2000_3_Degree_GK_Zone_39"]');
    assertEquals(layer.notes, []);
    assertEquals(layer.fields, FIELDS);
    assertEquals(layer.columns, columns);
    const g = layer.geometry!;
    assertEquals(featureCount(g), 4);
    assertEquals(featurePlanarArea(g, 0), 96);
    assertEquals(featurePlanarArea(g, 1), 25 + 35);
    assertEquals(featurePlanarArea(g, 2), 0);
    assertEquals(featurePlanarArea(g, 3), 5000);
    assertEquals(featureRings(g, 1).map((p) => p.length), [1, 2]);
    assertEquals(featureRings(g, 2), []);
    assertNormalised(g);
    assertEquals(g.coords, geometry.coords, "coordinates unchanged (already CCW/CW)");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readShp: clockwise/counter-clockwise mix, nesting, orphan holes, unclosed rings, null and Z records", () => {
  const records = [
    [rect(0, 0, 10, 10, true)], // single ring wound the wrong way (CCW) → shell
    [rect(2, 2, 4, 4, true), rect(0, 0, 10, 10)], // hole listed before its shell
    [rect(0, 0, 100, 100), rect(10, 10, 90, 90, true), rect(20, 20, 80, 80), rect(30, 30, 40, 40, true)], // island in a pond
    [rect(0, 0, 10, 10), rect(20, 20, 30, 30, true)], // CCW ring outside every shell → own shell
    [rect(0, 0, 10, 10, true), rect(2, 2, 4, 4, true)], // both CCW: no shell contains either → two shells
    [rect(0, 0, 10, 10), rect(2, 2, 4, 4)], // both CW: two shells, the hole-like one overlapping
    null,
    [[[0, 0], [0, 10], [10, 10], [10, 0]]], // unclosed
    [rect(0, 0, 10, 10), rect(0, 0, 5, 5, true)], // hole touching the shell boundary at a corner
  ];
  const { shp } = rawShp(records);
  const r = readShp(shp, "mix.shp");
  const g = r.geometry;
  assertEquals(r.shapeType, 5);
  assertEquals(r.bbox, [0, 0, 100, 100]);
  assertNormalised(g);
  const structure = Array.from(
    { length: featureCount(g) },
    (_, k) => featureRings(g, k).map((p) => p.length),
  );
  assertEquals(structure, [[1], [2], [2, 2], [1, 1], [1, 1], [1, 1], [], [1], [2]]);
  const areas = Array.from({ length: featureCount(g) }, (_, k) => featurePlanarArea(g, k));
  assertEquals(areas, [100, 96, 10000 - 6400 + 3600 - 100, 200, 104, 104, 0, 100, 75]);
  // The island polygon keeps its own hole; the pond is the hole of the big shell.
  assertEquals(featureRings(g, 2)[0][1].length, 5);
  assertEquals(featureRings(g, 2)[1][0][0], [20, 20]);
  assert(r.notes.some((n) => n.includes("3 个") && n.includes("独立的面")), r.notes.join("\n"));
  assert(r.notes.some((n) => n.includes("1 个环首尾不闭合")), r.notes.join("\n"));
  const z = readShp(rawShp([[rect(0, 0, 3, 3), rect(1, 1, 2, 2, true)], null], 15).shp, "z.shp");
  assertEquals(z.shapeType, 15);
  assertEquals(featurePlanarArea(z.geometry, 0), 8);
  assertEquals(featureCount(z.geometry), 2);
});

Deno.test("readShp: truncated and corrupt files give Chinese errors with file and record number", async () => {
  const shp = await Deno.readFile("/work/shared/samples/s1/DLTB.shp");
  const shx = await Deno.readFile("/work/shared/samples/s1/DLTB.shx");
  const cutAt = 200_000;
  const dv = new DataView(shx.buffer);
  let k = 0; // record (1-based) containing byte cutAt
  while (100 + 8 * k < shx.length && dv.getInt32(100 + 8 * k, false) * 2 < cutAt) k++;
  let err = "";
  try {
    readShp(shp.subarray(0, cutAt), "data/DLTB.shp");
  } catch (e) {
    err = (e as Error).message;
  }
  assert(err.startsWith(`Shapefile 已截断：data/DLTB.shp 第 ${k} 条记录不完整`), err);
  // Cut exactly at a record boundary: header length betrays it.
  const boundary = dv.getInt32(100 + 8 * 10, false) * 2;
  try {
    readShp(shp.subarray(0, boundary), "b.shp");
    err = "";
  } catch (e) {
    err = (e as Error).message;
  }
  assert(err.includes("Shapefile 已截断：b.shp 第 11 条记录"), err);
  for (
    const [bytes, part] of [[shp.subarray(0, 50), "不足 100 字节"], [
      new Uint8Array(100),
      "不是 Shapefile",
    ]] as const
  ) {
    try {
      readShp(bytes, "c.shp");
      err = "";
    } catch (e) {
      err = (e as Error).message;
    }
    assert(err.includes(part) && err.includes("c.shp"), err);
  }
});

Deno.test("readShapefile: truncated .shp and .dbf copies of s1 give Chinese errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const ext of ["shp", "shx", "dbf", "prj", "cpg"]) {
      await Deno.copyFile(`/work/shared/samples/s1/DLTB.${ext}`, `${dir}/DLTB.${ext}`);
    }
    const shp = await Deno.readFile(`${dir}/DLTB.shp`);
    await Deno.writeFile(`${dir}/DLTB.shp`, shp.subarray(0, shp.length - 1000));
    await assertRejects(() => readShapefile(`${dir}/DLTB.shp`), `Shapefile 已截断：${dir}/DLTB.shp 第 `);
    await Deno.writeFile(`${dir}/DLTB.shp`, shp);
    const dbf = await Deno.readFile(`${dir}/DLTB.dbf`);
    const dv = new DataView(dbf.buffer);
    const hl = dv.getUint16(8, true), rl = dv.getUint16(10, true);
    await Deno.writeFile(`${dir}/DLTB.dbf`, dbf.subarray(0, hl + 1234 * rl + 100));
    await assertRejects(
      () => readShapefile(`${dir}/DLTB.shp`),
      `DBF 文件已截断：${dir}/DLTB.dbf 声明 2000 条记录，实际只有 1234 条完整记录`,
    );
    await Deno.remove(`${dir}/DLTB.dbf`);
    await assertRejects(() => readShapefile(`${dir}/DLTB`), `缺少属性文件：${dir}/DLTB.dbf`);
    await assertRejects(() => readShapefile(`${dir}/无此图层.shp`), "找不到 Shapefile");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readShapefile: encoding from .cpg, guessed without it, corrected when the .cpg is wrong", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const recs = [[rect(0, 0, 1, 1)], [rect(1, 0, 2, 1)]];
    const names = ["水田", "示例村旱地"];
    let base = await writeRaw(dir, "无编码", recs, { names });
    let layer = await readShapefile(base);
    assertEquals(layer.encoding, "gbk");
    assertEquals(layer.columns.MC, names);
    assert(layer.notes.includes("无 .cpg 文件，按内容判断编码为 GBK"), layer.notes.join("\n"));

    base = await writeRaw(dir, "utf8", recs, { names, encoding: "utf-8" });
    layer = await readShapefile(`${base}.shp`);
    assertEquals(layer.encoding, "utf-8");
    assertEquals(layer.columns.MC, names);
    assert(layer.notes.includes("无 .cpg 文件，按内容判断编码为 UTF-8"), layer.notes.join("\n"));

    base = await writeRaw(dir, "cp936", recs, { names, cpg: "936\r\n" });
    layer = await readShapefile(base);
    assertEquals([layer.encoding, layer.columns.MC, layer.notes], ["gbk", names, []]);

    base = await writeRaw(dir, "wrongcpg", recs, { names, encoding: "utf-8", cpg: "GBK" });
    layer = await readShapefile(base);
    assertEquals(layer.encoding, "utf-8");
    assertEquals(layer.columns.MC, names);
    assert(layer.notes.some((n) => n.includes("已改按 UTF-8 读取")), layer.notes.join("\n"));

    layer = await readShapefile(base, { encoding: "gbk" }); // explicit: obeyed, but flagged
    assertEquals(layer.encoding, "gbk");
    assert(layer.notes.some((n) => n.includes("疑似乱码")), layer.notes.join("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readShapefile: count mismatch, deleted records, upper-case extensions", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const base = await writeRaw(dir, "a", [[rect(0, 0, 1, 1)], [rect(0, 0, 2, 2)], [rect(0, 0, 3, 3)]]);
    const dbf = await Deno.readFile(`${base}.dbf`);
    const dv = new DataView(dbf.buffer);
    dbf[dv.getUint16(8, true) + dv.getUint16(10, true)] = 0x2a; // delete record 2
    await Deno.writeFile(`${base}.dbf`, dbf);
    const layer = await readShapefile(base);
    assertEquals(layer.length, 2);
    assertEquals(layer.columns.MC, ["图斑1", "图斑3"]);
    assertEquals([featurePlanarArea(layer.geometry!, 0), featurePlanarArea(layer.geometry!, 1)], [1, 9]);
    assert(layer.notes.some((n) => n.includes("1 条记录已标记删除（记录号 2）")), layer.notes.join("\n"));

    const b2 = await writeRaw(dir, "B", [[rect(0, 0, 1, 1)], [rect(0, 0, 2, 2)]]);
    await Deno.rename(`${b2}.shp`, `${b2}.SHP`);
    await Deno.rename(`${b2}.dbf`, `${b2}.DBF`);
    assertEquals((await readShapefile(`${b2}.SHP`)).length, 2);
    const short = writeDbf({
      fields: [{ name: "MC", type: "C", length: 4, decimals: 0 }],
      columns: { MC: ["x"] },
      length: 1,
    }, {
      encoding: "gbk",
    });
    await Deno.writeFile(`${b2}.DBF`, short);
    await assertRejects(
      () => readShapefile(b2),
      `记录数不一致：${b2}.SHP 有 2 条几何记录，${b2}.DBF 有 1 条属性记录`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeShapefile: a failure leaves no files; rewriting removes a stale .prj; writeCpg false", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const geometry = polygonColumnFromRings([[[[[0, 0], [1, 0], [1, 1], [0, 1]]]]]);
    const fields: FieldDef[] = [{ name: "MC", type: "C", length: 10, decimals: 0 }];
    await assertRejects(
      () =>
        writeShapefile(`${dir}/x`, { fields, columns: { MC: ["한국"] }, length: 1, geometry }, {
          encoding: "gbk",
        }),
      `${dir}/x.dbf 第 1 条记录的字段 MC 的值“한국”`,
    );
    assertEquals([...Deno.readDirSync(dir)], []);
    await writeShapefile(`${dir}/x`, { fields, columns: { MC: ["旱地"] }, length: 1, geometry }, {
      encoding: "utf-8",
      prjWkt: "GEOGCS[]",
    });
    await writeShapefile(`${dir}/x`, { fields, columns: { MC: ["水田"] }, length: 1, geometry }, {
      encoding: "utf-8",
      writeCpg: false,
    });
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["x.dbf", "x.shp", "x.shx"]);
    const layer = await readShapefile(`${dir}/x`);
    assertEquals([layer.columns.MC, layer.crsText], [["水田"], null]);
    // A layer without attribute fields gets an FID field (dBASE needs one).
    await writeShapefile(`${dir}/y`, { fields: [], columns: {}, length: 1, geometry }, { encoding: "gbk" });
    assertEquals((await readShapefile(`${dir}/y`)).columns, { FID: [0] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("shapefile: 20,000 polygons write and read back exactly", async () => {
  const n = 20_000;
  const feats = Array.from({ length: n }, (_, k) => {
    const x = 39470000 + (k % 100) * 50, y = 3440000 + Math.floor(k / 100) * 50;
    const m = 10 + (k % 31);
    const ring: Position[] = Array.from({ length: m }, (_, i): Position => {
      const t = (2 * Math.PI * i) / m;
      return [x + 20 * Math.cos(t), y + 20 * Math.sin(t)];
    });
    return [[ring]];
  });
  const geometry = polygonColumnFromRings(feats);
  const columns: Record<string, Cell[]> = {
    BSM: feats.map((_, k) => String(k)),
    DLMC: feats.map((_, k) => ["水田", "旱地", "水浇地"][k % 3]),
    TBMJ: feats.map((_, k) => Math.round(featurePlanarArea(geometry, k) * 100) / 100),
  };
  const dir = await Deno.makeTempDir();
  try {
    await writeShapefile(`${dir}/big`, { fields: FIELDS, columns, length: n, geometry }, { encoding: "gbk" });
    const layer = await readShapefile(`${dir}/big`);
    assertEquals(layer.geometry!.coords, geometry.coords);
    assertEquals(layer.columns, columns);
    assertAlmostEquals(featurePlanarArea(layer.geometry!, n - 1), featurePlanarArea(geometry, n - 1), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readShp consuming its bytes: the same column as from a copy, on every ring case, PolygonZ, and a record whose unclosed rings leave no room in place", () => {
  const unclosed = (i: number) => [[i, 0], [i, 1], [i + 1, 1]]; // three vertices, not closed
  // First, 60 unclosed rings in one record: their closing vertices outgrow the room its header
  // leaves, although the file as a whole has room (the many-ring records after it).
  const records: RawRecord[] = [
    Array.from({ length: 60 }, (_, i) => unclosed(3 * i)),
    [rect(0, 0, 10, 10)],
    [rect(2, 2, 4, 4, true), rect(0, 0, 10, 10)],
    [rect(0, 0, 100, 100), rect(10, 10, 90, 90, true), rect(20, 20, 80, 80), rect(30, 30, 40, 40, true)],
    null,
    [[[0, 0], [0, 10], [10, 10], [10, 0]]],
    [[[0, 0], [0, 10], [10, 10], [10, 0]], rect(2, 2, 3, 3, true)],
    ...Array.from({ length: 40 }, (_, i) => Array.from({ length: 20 }, (_, r) => rect(i * 100 + r * 4, 0, i * 100 + r * 4 + 2, 2))),
  ];
  for (const type of [5, 15]) {
    const { shp } = rawShp(records, type);
    const copy = readShp(shp.slice(), "copy.shp");
    const file = shp.slice();
    const consumed = readShp(file, "consumed.shp", true);
    // The first record outgrows the room in place: the vertices move out to a new buffer.
    assert(consumed.geometry.coords.buffer !== file.buffer, `type ${type}: moved out of the file's buffer`);
    for (const k of ["coords", "ringOffsets", "polyOffsets", "geomOffsets"] as const) {
      assertEquals([...consumed.geometry[k]], [...copy.geometry[k]], `type ${type}: ${k}`);
    }
    assertEquals(consumed.notes.map((n) => n.replace("consumed", "copy")), copy.notes);
    assertEquals(featureRings(consumed.geometry, 0).length, 60);
  }
  // Without the unclosed record, the coordinates stay in the file's own buffer.
  const plain = rawShp(records.slice(1)).shp;
  const inPlace = readShp(plain, "p.shp", true);
  assert(inPlace.geometry.coords.buffer === plain.buffer, "compacted in the file's buffer");
  assertEquals([...inPlace.geometry.coords], [...readShp(rawShp(records.slice(1)).shp, "q.shp").geometry.coords]);
});
