/**
 * Each engine: Chinese strings round trip, errors carry DuckDB's message, empty tables
 * load, 100,000 rows land, a table is replaced, the engine choice follows the options
 * and FARMLAND_DB_ENGINE.
 */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { arrow } from "../../src/db/arrow.ts";
import { ENGINE_ENV_VAR, openEngine, resolveEngineKind } from "../../src/db/engine.ts";
import { assertRejects, KINDS, parcelTable } from "./_helpers.ts";

const CHINESE = [
  "水田",
  "中华人民共和国四川省成都市双流区东升街道", // > 12 bytes: stored out of line in DuckDB
  "𠀀𠀁 扩展B区汉字",
  "",
  null,
  "混合 mixed ✓ 〇",
  "耕地",
];

for (const kind of KINDS) {
  Deno.test(`${kind}: Chinese strings round trip (Utf8, Dictionary, parameters)`, async () => {
    const db = await openEngine({ kind });
    try {
      const t = new arrow.Table({
        i: arrow.makeVector(Int32Array.from(CHINESE.map((_, i) => i))),
        s: arrow.vectorFromArray(CHINESE, new arrow.Utf8()),
        d: arrow.vectorFromArray(CHINESE, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())),
      });
      await db.insertArrow("地块表", t);
      const rows = await db.rows<{ i: number; s: string | null; d: string | null }>(
        `SELECT i, s, d FROM "地块表" ORDER BY i`,
      );
      assertEquals(rows.map((r) => r.s), CHINESE);
      assertEquals(rows.map((r) => r.d), CHINESE);
      const [hit] = await db.rows(`SELECT i, length(s) AS len FROM "地块表" WHERE s = $1`, [CHINESE[1]]);
      assertEquals(hit, { i: 1, len: CHINESE[1]!.length });
      const [lit] = await db.rows(`SELECT '基本农田' AS s, $1 AS p`, ["永久基本农田"]);
      assertEquals(lit, { s: "基本农田", p: "永久基本农田" });
      const arrowOut = await db.query(`SELECT s FROM "地块表" ORDER BY i`);
      assert(arrowOut instanceof arrow.Table, "query returns a project-instance table");
      assertEquals(arrowOut.getChild("s")!.toArray(), CHINESE);
    } finally {
      await db.close();
    }
  });

  Deno.test(`${kind}: bad SQL gives an error with DuckDB's message`, async () => {
    const db = await openEngine({ kind });
    try {
      const e = await assertRejects(() => db.query("SELEC 1"), "SQL 执行失败");
      assert(e.message.includes('syntax error at or near "SELEC"'), e.message);
      const e2 = await assertRejects(() => db.rows("SELECT * FROM no_such_table WHERE x = $1", [1]));
      assert(e2.message.includes("no_such_table"), e2.message);
      await assertRejects(() => db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES ('abc')"), "abc");
      // still usable afterwards
      assertEquals(await db.rows("SELECT 1 AS one"), [{ one: 1 }]);
    } finally {
      await db.close();
    }
  });

  Deno.test(`${kind}: insertArrow of 0 rows creates the empty table`, async () => {
    const db = await openEngine({ kind });
    try {
      const empty = new arrow.Table({
        a: arrow.vectorFromArray([], new arrow.Float64()),
        s: arrow.vectorFromArray([], new arrow.Utf8()),
        n: arrow.vectorFromArray([], new arrow.Int32()),
      });
      await db.insertArrow("e", empty);
      assertEquals(await db.rows("SELECT count(*) AS n FROM e"), [{ n: 0 }]);
      const cols = await db.rows<{ column_name: string; data_type: string }>(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'e' ORDER BY ordinal_position",
      );
      assertEquals(cols.map((c) => `${c.column_name} ${c.data_type}`), [
        "a DOUBLE",
        "s VARCHAR",
        "n INTEGER",
      ]);
      // a schema-only table (no record batch at all)
      const schemaOnly = new arrow.Table(empty.schema);
      assertEquals(schemaOnly.batches.length, 0);
      await db.insertArrow("e2", schemaOnly);
      assertEquals(await db.rows("SELECT count(*) AS n FROM e2"), [{ n: 0 }]);
    } finally {
      await db.close();
    }
  });

  Deno.test(`${kind}: 100,000 rows land with every row and value`, async () => {
    const db = await openEngine({ kind });
    try {
      const n = 100_000;
      const t = parcelTable(n);
      await db.insertArrow("parcels", t);
      const [r] = await db.rows<Record<string, number>>(
        `SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS id_sum, count(owner) AS owners,
           count(area) AS areas, sum(year) AS years, count(*) FILTER (WHERE irrigated) AS irrigated,
           sum(length(owner)) AS owner_chars, sum(length(town)) AS town_chars
         FROM parcels`,
      );
      const owner = t.getChild("owner")!.toArray() as (string | null)[];
      const town = t.getChild("town")!.toArray() as string[];
      const year = t.getChild("year")!;
      let years = 0;
      for (let i = 0; i < n; i++) years += year.get(i) ?? 0;
      assertEquals(r, {
        n,
        ids: n,
        id_sum: (n * (n + 1)) / 2,
        owners: owner.filter((x) => x !== null).length,
        areas: t.getChild("area")!.length - t.getChild("area")!.nullCount,
        years,
        irrigated: n - n / 4,
        owner_chars: owner.reduce((s, x) => s + (x?.length ?? 0), 0),
        town_chars: town.reduce((s, x) => s + x.length, 0),
      });
      // every string back, in order
      const back = await db.query("SELECT owner, town FROM parcels ORDER BY id");
      assertEquals(back.getChild("owner")!.toArray(), owner);
      assertEquals(back.getChild("town")!.toArray(), town);
      // string comparisons use DuckDB's prefix of long strings: must agree with JS
      const prefix = "城关镇股份经济合作社第1";
      const [like] = await db.rows<{ n: number }>(
        "SELECT count(*) AS n FROM parcels WHERE starts_with(owner, $1)",
        [
          prefix,
        ],
      );
      assertEquals(like.n, owner.filter((x) => x?.startsWith(prefix)).length);
      const [sorted] = await db.rows<{ s: string }>("SELECT max(owner) AS s FROM parcels");
      assertEquals(sorted.s, owner.filter((x): x is string => x !== null).sort().at(-1));
    } finally {
      await db.close();
    }
  });

  Deno.test(`${kind}: insertArrow replaces a table of the same name`, async () => {
    const db = await openEngine({ kind });
    try {
      await db.insertArrow("t", arrow.tableFromArrays({ a: Float64Array.from([1, 2, 3]) }));
      await db.insertArrow("t", arrow.tableFromArrays({ b: Int32Array.from([7]) }));
      assertEquals(await db.rows("SELECT * FROM t"), [{ b: 7 }]);
      const tables = await db.rows("SELECT table_name FROM information_schema.tables ORDER BY 1");
      assertEquals(tables, [{ table_name: "t" }], "no temporary table left behind");
    } finally {
      await db.close();
    }
  });

  Deno.test(`${kind}: a closed engine refuses work`, async () => {
    const db = await openEngine({ kind });
    await db.close();
    await assertRejects(() => db.query("SELECT 1"), "已关闭");
    await db.close(); // twice is fine
  });
}

