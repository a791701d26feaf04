import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { loadParcels } from "../../src/ingest/load.ts";
import { LoadError } from "../../src/ingest/report.ts";
import { square, writeParcels, X0, Y0 } from "./_fixtures.ts";
import { writeGeoJSON } from "../../src/io/geojson.ts";
import { writeXlsx } from "../../src/io/xlsx.ts";
import { writeFlatGeobuf } from "../../src/io/fgb.ts";
import { polygonColumnFromRings, type Position } from "../../src/geom/types.ts";
import { crsFromEpsg, transformer, WGS84 } from "../../src/io/crs.ts";
import { hasOgr2ogr } from "../../src/ingest/read_layer.ts";

const S1 = new URL("../../../shared/samples/s1/DLTB.shp", import.meta.url).pathname;
const quiet = { progress: false } as const;

Deno.test("the s1 sample loads whole, clean, and its TBMJ total matches GDAL's reading", async () => {
  const { table, report } = await loadParcels([S1], quiet);
  assertEquals(table.length, 2000);
  assertEquals(report.problems, []);
  assertEquals(table.crs!.epsg, 4527);
  assertEquals(report.files[0].encoding, "gbk");
  let tbmj = 0;
  for (const v of table.num.TBMJ) tbmj += v;
  if (await hasOgr2ogr()) {
    const out = await new Deno.Command("ogrinfo", {
      args: ["-q", "-sql", "SELECT SUM(TBMJ) AS s, COUNT(*) AS n FROM DLTB", S1],
      stdout: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    const s = Number(/s \(Real\) = ([\d.]+)/.exec(text)![1]);
    assertAlmostEquals(tbmj, s, 1e-3);
    assert(/n \(Integer\) = 2000/.test(text), text);
  }
  // Township is the first 9 digits of ZLDWDM, county the first 6.
  assertEquals(table.text.township[0], table.text.ZLDWDM[0]!.slice(0, 9));
  assertEquals(table.text.county[0], "341199");
});

Deno.test("every problem kind is named by file, row, BSM, field and value; no row is dropped", async () => {
  const dir = await Deno.makeTempDir();
  const sq = (i: number) => [[square(i)]];
  const bow: Position[] = [[X0, Y0], [X0 + 50, Y0 + 50], [X0 + 50, Y0], [X0, Y0 + 50], [X0, Y0]];
  const otherZone = square(3).map(([x, y]) => [x + 1_000_000, y] as Position);
  const path = await writeParcels(dir, "bad", [
    { BSM: "1", DLBM: "0101", DLMC: "水田", TBMJ: 2500.5, GDDB: 5 },
    { BSM: "1", DLBM: "0103", DLMC: "旱地", TBMJ: 2500, GDDB: 6 }, // duplicate BSM
    { BSM: "3", DLBM: "0199", DLMC: "怪地", TBMJ: 2500 }, // unknown code
    { BSM: "4", DLBM: "0103", DLMC: "旱地", TBMJ: 2500, GDDB: 16 }, // grade out of range
    { BSM: "5", DLBM: "0301", DLMC: "乔木林地", TBMJ: -1 }, // negative area (and mismatch)
    { BSM: "6", DLBM: "0301", DLMC: "乔木林地", TBMJ: 3000 }, // 20 % off the planar 2500
    { BSM: "7", DLBM: "0301", DLMC: "乔木林地", TBMJ: 1250 }, // bow-tie
    { BSM: "8", DLBM: "0301", DLMC: "乔木林地", TBMJ: 2500 }, // other zone
    { BSM: "9", DLBM: "0201", DLMC: "茶园", TBMJ: 2500 }, // name does not match code
  ], [sq(0), sq(1), sq(2), sq(3), sq(4), sq(5), [[bow]], [[otherZone]], sq(8)]);
  const { table, report } = await loadParcels([path], quiet);
  assertEquals(table.length, 9);
  const by = (code: string) => report.problems.filter((p) => p.code === code);
  assertEquals(by("duplicate_bsm").map((p) => [p.row, p.bsm, p.field, p.value]), [[2, "1", "BSM", "1"]]);
  assert(by("duplicate_bsm")[0].message.includes(path) && by("duplicate_bsm")[0].message.includes("第 1 条"));
  assertEquals(by("unknown_dlbm").map((p) => [p.row, p.value]), [[3, "0199"]]);
  assertEquals(report.unknownCodes, [{ value: "0199", count: 1 }]);
  assertEquals(by("out_of_range").map((p) => [p.row, p.field, p.value]), [[4, "GDDB", "16"]]);
  assertEquals(by("negative_area").map((p) => [p.row, p.field]), [[5, "TBMJ"], [5, "TBDLMJ"]]);
  assertEquals(by("tbmj_mismatch").map((p) => p.row), [5, 6]);
  assertEquals(by("self_intersection").map((p) => [p.row, p.bsm]), [[7, "7"]]);
  assertEquals(by("mixed_crs").map((p) => p.row), [8]);
  assertEquals(by("dlmc_mismatch").map((p) => [p.row, p.value]), [[9, "茶园"]]);
  assertEquals(report.counts.duplicate_bsm, 1);
  let err: unknown;
  try {
    await loadParcels([path], { ...quiet, fatal: ["duplicate_bsm"] });
  } catch (e) {
    err = e;
  }
  assert(err instanceof LoadError, "fatal kinds throw a LoadError");
  assert((err as Error).message.includes("标识码（BSM）重复 1 处"), (err as Error).message);
});

Deno.test("UTF-8 text under a .cpg that says GBK: recovered and reported; forced wrong encoding: mojibake per field", async () => {
  const dir = await Deno.makeTempDir();
  const path = await writeParcels(dir, "u8", [{ BSM: "1", DLBM: "0101", DLMC: "水田", TBMJ: 2500, ZLDWMC: "示例村民委员会" }], [[[square(0)]]], { encoding: "utf-8" });
  await Deno.writeTextFile(path.replace(/\.shp$/, ".cpg"), "GBK");
  // The reader notices the wrong .cpg, reads by content, and the report says so.
  const { table, report } = await loadParcels([path], quiet);
  assertEquals(table.text.ZLDWMC, ["示例村民委员会"]);
  assertEquals(report.problems.map((p) => p.code), ["encoding_mismatch"]);
  // Forcing the wrong encoding leaves garbled text, which is reported field by field.
  const forced = await loadParcels([path], { ...quiet, encoding: "gbk" });
  const garbled = forced.report.problems.filter((p) => p.code === "mojibake");
  assertEquals(garbled.map((p) => p.field).sort(), ["DLMC", "ZLDWMC"]);
  assert(garbled[0].message.includes("乱码") && garbled[0].message.includes(path));
});

Deno.test("missing required field, and a layer without CRS unless one is configured", async () => {
  const dir = await Deno.makeTempDir();
  const path = await writeParcels(dir, "noprj", [{ BSM: "1", DLBM: "0101", DLMC: "水田", TBMJ: 2500 }], [[[square(0)]]], { prj: null });
  let msg = "";
  try {
    await loadParcels([path], quiet);
  } catch (e) {
    msg = (e as Error).message;
  }
  assert(msg.includes(path) && msg.includes("没有坐标系信息"), msg);
  const { report } = await loadParcels([path], { ...quiet, crs: "EPSG:4526" });
  assert(report.files[0].notes.some((n) => n.includes("按配置使用")));

  const gj = `${dir}/nofield.geojson`;
  await writeGeoJSON(gj, {
    fields: [{ name: "BSM", type: "C", length: 10, decimals: 0 }, { name: "DLBM", type: "C", length: 5, decimals: 0 }],
    columns: { BSM: ["1"], DLBM: ["0101"] },
    length: 1,
    geometry: polygonColumnFromRings([[[square(0)]]]),
  }, { crsName: "urn:ogc:def:crs:EPSG::4526" });
  const r2 = await loadParcels([gj], quiet);
  assertEquals(r2.report.problems.filter((p) => p.code === "missing_field").map((p) => p.field), ["ZLDWDM", "TBMJ"]);
  assertEquals(r2.table.length, 1);
});

Deno.test("geographic GeoJSON with Chinese field names joins a projected Shapefile, reprojected and reported", async () => {
  const dir = await Deno.makeTempDir();
  const shp = await writeParcels(dir, "proj", [{ BSM: "1", DLBM: "0101", DLMC: "水田", TBMJ: 2500 }], [[[square(0)]]]);
  const toGeo = transformer(crsFromEpsg(4526), WGS84);
  const ring = square(2, 100).map(([x, y]) => toGeo(x, y));
  const gj = `${dir}/geo.geojson`;
  await writeGeoJSON(gj, {
    fields: ["标识码", "地类编码", "地类名称", "坐落单位代码", "图斑面积"].map((name) => ({ name, type: "C" as const, length: 20, decimals: 0 })),
    columns: { 标识码: ["2"], 地类编码: ["0102"], 地类名称: ["水浇地"], 坐落单位代码: ["9001011010010000000"], 图斑面积: [10000] },
    length: 1,
    geometry: polygonColumnFromRings([[[ring]]]),
  }, { crsName: "urn:ogc:def:crs:EPSG::4490" });
  const { table, report } = await loadParcels([shp, gj], quiet);
  assertEquals(table.length, 2);
  assertEquals(report.files[1].reprojected, "EPSG:4490 → EPSG:4526");
  assertEquals(table.text.BSM, ["1", "2"]);
  assertEquals(table.text.DLBM[1], "0102");
  assertAlmostEquals(table.num.planar_m2[1], 10000, 1e-3);
  assertEquals(report.problems, []);
});

Deno.test("CSV and XLSX attribute tables load without geometry; text in a number field is reported", async () => {
  const dir = await Deno.makeTempDir();
  const csv = `${dir}/attrs.csv`;
  const gbk = (await import("../../src/io/gbk.ts")).encodeGbk("BSM,DLBM,DLMC,ZLDWDM,TBMJ\r\n1,0101,水田,9001011010010000000,1234.5\r\n2,0103,旱地,9001011010010000000,12a\r\n");
  await Deno.writeFile(csv, gbk);
  const r = await loadParcels([csv], quiet);
  assertEquals(r.table.geometry, null);
  assertEquals(r.table.text.DLMC, ["水田", "旱地"]);
  assertEquals(r.report.problems.map((p) => [p.code, p.row, p.field, p.value]), [["not_a_number", 2, "TBMJ", "12a"]]);
  const xlsx = `${dir}/attrs.xlsx`;
  await writeXlsx(xlsx, [{
    name: "DLTB",
    columns: ["BSM", "DLBM", "ZLDWDM", "TBMJ"].map((k) => ({ key: k, header: k })),
    rows: [{ BSM: "1", DLBM: "0102", ZLDWDM: "9001011010010000000", TBMJ: 10 }],
  }]);
  const x = await loadParcels([xlsx], quiet);
  assertEquals(x.table.num.TBMJ[0], 10);
  assertEquals(x.table.text.class4[0], "0102");
});

Deno.test("FlatGeobuf loads with its CRS from the header", async () => {
  const dir = await Deno.makeTempDir();
  const fgb = `${dir}/p.fgb`;
  await writeFlatGeobuf(fgb, {
    fields: [{ name: "BSM", type: "C", length: 5, decimals: 0 }, { name: "DLBM", type: "C", length: 5, decimals: 0 }, { name: "ZLDWDM", type: "C", length: 19, decimals: 0 }, { name: "TBMJ", type: "F", length: 12, decimals: 2 }],
    columns: { BSM: ["a"], DLBM: ["0101"], ZLDWDM: ["9001011010010000000"], TBMJ: [2500] },
    length: 1,
    geometry: polygonColumnFromRings([[[square(0)]]]),
  }, 4526);
  const { table, report } = await loadParcels([fgb], quiet);
  assertEquals(table.crs!.epsg, 4526);
  assertEquals(report.problems, []);
});

Deno.test("a truncated Shapefile is a clear error naming the file", async () => {
  const dir = await Deno.makeTempDir();
  const path = await writeParcels(dir, "t", [1, 2, 3].map((i) => ({ BSM: String(i), DLBM: "0101", DLMC: "水田", TBMJ: 2500 })), [0, 1, 2].map((i) => [[square(i)]]));
  const bytes = await Deno.readFile(path);
  await Deno.writeFile(path, bytes.subarray(0, bytes.length - 40));
  let msg = "";
  try {
    await loadParcels([path], quiet);
  } catch (e) {
    msg = (e as Error).message;
  }
  assert(msg.includes(path) && /截断|损坏/.test(msg), msg);
});

Deno.test("File Geodatabase through ogr2ogr, and a clear message when GDAL is missing", async () => {
  const dir = await Deno.makeTempDir();
  const shp = await writeParcels(dir, "DLTB", [1, 2].map((i) => ({ BSM: String(i), DLBM: "0103", DLMC: "旱地", TBMJ: 2500 })), [0, 1].map((i) => [[square(i)]]));
  const gdb = `${dir}/survey.gdb`;
  if (await hasOgr2ogr()) {
    const r = await new Deno.Command("ogr2ogr", { args: ["-f", "OpenFileGDB", gdb, shp, "-nln", "DLTB"], stderr: "piped" }).output();
    assert(r.success, new TextDecoder().decode(r.stderr));
    const { table, report } = await loadParcels([gdb], quiet);
    assertEquals(table.text.BSM, ["1", "2"]);
    assertEquals(table.text.DLMC, ["旱地", "旱地"]);
    assertEquals(table.crs!.epsg, 4526);
    assertEquals(report.problems, []);
  } else {
    await Deno.mkdir(gdb);
  }
  // Without GDAL on PATH the CLI names the missing tool in one line.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", new URL("../../src/cli/main.ts", import.meta.url).pathname, "load", gdb],
    env: { PATH: "/nonexistent" },
    stderr: "piped",
    stdout: "piped",
  }).output();
  const err = new TextDecoder().decode(out.stderr).trim();
  assertEquals(out.code, 1);
  assert(err.includes("ogr2ogr") && err.includes("gdal-bin") && !err.includes("\n"), err);
});

