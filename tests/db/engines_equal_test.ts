/**
 * The same queries on both engines give the same rows: aggregations grouped by strings and
 * by doubles, parameters ($n and ?), NULL handling, a join, window functions, and the
 * result types of the mapping table in src/db/engine.ts.
 */
import { assert, assertEquals } from "../_assert.ts";
import { type Engine, openEngine } from "../../src/db/engine.ts";
import { assertRowsEqual, parcelTable, townTable } from "./_helpers.ts";

interface Query {
  name: string;
  sql: string;
  params?: unknown[];
}

const QUERIES: Query[] = [
  {
    name: "group by string (dictionary column)",
    sql: `SELECT town, count(*) AS n, count(area) AS with_area, sum(area) AS area, avg(slope) AS slope,
            min(year) AS y0, max(year) AS y1, sum(code) AS codes
          FROM parcels GROUP BY town ORDER BY town`,
  },
  {
    name: "group by string and a rounded double",
    sql: `SELECT class, round(slope / 5) * 5 AS slope_band, count(*) AS n, sum(area) AS area
          FROM parcels GROUP BY ALL ORDER BY class, slope_band`,
  },
  {
    name: "group by a double",
    sql: `SELECT slope, count(*) AS n FROM parcels WHERE slope < 3 GROUP BY slope ORDER BY slope`,
  },
  {
    name: "$n parameters",
    sql:
      `SELECT id, owner, area FROM parcels WHERE area > $1 AND town = $2 AND year >= $3 ORDER BY id LIMIT 20`,
    params: [1000, "城关镇", 2015],
  },
  {
    name: "? parameters, bool and null",
    sql: `SELECT count(*) AS n, ? IS NULL AS null_param FROM parcels WHERE irrigated = ? AND class = ?`,
    params: [null, true, "水田"],
  },
  {
    name: "NULL handling",
    sql: `SELECT count(*) FILTER (WHERE owner IS NULL) AS no_owner, count(owner) AS owners,
            sum(coalesce(area, 0)) AS area0, count(*) FILTER (WHERE year IS NULL) AS no_year,
            max(area) FILTER (WHERE year IS NULL) AS max_area_no_year,
            sum(CASE WHEN area IS NULL THEN 1 ELSE 0 END) AS null_area
          FROM parcels`,
  },
  {
    name: "null values per row",
    sql: `SELECT id, owner, area, year, coalesce(year, -1) AS y FROM parcels WHERE id <= 30 ORDER BY id`,
  },
  {
    name: "join (inner and left)",
    sql: `SELECT coalesce(t.county, '(未知)') AS county, count(*) AS n, sum(p.area) AS area,
            count(t.rank) AS matched
          FROM parcels p LEFT JOIN towns t ON p.town = t.town
          GROUP BY ALL ORDER BY county`,
  },
  {
    name: "window functions",
    sql: `SELECT id, town,
            row_number() OVER (PARTITION BY town ORDER BY area DESC NULLS LAST, id) AS rn,
            sum(area) OVER (PARTITION BY town ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
            lag(owner) OVER (ORDER BY id) AS prev_owner,
            rank() OVER (ORDER BY class) AS class_rank
          FROM parcels QUALIFY rn <= 3 ORDER BY town, rn`,
  },
  {
    name: "whole table back",
    sql: `SELECT * FROM parcels ORDER BY id`,
  },
  {
    name: "result types",
    sql: `SELECT 42 AS i, 42::BIGINT AS bi, 9007199254740993::BIGINT AS big, 7::HUGEINT AS hi,
            12.345::DECIMAL(10, 3) AS dec, 1.5::FLOAT AS f, 2.5::DOUBLE AS d, true AS b,
            DATE '2024-03-01' AS day, TIMESTAMP '2024-03-01 12:34:56.789' AS ts,
            TIMESTAMPTZ '2024-03-01 12:00:00+00' AS tz, NULL AS nothing, '耕地' AS s,
            3::TINYINT AS ti, 4::SMALLINT AS si, 5::UTINYINT AS ut, 6::UBIGINT AS ub,
            uuid '00000000-0000-0000-0000-00000000002a' AS u, 'a'::ENUM ('a', 'b') AS e`,
  },
  {
    name: "parameters bound as DOUBLE on both",
    sql: `SELECT typeof($1) AS t1, $1 + 1 AS p1, typeof($2) AS t2, $3::DATE AS d`,
    params: [1, "x", new Date(Date.UTC(2024, 2, 1))],
  },
  {
    name: "constant columns over several chunks",
    sql: `SELECT 7 AS c, 2.5 AS d, 'x' AS s, NULL::INTEGER AS n, DATE '2020-02-29' AS day, range AS r
          FROM range(5000) ORDER BY r`,
  },
  {
    name: "empty result keeps its columns",
    sql: `SELECT id, town, area FROM parcels WHERE id < 0`,
  },
];

async function loaded(kind: "wasm" | "native"): Promise<Engine> {
  const db = await openEngine({ kind });
  await db.insertArrow("parcels", parcelTable(3000));
  await db.insertArrow("towns", townTable());
  return db;
}

Deno.test("both engines: the same queries give the same rows", async () => {
  const wasm = await loaded("wasm");
  const native = await loaded("native");
  try {
    assertEquals(wasm.kind, "wasm");
    assertEquals(native.kind, "native");
    for (const q of QUERIES) {
      const a = await wasm.rows(q.sql, q.params);
      const b = await native.rows(q.sql, q.params);
      if (q.name !== "empty result keeps its columns") assert(a.length > 0, `${q.name}: no rows`);
      assertRowsEqual(b, a, q.name);
    }
  } finally {
    await wasm.close();
    await native.close();
  }
});

Deno.test("both engines: the same Arrow result schema", async () => {
  const wasm = await loaded("wasm");
  const native = await loaded("native");
  try {
    for (const q of QUERIES) {
      const a = await wasm.query(q.sql, q.params);
      const b = await native.query(q.sql, q.params);
      const types = (t: typeof a) =>
        t.schema.fields.map((f) => `${f.name}:${String(f.type).replace(/^Dictionary<\w+, /, "Dictionary<")}`);
      assertEquals(types(b), types(a), q.name);
      assertEquals(b.numRows, a.numRows, q.name);
    }
  } finally {
    await wasm.close();
    await native.close();
  }
});

Deno.test("rows(): conversions of BIGINT, DECIMAL, dates, NULL", async () => {
  const db = await openEngine({ kind: "wasm" });
  try {
    const [r] = await db.rows(QUERIES.find((q) => q.name === "result types")!.sql);
    assertEquals(r, {
      i: 42,
      bi: 42,
      big: 9007199254740993n,
      hi: 7,
      dec: 12.345,
      f: 1.5,
      d: 2.5,
      b: true,
      day: "2024-03-01",
      ts: "2024-03-01T12:34:56.789",
      tz: "2024-03-01T12:00:00.000Z",
      nothing: null,
      s: "耕地",
      ti: 3,
      si: 4,
      ut: 5,
      ub: 6,
      u: "00000000-0000-0000-0000-00000000002a",
      e: "a",
    });
  } finally {
    await db.close();
  }
});