Deno.test("native: an Arrow type it cannot store is named in a Chinese error", async () => {
  const db = await openEngine({ kind: "native" });
  try {
    const t = new arrow.Table({
      ok: arrow.makeVector(Float64Array.from([1])),
      parts: arrow.vectorFromArray(
        [[1, 2]],
        new arrow.List(new arrow.Field("item", new arrow.Int32(), true)),
      ),
    });
    const e = await assertRejects(() => db.insertArrow("t", t), '列 "parts"');
    assert(e.message.includes("List"), e.message);
    assertEquals(await db.rows("SELECT count(*) AS n FROM information_schema.tables"), [{ n: 0 }]);
  } finally {
    await db.close();
  }
});

Deno.test("native: more Arrow types land as on wasm (Int8/16/64, Uint8, Float32, Bool, Date, Timestamp)", async () => {
  const db = await openEngine({ kind: "native" });
  const wasm = await openEngine({ kind: "wasm" });
  try {
    const ms = [Date.UTC(2024, 2, 1, 12, 0, 1, 500), null, 0];
    const t = new arrow.Table({
      i8: arrow.vectorFromArray([-1, null, 127], new arrow.Int8()),
      i16: arrow.vectorFromArray([-300, 2, null], new arrow.Int16()),
      i64: arrow.vectorFromArray([-5n, null, 9007199254740993n], new arrow.Int64()),
      u8: arrow.vectorFromArray([255, 0, null], new arrow.Uint8()),
      f32: arrow.vectorFromArray([1.5, null, -2.25], new arrow.Float32()),
      b: arrow.vectorFromArray([true, false, null], new arrow.Bool()),
      dms: arrow.vectorFromArray(
        [new Date(Date.UTC(2020, 0, 31)), null, new Date(0)],
        new arrow.DateMillisecond(),
      ),
      tms: arrow.vectorFromArray(ms, new arrow.TimestampMillisecond()),
      tus: arrow.vectorFromArray(ms, new arrow.TimestampMicrosecond()),
      tns: arrow.vectorFromArray(ms, new arrow.TimestampNanosecond()),
      tz: arrow.vectorFromArray(ms, new arrow.TimestampMillisecond("UTC")),
    });
    await db.insertArrow("t", t);
    await wasm.insertArrow("t", t);
    const sql = "SELECT *, typeof(i8) AS t8, typeof(dms) AS td, typeof(tms) AS tt, typeof(tz) AS ttz FROM t";
    const rows = await db.rows(sql);
    assertEquals(rows[0], {
      i8: -1,
      i16: -300,
      i64: -5,
      u8: 255,
      f32: 1.5,
      b: true,
      dms: "2020-01-31",
      tms: "2024-03-01T12:00:01.500",
      tus: "2024-03-01T12:00:01.500",
      tns: "2024-03-01T12:00:01.500",
      tz: "2024-03-01T12:00:01.500Z",
      t8: "TINYINT",
      td: "DATE",
      tt: "TIMESTAMP_MS",
      ttz: "TIMESTAMP WITH TIME ZONE",
    });
    assertEquals(rows[1].i64, null);
    assertEquals(rows[2].i64, 9007199254740993n);
    assertEquals(rows, await wasm.rows(sql), "same as wasm");
  } finally {
    await db.close();
    await wasm.close();
  }
});