Deno.test("local field names map through a configured alias table, without code changes", async () => {
  const dir = await Deno.makeTempDir();
  const gj = `${dir}/local.geojson`;
  await writeGeoJSON(gj, {
    fields: ["TBBH", "DLDM", "ZLDM", "MJ"].map((name) => ({ name, type: "C" as const, length: 20, decimals: 0 })),
    columns: { TBBH: ["x1"], DLDM: ["0101"], ZLDM: ["9001011010010000000"], MJ: [2500] },
    length: 1,
    geometry: polygonColumnFromRings([[[square(0)]]]),
  }, { crsName: "urn:ogc:def:crs:EPSG::4526" });
  const without = await loadParcels([gj], quiet);
  assertEquals(without.report.problems.filter((p) => p.code === "missing_field").map((p) => p.field), ["BSM", "ZLDWDM", "TBMJ"]);
  const aliases = { BSM: ["TBBH"], ZLDWDM: ["ZLDM"], TBMJ: ["MJ"] };
  const { table, report } = await loadParcels([gj], { ...quiet, aliases });
  assertEquals(report.problems, []);
  assertEquals([table.text.BSM[0], table.text.DLBM[0], table.num.TBMJ[0]], ["x1", "0101", 2500]);
});

Deno.test("duplicate BSM within a file and across files: each repeat names where the BSM was first seen", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = (name: string, bsms: string[], at: number) =>
      writeParcels(dir, name, bsms.map((b) => ({ BSM: b, DLBM: "0101", DLMC: "水田", TBMJ: 2500 })), bsms.map((_, i) => [[square(at + i)]]));
    const a = await file("a", ["1", "2", "3", "2"], 0);
    const b = await file("b", ["4", "1", "5", "4"], 10);
    const c = await file("c", ["2", "6", "6"], 20);
    const { report, table } = await loadParcels([a, b, c], quiet);
    assertEquals(table.length, 11, "every record kept");
    const dups = report.problems.filter((p) => p.code === "duplicate_bsm").map((p) => [p.file, p.row, p.bsm, p.message.split("首次出现于 ")[1]]);
    assertEquals(dups, [
      [a, 4, "2", `${a} 第 2 条）`],
      [b, 2, "1", `${a} 第 1 条）`],
      [b, 4, "4", `${b} 第 1 条）`],
      [c, 1, "2", `${a} 第 2 条）`],
      [c, 3, "6", `${c} 第 2 条）`],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
