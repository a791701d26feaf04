/**
 * Parquet files through DuckDB's `COPY`: a table's cells written as one file, and many files
 * (the counties of a province, written by independent jobs) read back as one table. Always on
 * the native engine: duckdb-wasm loads its parquet extension from the internet on first use,
 * which an office's internal network cannot reach, while `@duckdb/node-api` has it built in.
 *
 * @example
 * ```ts
 * await writeParquet("out/900101/pieces.parquet", table.columns, table.rows);
 * const rows = await queryParquet(["a/pieces.parquet", "b/pieces.parquet"], (src) => `SELECT count(*) AS n FROM ${src}`);
 * ```
 * @module
 */
import { arrow } from "./arrow.ts";
import { type Engine, openEngine } from "./engine.ts";
import { quoteIdent } from "./common.ts";

type Cell = string | number | boolean | null | undefined;

/** A path as a SQL string literal. */
export function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}

/**
 * An Arrow table of `rows` by `columns`: a column whose cells are all numbers (or empty) is
 * DOUBLE, booleans BOOLEAN, anything else VARCHAR (codes stay text: a BSM never becomes a number).
 */
export function cellsToArrow(columns: readonly { key: string }[], rows: readonly Record<string, Cell>[]): arrow.Table {
  const vectors: Record<string, arrow.Vector> = {};
  for (const { key } of columns) {
    const values = rows.map((r) => r[key] ?? null);
    const present = values.filter((v) => v !== null);
    if (present.length && present.every((v) => typeof v === "number")) {
      vectors[key] = arrow.vectorFromArray(values.map((v) => (v === null || !Number.isFinite(v as number) ? null : v)), new arrow.Float64());
    } else if (present.length && present.every((v) => typeof v === "boolean")) {
      vectors[key] = arrow.vectorFromArray(values, new arrow.Bool());
    } else {
      vectors[key] = arrow.vectorFromArray(values.map((v) => (v === null ? null : String(v))), new arrow.Utf8());
    }
  }
  return new arrow.Table(vectors);
}

async function withNative<T>(db: Engine | undefined, f: (db: Engine) => Promise<T>): Promise<T> {
  if (db) return await f(db);
  const own = await openEngine({ kind: "native" });
  try {
    return await f(own);
  } finally {
    await own.close();
  }
}

/** Writes the rows as a Parquet file (zstd) at `path`, on `db` (a native engine) or one opened for it. */
export async function writeParquet(
  path: string,
  columns: readonly { key: string }[],
  rows: readonly Record<string, Cell>[],
  db?: Engine,
): Promise<void> {
  await withNative(db, async (e) => {
    const name = `parquet_${crypto.randomUUID().replaceAll("-", "")}`;
    await e.insertArrow(name, cellsToArrow(columns, rows));
    try {
      await e.exec(`COPY ${quoteIdent(name)} TO ${sqlPath(path)} (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      await e.exec(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
    }
  });
}

/**
 * Writers for `count` Parquet files sharing one native engine: opened by the first write and
 * closed after the last one (or after the first failure). A report folder's tables then cost one
 * engine start (about 0.15 s) instead of one per file.
 *
 * @example
 * ```ts
 * const write = sharedParquetWriter(2);
 * await write("a.parquet", cols, rows); await write("b.parquet", cols, rows2); // one engine
 * ```
 */
export function sharedParquetWriter(
  count: number,
): (path: string, columns: readonly { key: string }[], rows: readonly Record<string, Cell>[]) => Promise<void> {
  let engine: Promise<Engine> | null = null;
  let left = count;
  const close = async () => {
    const e = engine;
    engine = null;
    left = 0;
    if (e) await (await e).close();
  };
  return async (path, columns, rows) => {
    if (left <= 0) throw new Error("sharedParquetWriter: more files written than announced");
    try {
      engine ??= openEngine({ kind: "native" });
      await writeParquet(path, columns, rows, await engine);
    } catch (e) {
      await close().catch(() => {});
      throw e;
    }
    if (--left === 0) await close();
  };
}

/**
 * The SQL source reading `files` as one relation (columns matched by name; `filename` holds each
 * row's file), for {@link queryParquet} and `COPY (…) TO`.
 */
export function parquetSource(files: readonly string[]): string {
  if (files.length === 0) throw new Error("没有要合并的 Parquet 文件");
  return `read_parquet([${files.map(sqlPath).join(", ")}], union_by_name = true, filename = true)`;
}

/** Runs `sql(source)` over the files on a native engine and returns the rows. */
export async function queryParquet<T = Record<string, unknown>>(
  files: readonly string[],
  sql: (source: string) => string,
  db?: Engine,
): Promise<T[]> {
  return await withNative(db, (e) => e.rows<T>(sql(parquetSource(files))));
}
