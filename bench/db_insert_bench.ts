/**
 * Times `Engine.insertArrow` of a 200,000-row × 20-column Arrow table (8 Float64,
 * 4 Int32, 4 Utf8, 4 Dictionary<Utf8>; every fourth column ~5 % nulls) on both engines,
 * plus duckdb-wasm's two raw load paths (`insertArrowTable` vs `insertArrowFromIPCStream`)
 * and native DuckDB's per-value appender for comparison. Not a test.
 *
 * Run: `npx --yes deno@2.9.6 run -A bench/db_insert_bench.ts [rows] [repeats]`
 *
 * @example
 * ```sh
 * npx --yes deno@2.9.6 run -A bench/db_insert_bench.ts 200000 3
 * ```
 * @module
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import * as api from "@duckdb/node-api";
import { arrow } from "../src/db/arrow.ts";
import { openEngine } from "../src/db/engine.ts";

const ROWS: number = Number(Deno.args[0] ?? 200_000);
const REPEATS: number = Number(Deno.args[1] ?? 3);

/**
 * Builds the benchmark table with the project Arrow instance.
 *
 * @example
 * ```ts
 * makeBenchTable(1000).numCols; // 20
 * ```
 */
export function makeBenchTable(rows: number): arrow.Table {
  const cols: Record<string, arrow.Vector> = {};
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const towns = ["城关镇", "河西乡", "东山村", "南岗", "北坡", "West Hill", "中心村委会", "新庄"];
  let c = 0;
  const nullable = () => (c++ % 4 === 3);
  for (let k = 0; k < 8; k++) {
    const withNulls = nullable();
    const v = new Array<number | null>(rows);
    for (let i = 0; i < rows; i++) v[i] = withNulls && rnd() < 0.05 ? null : rnd() * 1000;
    cols[`f${k}`] = arrow.vectorFromArray(v, new arrow.Float64());
  }
  for (let k = 0; k < 4; k++) {
    const withNulls = nullable();
    const v = new Array<number | null>(rows);
    for (let i = 0; i < rows; i++) v[i] = withNulls && rnd() < 0.05 ? null : Math.floor(rnd() * 1e6);
    cols[`i${k}`] = arrow.vectorFromArray(v, new arrow.Int32());
  }
  for (let k = 0; k < 4; k++) {
    const withNulls = nullable();
    const v = new Array<string | null>(rows);
    for (let i = 0; i < rows; i++) {
      v[i] = withNulls && rnd() < 0.05 ? null : `${towns[i % towns.length]}-地块-${i}-${k}`;
    }
    cols[`s${k}`] = arrow.vectorFromArray(v, new arrow.Utf8());
  }
  for (let k = 0; k < 4; k++) {
    const withNulls = nullable();
    const v = new Array<string | null>(rows);
    for (let i = 0; i < rows; i++) {
      v[i] = withNulls && rnd() < 0.05 ? null : towns[Math.floor(rnd() * towns.length)];
    }
    cols[`d${k}`] = arrow.vectorFromArray(v, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
  }
  return new arrow.Table(cols);
}

async function time(label: string, f: () => Promise<void> | void): Promise<void> {
  const ms: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  const best = Math.min(...ms);
  console.log(
    `${label.padEnd(48)} best ${best.toFixed(0).padStart(6)} ms   all ${
      ms.map((x) => x.toFixed(0)).join(" / ")
    }`,
  );
}

const table = makeBenchTable(ROWS);
console.log(`table: ${table.numRows} rows × ${table.numCols} columns, ${REPEATS} repeats`);

for (const kind of ["wasm", "native"] as const) {
  const db = await openEngine({ kind });
  await time(`${kind}: Engine.insertArrow`, () => db.insertArrow("bench", table));
  const [r] = await db.rows<{ n: number; s: number }>("SELECT count(*) AS n, sum(i0) AS s FROM bench");
  console.log(`  check: count ${r.n}, sum(i0) ${r.s}`);
  await db.close();
}

// duckdb-wasm's two raw load paths, on a connection of its own.
{
  const require = createRequire(import.meta.url);
  const bundle = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = path.dirname(bundle);
  const duckdb = require(bundle);
  const wdb = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: "" },
      eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: "" },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await wdb.instantiate();
  const conn = wdb.connect();
  let k = 0;
  await time("wasm raw: tableToIPC only", () => void arrow.tableToIPC(table, "stream"));
  await time(
    "wasm raw: insertArrowTable (project instance)",
    () => conn.insertArrowTable(table, { name: `a${k++}` }),
  );
  await time(
    "wasm raw: insertArrowFromIPCStream",
    () => conn.insertArrowFromIPCStream(arrow.tableToIPC(table, "stream"), { name: `b${k++}` }),
  );
  conn.close();
}

// Native per-value appender, for comparison with the data-chunk path of insertArrow.
{
  const inst = await api.DuckDBInstance.create(":memory:");
  const c = await inst.connect();
  const names = table.schema.fields.map((f) => f.name);
  const kinds = names.map((n) => n[0]);
  const cols = table.schema.fields.map((_, j) => table.getChildAt(j)!.toArray() as ArrayLike<unknown>);
  const vecs = table.schema.fields.map((_, j) => table.getChildAt(j)!);
  let k = 0;
  await time("native raw: appender, one call per value", async () => {
    const name = `p${k++}`;
    const ddl = names.map((n, j) =>
      `"${n}" ${kinds[j] === "f" ? "DOUBLE" : kinds[j] === "i" ? "INTEGER" : "VARCHAR"}`
    );
    await c.run(`CREATE TABLE ${name} (${ddl.join(", ")})`);
    const app = await c.createAppender(name);
    for (let i = 0; i < table.numRows; i++) {
      for (let j = 0; j < names.length; j++) {
        const v = kinds[j] === "f" || kinds[j] === "i"
          ? (vecs[j].isValid(i) ? cols[j][i] : null)
          : vecs[j].get(i);
        if (v === null) app.appendNull();
        else if (kinds[j] === "f") app.appendDouble(v as number);
        else if (kinds[j] === "i") app.appendInteger(v as number);
        else app.appendVarchar(v as string);
      }
      app.endRow();
    }
    app.closeSync();
  });
  c.closeSync();
  inst.closeSync();
}
