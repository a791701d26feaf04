/**
 * Importing the demo's field_returns.xlsx as a real return: complete rows are graded, each
 * planted defect is found with the right reason (checked row by row from the file's own
 * content, and in total against the generator's manifest), never-returned candidates are
 * listed, every piece ends in exactly one list, and re-import is idempotent.
 */
import { assert, assertEquals } from "../_assert.ts";
import { readXlsx, writeXlsx } from "../../src/io/xlsx.ts";
import type { Cell } from "../../src/io/layer.ts";
import { loadIndicatorSystem } from "../../src/evaluate/system.ts";
import { type ImportResult, importReturns } from "../../src/evaluate/import.ts";
import { photoDistancer } from "../../src/evaluate/photos.ts";
import type { ProblemCode } from "../../src/evaluate/labels.ts";
import { demoPieces } from "./_fixtures.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

const system = await loadIndicatorSystem();
const INDICATORS = [
  "生产现状",
  "有无道路",
  "道路距离（米）",
  "水源距离（米）",
  "恢复成本（万元/亩）",
  "群众意愿",
];

/** What the file itself says is wrong with a row (independent of the importer). */
function expectedCodes(row: Record<string, Cell>, far: boolean): ProblemCode[] {
  if (INDICATORS.some((f) => row[f] === null || row[f] === undefined)) return ["missing_value"];
  const az = [1, 2, 3, 4].map((i) => row[`照片${i}方位角（度）`]).filter((v) =>
    v !== null && v !== undefined
  );
  if (az.length < 4) return ["few_photos"];
  if (far) return ["photo_far", "few_photos"];
  if (new Set(az).size < 4) return ["azimuth_not_distinct"];
  return [];
}

/** Comparable form of a result: piece keys with grade or problem codes. */
function digest(r: ImportResult) {
  return {
    graded: r.graded.map((
      g,
    ) => [g.piece.bsm, g.piece.part, g.grade.result, g.grade.criteria.map((c) => c.grade).join("")]),
    incomplete: r.incomplete.map((
      i,
    ) => [i.piece.bsm, i.piece.part, i.problems.map((p) => `${p.code}:${p.field}`).join("|")]),
    missing: r.missing.map((p) => [p.bsm, p.part]),
  };
}

Deno.test("demo returns: graded, incomplete with the planted reason, missing; row by row and against the manifest", async () => {
  const { pieces, crs, returns, tables } = await demoPieces("900101");
  const result = await importReturns([returns], pieces, system, { crs });
  const layer = readXlsx(returns);
  const dist = photoDistancer(crs);
  const byBsm = new Map(pieces.map((p) => [p.bsm, p]));
  const codesOf = new Map(
    result.incomplete.map((i) => [i.piece.bsm, [...new Set(i.problems.map((p) => p.code))]]),
  );
  const gradedBsm = new Set(result.graded.map((g) => g.piece.bsm));
  for (let k = 0; k < layer.length; k++) {
    const row = Object.fromEntries(Object.keys(layer.columns).map((c) => [c, layer.columns[c][k]]));
    const piece = byBsm.get(String(row.BSM))!;
    assert(piece, `row ${k + 2}: BSM ${row.BSM} is a candidate`);
    const lon = row["照片4经度"], lat = row["照片4纬度"];
    const far = typeof lon === "number" && typeof lat === "number" && dist(lon, lat, piece.rings) > 1000;
    const want = expectedCodes(row, far);
    if (want.length === 0) assert(gradedBsm.has(piece.bsm), `row ${k + 2} is complete and graded`);
    else assertEquals(codesOf.get(piece.bsm), want, `row ${k + 2} (${row.BSM})`);
  }
  const inc = result.incomplete.flatMap((i) => i.problems);
  const count = (code: ProblemCode) => new Set(inc.filter((p) => p.code === code).map((p) => p.bsm)).size;
  assertEquals(result.graded.length, tables.fieldReturnDefect_none);
  assertEquals(count("missing_value"), tables.fieldReturnDefect_missing_indicator);
  assertEquals(count("azimuth_not_distinct"), tables.fieldReturnDefect_duplicate_azimuth);
  assertEquals(count("photo_far"), tables.fieldReturnDefect_far_photo);
  assertEquals(count("few_photos"), tables.fieldReturnDefect_few_photos + tables.fieldReturnDefect_far_photo);
  assertEquals(result.missing.length, tables.fieldReturnsMissing);
  const far = inc.find((p) => p.code === "photo_far")!;
  assert(
    far.field === "照片4经度、照片4纬度" && /距图斑 \d+(\.\d)? 米，超过 200 米/.test(far.message),
    far.message,
  );
  assert(far.file === returns && far.row >= 2 && far.bsm !== null, "each problem names file, row and BSM");
  const miss = inc.find((p) => p.code === "missing_value")!;
  assert(INDICATORS.includes(miss.field) && miss.message.includes("未填写"), miss.message);
  for (const g of result.graded) {
    assertEquals([g.grade.systemId, g.grade.systemVersion], [system.id, system.version]);
  }
  assertEquals([result.unmatched.length, result.duplicates.length], [0, 0]);
});