Deno.test("engine kind: options, then FARMLAND_DB_ENGINE, then wasm", async () => {
  const saved = Deno.env.get(ENGINE_ENV_VAR);
  try {
    Deno.env.delete(ENGINE_ENV_VAR);
    assertEquals(resolveEngineKind(), "wasm");
    assertEquals(resolveEngineKind({ kind: "native" }), "native");
    Deno.env.set(ENGINE_ENV_VAR, "native");
    assertEquals(resolveEngineKind(), "native");
    assertEquals(resolveEngineKind({ kind: "wasm" }), "wasm");
    const db = await openEngine();
    assertEquals(db.kind, "native");
    await db.close();
    Deno.env.set(ENGINE_ENV_VAR, "sqlite");
    assertThrows(() => resolveEngineKind(), Error, ENGINE_ENV_VAR);
  } finally {
    if (saved === undefined) Deno.env.delete(ENGINE_ENV_VAR);
    else Deno.env.set(ENGINE_ENV_VAR, saved);
  }
});

Deno.test("native: a database file keeps its tables; wasm refuses a path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/t.duckdb`;
    const db = await openEngine({ kind: "native", path });
    await db.insertArrow("t", arrow.tableFromArrays({ a: Int32Array.from([1, 2]) }));
    await db.close();
    const again = await openEngine({ kind: "native", path });
    assertEquals(await again.rows("SELECT sum(a) AS s FROM t"), [{ s: 3 }]);
    await again.close();
    await assertRejects(() => openEngine({ kind: "wasm", path }), "wasm 引擎只支持内存数据库");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
