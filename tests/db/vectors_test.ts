/**
 * Arrow vectors from buffers: text as Dictionary<Utf8> when it repeats its values and Utf8 when
 * it does not, with nulls, empty strings and Chinese intact; Float64 from a Float64Array without
 * a copy, NaN as null; and on both DuckDB engines the same VARCHAR and DOUBLE columns and rows
 * as from plain Utf8 vectors.
 */
import { assert, assertEquals } from "../_assert.ts";
import { arrow } from "../../src/db/arrow.ts";
import { openEngine } from "../../src/db/engine.ts";
import { dictionaryUtf8Vector, float64Vector, textVector, utf8Vector } from "../../src/db/vectors.ts";
import { KINDS } from "./_helpers.ts";

const N = 1_000;
const codes = Array.from({ length: N }, (_, i) => (i % 7 === 3 ? null : i % 11 === 5 ? "" : ["0101", "水田", "乔木林地", "城关镇🌾"][i % 4]));
const villages = Array.from({ length: N }, (_, i) => `村${(i * 7) % 200}`);
const ids = Array.from({ length: N }, (_, i) => (i % 50 === 0 ? null : `5101${String(i).padStart(8, "0")}`));

Deno.test("textVector: a dictionary for repeated values, Utf8 for distinct ones; every value, null and empty string read back", () => {
  const c = textVector(codes), d = textVector(ids);
  assert(arrow.DataType.isDictionary(c.type), `codes: ${c.type}`);
  assert(arrow.DataType.isUtf8(d.type), `ids: ${d.type}`);
  assertEquals([...c], codes);
  assertEquals([...d], ids);
  assertEquals([c.nullCount, d.nullCount], [codes.filter((v) => v == null).length, 20]);
  // The dictionary holds each distinct value once.
  assertEquals(c.data[0].dictionary!.length, 5);
  assertEquals(dictionaryUtf8Vector(["a", "b", "c"], 2), null, "gives up past maxDistinct");
  // ASCII copied unit by unit, a value that turns non-ASCII part-way re-encoded whole, with and without dedupe.
  const mixed = ["510100", "abc图斑", "abc图斑", null, "", "z🌾y", "\u007f\u0080", "510100", "ÿ"];
  for (const dedupe of [true, false]) assertEquals([...utf8Vector(mixed, dedupe)], mixed, `dedupe ${dedupe}`);
  assertEquals(new TextDecoder().decode(utf8Vector(mixed, false).data[0].values), mixed.join(""));
  // Keys as narrow as the dictionary allows.
  const width = (v: ReturnType<typeof textVector>) => (v.data[0].values as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  assertEquals(width(c), 1);
  assertEquals(width(textVector(villages)), 2);
  const many = Array.from({ length: 140_000 }, (_, i) => `宗地${i % 33_000}`);
  const wide = textVector(many);
  assertEquals([width(wide), wide.data[0].dictionary!.length], [4, 33_000]);
  assertEquals([wide.get(0), wide.get(33_001), wide.get(139_999)], ["宗地0", "宗地1", `宗地${139_999 % 33_000}`]);
  assertEquals([...textVector([])], []);
});

Deno.test("float64Vector: a Float64Array is the vector's data (no copy); NaN is null", () => {
  const xs = Float64Array.from([1.5, NaN, -0, 1e300, NaN]);
  const v = float64Vector(xs);
  assert(v.data[0].values.buffer === xs.buffer, "shares the buffer");
  assertEquals([...v], [1.5, null, -0, 1e300, null]);
  assertEquals(v.nullCount, 2);
  assertEquals([...float64Vector([2, NaN])], [2, null], "a plain array is copied");
});

Deno.test("both engines: dictionary and Utf8 text give the same VARCHAR columns and rows", async () => {
  const area = Float64Array.from({ length: N }, (_, i) => (i % 13 === 0 ? NaN : i * 1.25));
  const built = new arrow.Table({ code: textVector(codes), id: textVector(ids), village: textVector(villages), area: float64Vector(area) });
  const plain = new arrow.Table({ code: utf8Vector(codes), id: utf8Vector(ids), village: utf8Vector(villages), area: float64Vector(Array.from(area)) });
  const SQL = (t: string) =>
    `SELECT code, count(*)::INT AS n, count(id)::INT AS ids, min(id) AS first, sum(area) AS area, count(area)::INT AS areas,
       count(DISTINCT village)::INT AS villages, max(village) AS last_village FROM ${t} GROUP BY code ORDER BY code NULLS FIRST`;
  for (const kind of KINDS) {
    const db = await openEngine({ kind });
    try {
      // Int32 keys too: 33,000 distinct values in 140,000 rows.
      const many = Array.from({ length: 140_000 }, (_, i) => `宗地${i % 33_000}`);
      await db.insertArrow("wide", new arrow.Table({ v: textVector(many) }));
      assertEquals(await db.rows(`SELECT count(DISTINCT v)::INT AS d, max(v) AS m, count(*)::INT AS n FROM wide`), [{ d: 33_000, m: "宗地9999", n: 140_000 }], kind);
      await db.insertArrow("built", built);
      await db.insertArrow("plain", plain);
      const types = await db.rows<{ t: string }>(`SELECT DISTINCT typeof(code) || '/' || typeof(id) || '/' || typeof(area) AS t FROM built`);
      assertEquals(types, [{ t: "VARCHAR/VARCHAR/DOUBLE" }], kind);
      const a = await db.rows(SQL("built")), b = await db.rows(SQL("plain"));
      assertEquals(a, b, kind);
      assertEquals(a.length, 6, `${kind}: null, "", and four codes`);
    } finally {
      await db.close();
    }
  }
});