Deno.test("every demo county: graded + incomplete + missing = all pieces, each piece exactly once", async () => {
  const { manifest } = await demoProvince();
  let graded = 0;
  for (const c of manifest.counties) {
    const { pieces, crs, returns, tables } = await demoPieces(c.code);
    const r = await importReturns([returns], pieces, system, { crs });
    const keys = [...r.graded.map((g) => g.piece), ...r.incomplete.map((i) => i.piece), ...r.missing].map((
      p,
    ) => `${p.bsm}/${p.part}`);
    assertEquals(keys.length, pieces.length, c.code);
    assertEquals(new Set(keys).size, pieces.length, `${c.code}: no piece twice`);
    assertEquals(r.graded.length + r.incomplete.length, tables.fieldReturns, c.code);
    assertEquals(r.missing.length, tables.fieldReturnsMissing, c.code);
    graded += r.graded.length;
  }
  assert(graded > 100, `graded ${graded}`);
});

Deno.test("re-import is idempotent: again, twice the same path, a copy, split files in any order", async () => {
  const { pieces, crs, returns } = await demoPieces("900102");
  const once = await importReturns([returns], pieces, system, { crs });
  assertEquals(await importReturns([returns], pieces, system, { crs }), once, "same file again");
  assertEquals(
    await importReturns([returns, returns], pieces, system, { crs }),
    once,
    "the same path twice is read once",
  );

  const dir = await Deno.makeTempDir({ prefix: "eval-idem-" });
  const layer = readXlsx(returns);
  const headers = Object.keys(layer.columns);
  const rows: Record<string, Cell>[] = Array.from(
    { length: layer.length },
    (_, k) => Object.fromEntries(headers.map((h) => [h, layer.columns[h][k]])),
  );
  const cols = headers.map((h) => ({ key: h, header: h }));
  const half = Math.floor(rows.length / 2);
  const a = `${dir}/a.xlsx`, b = `${dir}/b.xlsx`, copy = `${dir}/copy.xlsx`;
  await writeXlsx(a, [{ name: "核查回传", columns: cols, rows: rows.slice(0, half) }]);
  await writeXlsx(b, [{ name: "核查回传", columns: cols, rows: rows.slice(half) }]);
  await Deno.copyFile(returns, copy);

  const split = await importReturns([a, b], pieces, system, { crs });
  assertEquals(digest(split), digest(once), "two halves = the whole");
  assertEquals(await importReturns([b, a], pieces, system, { crs }), split, "order does not matter");
  assertEquals(await importReturns([a, b, a], pieces, system, { crs }), split, "union with an earlier file");
  const withEarlier = await importReturns([returns, a, b], pieces, system, { crs });
  assertEquals(digest(withEarlier), digest(once), "the whole and its halves together");
  const twice = await importReturns([returns, copy], pieces, system, { crs });
  assertEquals(digest(twice), digest(once), "an identical copy changes no outcome");
  const returned = once.graded.length + once.incomplete.length;
  assertEquals(twice.duplicates.length, returned);
  assert(
    twice.duplicates.every((d) =>
      d.resolution === "merged" && d.others.length === 1 && d.others[0].file === copy
    ),
  );
  await Deno.remove(dir, { recursive: true });
});
