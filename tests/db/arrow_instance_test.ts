/**
 * The two apache-arrow instances (the CJS one duckdb-wasm uses, re-exported by
 * src/db/arrow.ts, and the ESM one `import * as x from "apache-arrow"` gives in Deno):
 * tables of either land in DuckDB with every row.
 */
import * as esm from "apache-arrow";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  arrow,
  emptyRecordBatch,
  isArrowTableLike,
  isProjectTable,
  toProjectTable,
} from "../../src/db/arrow.ts";
import { openEngine } from "../../src/db/engine.ts";

const N = 5000;

function columns() {
  return {
    id: Int32Array.from({ length: N }, (_, i) => i),
    x: Float64Array.from({ length: N }, (_, i) => i * 0.25),
    name: Array.from({ length: N }, (_, i) => (i % 10 === 9 ? null : `地块${i % 100}`)),
  };
}

Deno.test("arrow: the project instance is not the ESM instance, and toProjectTable bridges them", () => {
  const e = esm.tableFromArrays({ a: Float64Array.from([1, 2, 3]) });
  assert(!(e instanceof arrow.Table), "ESM table should not be a project-instance table");
  assert(!isProjectTable(e));
  assert(isArrowTableLike(e));
  const p = toProjectTable(e);
  assert(p instanceof arrow.Table, "converted table is of the project instance");
  assertEquals(p.numRows, 3);
  assertEquals(Array.from(p.getChild("a")!.toArray() as Float64Array), [1, 2, 3]);
  const same = arrow.tableFromArrays({ a: [1] });
  assert(toProjectTable(same) === same, "a project table is returned as is");
});

Deno.test("arrow: toProjectTable refuses a non-table with a Chinese message", () => {
  assertThrows(() => toProjectTable({ a: [1] }), TypeError, "不是 Arrow 表");
  assertThrows(() => toProjectTable(null), TypeError, "不是 Arrow 表");
});

Deno.test("arrow: emptyRecordBatch has the schema and no rows", () => {
  const schema = new arrow.Schema([
    new arrow.Field("a", new arrow.Float64(), true),
    new arrow.Field("s", new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()), true),
  ]);
  const b = emptyRecordBatch(schema);
  assertEquals(b.numRows, 0);
  assertEquals(b.schema.fields.map((f) => f.name), ["a", "s"]);
});

async function landsOnWasm(label: string, table: unknown): Promise<void> {
  const db = await openEngine({ kind: "wasm" });
  try {
    await db.insertArrow("t", table as arrow.Table);
    const [r] = await db.rows<{ n: number; ids: number; xs: number; names: number; nulls: number }>(
      "SELECT count(*) AS n, sum(id) AS ids, sum(x) AS xs, count(name) AS names, count(*) FILTER (WHERE name IS NULL) AS nulls FROM t",
    );
    const ids = (N * (N - 1)) / 2;
    assertEquals(r, { n: N, ids, xs: ids * 0.25, names: N - N / 10, nulls: N / 10 }, label);
    const [first] = await db.rows("SELECT id, x, name FROM t WHERE id = $1", [123]);
    assertEquals(first, { id: 123, x: 30.75, name: "地块23" }, label);
  } finally {
    await db.close();
  }
}

Deno.test("wasm: a table built with the project instance lands with every row", async () => {
  const t = arrow.tableFromArrays(columns());
  assert(isProjectTable(t));
  await landsOnWasm("project instance", t);
});

Deno.test("wasm: a table built with the ESM instance lands with every row", async () => {
  const c = columns();
  const t = new esm.Table({
    id: esm.makeVector(c.id),
    x: esm.makeVector(c.x),
    name: esm.vectorFromArray(c.name, new esm.Utf8()),
  });
  assert(!isProjectTable(t));
  await landsOnWasm("ESM instance", t);
});

Deno.test("wasm: an ESM table with a dictionary column and several batches lands", async () => {
  const a = esm.tableFromArrays({ s: ["甲", "乙", "甲"], v: Float64Array.from([1, 2, 3]) });
  const b = esm.tableFromArrays({ s: ["丙", "甲"], v: Float64Array.from([4, 5]) });
  const t = a.concat(b);
  assertEquals(t.batches.length, 2);
  const db = await openEngine({ kind: "wasm" });
  try {
    await db.insertArrow("t", t as unknown as arrow.Table);
    const rows = await db.rows("SELECT s, count(*) AS n, sum(v) AS v FROM t GROUP BY s ORDER BY v");
    assertEquals(rows, [{ s: "乙", n: 1, v: 2 }, { s: "丙", n: 1, v: 4 }, { s: "甲", n: 3, v: 9 }]);
  } finally {
    await db.close();
  }
});
