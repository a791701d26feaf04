/**
 * Building the pool: only complete, graded 可以恢复/建议恢复 pieces enter (every other piece is
 * listed with its reason); the grade chain quality layer → adjacent farmland → field value →
 * 未评定; adjacency to permanent basic farmland at distance ≤ gap; paddy from water 容易; the
 * pool is the same whatever the input order; graded.csv of a real `verify import` reads back
 * as the import's own records.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { buildPool, type GradedRecord, gradedRecords, preferenceOrder } from "../../src/selection/pool.ts";
import { readGradedCsv, readScreenPieces } from "../../src/selection/inputs.ts";
import type { ScreenPiece } from "../../src/screen/types.ts";
import type { ImportResult } from "../../src/evaluate/import_types.ts";
import { polygonColumnFromRings, type Position } from "../../src/geom/types.ts";
import { writeImportOutputs } from "../../src/evaluate/outputs.ts";
import { loadIndicatorSystem } from "../../src/evaluate/system.ts";
import { importReturns } from "../../src/evaluate/import.ts";
import { demoPieces, writeScreenFixture } from "../evaluate/_fixtures.ts";

const X0 = 38_450_000, Y0 = 3_400_000;
function square(x: number, y: number, w: number): Position[] {
  return [[X0 + x, Y0 + y], [X0 + x + w, Y0 + y], [X0 + x + w, Y0 + y + w], [X0 + x, Y0 + y + w], [
    X0 + x,
    Y0 + y,
  ]];
}

function screenPiece(bsm: string, x: number, o: Partial<ScreenPiece> = {}): ScreenPiece {
  return {
    bsm,
    part: 1,
    row: 0,
    cls: "I_CONTIG",
    areaM2: 10000,
    planarM2: 10000,
    dlbm: "0201",
    zzsxdm: "JKHF",
    source: "JKHF",
    county: "900101",
    township: "900101001",
    village: "900101001001",
    adjacentGrade: null,
    cluster: -1,
    rings: [[square(x, 0, 100)]],
    ...o,
  };
}

const rec = (bsm: string, o: Partial<GradedRecord> = {}): GradedRecord => ({
  bsm,
  part: 1,
  result: "可以恢复",
  waterGrade: "容易",
  costPerMu: 2,
  fieldGrade: null,
  ...o,
});

Deno.test("pool: grade chain, PBF adjacency at ≤ gap, paddy from water, exclusions with reasons", async () => {
  const pieces = [
    screenPiece("A", 0, { adjacentGrade: 6 }), // quality layer covers it: 3 on the left half, 7 on the right
    screenPiece("B", 1000, { adjacentGrade: 6.5 }), // no quality polygon: adjacent farmland
    screenPiece("C", 2000), // no adjacent grade: field value
    screenPiece("D", 3000), // nothing: 未评定
    screenPiece("E", 4000), // 不建议恢复
    screenPiece("F", 5000), // no record
    screenPiece("G", 6000), // no cost
  ];
  const records = [
    rec("A"),
    rec("B", { waterGrade: "较难", result: "建议恢复" }),
    rec("C", { fieldGrade: 9 }),
    rec("D", { waterGrade: "难以", result: "建议恢复" }),
    rec("E", { result: "不建议恢复" }),
    rec("G", { costPerMu: null }),
  ];
  const quality = {
    geometry: polygonColumnFromRings([[[square(0, 0, 50).map(([x, y]) => [x, y] as Position)]], [[[
      [X0 + 50, Y0],
      [X0 + 100, Y0],
      [X0 + 100, Y0 + 100],
      [X0 + 50, Y0 + 100],
      [X0 + 50, Y0],
    ]]]]),
    grades: [3, 7],
  };
  // square(0,0,50) covers a quarter of A (50×50); the right half (50×100) has grade 7: (2500·3 + 5000·7) / 7500.
  // PBF: 10 m right of B (adjoins), 10.5 m right of C (does not).
  const pbf = polygonColumnFromRings([[[square(1110, 0, 50)]], [[square(2110.5, 0, 50)]]]);
  const { pool, excluded, notes } = await buildPool(pieces, records, {
    qualityLayer: quality,
    pbfLayer: pbf,
    gapM: 10,
  });
  assertEquals(pool.map((p) => p.bsm), ["A", "B", "C", "D"]);
  const by = new Map(pool.map((p) => [p.bsm, p]));
  assertAlmostEquals(by.get("A")!.grade!, (2500 * 3 + 5000 * 7) / 7500, 1e-9);
  assertEquals(by.get("A")!.gradeSource, "quality_layer");
  assertEquals([by.get("B")!.grade, by.get("B")!.gradeSource], [6.5, "adjacent"]);
  assertEquals([by.get("C")!.grade, by.get("C")!.gradeSource], [9, "field"]);
  assertEquals([by.get("D")!.grade, by.get("D")!.gradeSource], [null, null]);
  assertEquals(pool.map((p) => p.adjoinsPbf), [false, true, false, false]);
  assertEquals(pool.map((p) => p.paddyCapable), [true, false, true, false]);
  assertEquals(pool.map((p) => [p.city, p.province]), Array(4).fill(["9001", "90"]));
  assertEquals(excluded.map((e) => [e.bsm, e.state]), [["E", "不建议恢复"], ["F", "未回传"], [
    "G",
    "数据不全",
  ]]);
  assert(excluded.every((e) => e.reason.length > 5));
  assert(notes.some((n) => n.includes("年度耕地质量更新 1 个")), notes.join("\n"));
  // Same pool from any input order.
  const again = await buildPool([...pieces].reverse(), [...records].reverse(), {
    qualityLayer: quality,
    pbfLayer: pbf,
    gapM: 10,
  });
  assertEquals(again, { pool, excluded, notes });
});

Deno.test("pool: from an import result, incomplete and never-returned pieces are out with their reason", async () => {
  const pieces = [screenPiece("A", 0), screenPiece("B", 1000), screenPiece("C", 2000)];
  const grade = (result: "可以恢复" | "建议恢复", water: "容易" | "较难") => ({
    systemId: "t",
    systemVersion: "1",
    result,
    reason: "",
    criteria: [
      { key: "water", label: "水源保障", value: "80 米", grade: water, reason: "" },
      { key: "cost", label: "恢复成本", value: "2.75 万元/亩", grade: "容易" as const, reason: "" },
    ],
  });
  const result = {
    systemId: "t",
    systemVersion: "1",
    systemName: "t",
    rules: { minPhotos: 4, minAzimuthSeparationDeg: 30, maxPhotoDistanceM: 200 },
    files: [],
    notes: [],
    graded: [{ piece: pieces[0], grade: grade("建议恢复", "容易"), sources: [] }],
    incomplete: [{
      piece: pieces[1],
      sources: [],
      problems: [{
        file: "f.xlsx",
        row: 3,
        bsm: "B",
        part: null,
        code: "missing_value",
        field: "群众意愿",
        value: null,
        message: "“群众意愿”未填写",
      }],
    }],
    missing: [pieces[2]],
    duplicates: [],
    unmatched: [],
  } as ImportResult;
  assertEquals(gradedRecords(result), [{
    bsm: "A",
    part: 1,
    result: "建议恢复",
    waterGrade: "容易",
    costPerMu: 2.75,
    fieldGrade: null,
  }]);
  const { pool, excluded } = await buildPool(pieces, result);
  assertEquals(pool.map((p) => [p.bsm, p.result, p.costPerMu, p.paddyCapable, p.adjoinsPbf]), [[
    "A",
    "建议恢复",
    2.75,
    true,
    false,
  ]]);
  assertEquals(excluded.map((e) => [e.bsm, e.state]), [["B", "回传不完整"], ["C", "未回传"]]);
  assert(excluded[0].reason.includes("群众意愿"), excluded[0].reason);
});

Deno.test("pool: the documented order of preference", () => {
  const base = {
    part: 1,
    county: "900101",
    city: "9001",
    province: "90",
    township: null,
    areaM2: 1,
    gradeSource: null,
    paddyCapable: true,
  } as const;
  const p = (bsm: string, o: object) =>
    ({
      ...base,
      bsm,
      cls: "I_CONTIG",
      result: "可以恢复",
      grade: 5,
      costPerMu: 2,
      adjoinsPbf: true,
      ...o,
    }) as Parameters<typeof preferenceOrder>[0];
  const list = [
    p("h", {}),
    p("a", { result: "建议恢复" }),
    p("b", { cls: "II_SCATTER" }),
    p("c", { adjoinsPbf: false }),
    p("d", { grade: 9 }),
    p("e", { grade: null }),
    p("f", { costPerMu: 3 }),
    p("g", {}),
  ];
  assertEquals(list.sort(preferenceOrder).map((x) => x.bsm), ["g", "h", "f", "d", "e", "c", "b", "a"]);
});

Deno.test("pool: graded.csv of a real verify import reads back as the import's records; screen folder keeps adjacent grades", async () => {
  const { pieces, crs, returns } = await demoPieces("900201");
  const system = await loadIndicatorSystem();
  const result = await importReturns([returns], pieces, system, { crs });
  const dir = await Deno.makeTempDir({ prefix: "pool-" });
  await writeImportOutputs(`${dir}/graded`, result, system, () => null);
  const fromCsv = await readGradedCsv(`${dir}/graded`);
  assertEquals(fromCsv, gradedRecords(result));
  assert(fromCsv.some((r) => r.result === "可以恢复"), "the demo has 可以恢复 returns");
  const withGrades = pieces.map((p, i) => ({ ...p, adjacentGrade: i % 3 === 0 ? null : 3 + (i % 5) }));
  await writeScreenFixture(`${dir}/screen`, withGrades, crs);
  // The screening writes adjacent_grade (blank when 未评定); add it as screen --out does.
  const path = `${dir}/screen/pieces.geojson`;
  const fc = JSON.parse(await Deno.readTextFile(path));
  fc.features.forEach((
    f: { properties: Record<string, unknown> },
    i: number,
  ) => (f.properties.adjacent_grade = withGrades[i].adjacentGrade));
  await Deno.writeTextFile(path, JSON.stringify(fc));
  const back = await readScreenPieces(`${dir}/screen`);
  assertEquals(back.pieces.map((p) => p.adjacentGrade), withGrades.map((p) => p.adjacentGrade));
  const a = await buildPool(back.pieces, fromCsv), b = await buildPool(withGrades, result);
  assertEquals(a.pool, b.pool);
  await Deno.remove(dir, { recursive: true });
});
