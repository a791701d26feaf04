/**
 * Parquet files through DuckDB's `COPY`: a table's cells written as one file, and many files
 * (the counties of a province, written by independent jobs) read back as one table. Always on
 * the native DuckDB: duckdb-wasm loads its parquet extension from the internet on first use,
 * which an office's internal network cannot reach, while `@duckdb/node-api` has it built in.
 * The writer fills DuckDB through its appender, without Arrow: a command that only writes
 * Parquet (screen) does not load apache-arrow.
 *
 * @example
 * ```ts
 * await writeParquet("out/900101/pieces.parquet", table.columns, table.rows);
 * const rows = await queryParquet(["a/pieces.parquet", "b/pieces.parquet"], (src) => `SELECT count(*) AS n FROM ${src}`);
 * ```
 * @module
 */
import { type Engine, openEngine } from "./engine.ts";
import { quoteIdent, SESSION_SETTINGS } from "./common.ts";

type Cell = string | number | boolean | null | undefined;

/** A path as a SQL string literal. */
export function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}

/** The DuckDB type of a column: DOUBLE when every cell present is a number, BOOLEAN for booleans, else VARCHAR. */
export function columnType(key: string, rows: readonly Record<string, Cell>[]): "DOUBLE" | "BOOLEAN" | "VARCHAR" {
  let numbers = 0, booleans = 0, present = 0;
  for (const r of rows) {
    const v = r[key];
    if (v === null || v === undefined) continue;
    present++;
    if (typeof v === "number") numbers++;
    else if (typeof v === "boolean") booleans++;
  }
  return present && numbers === present ? "DOUBLE" : present && booleans === present ? "BOOLEAN" : "VARCHAR";
}

/**
 * One in-memory DuckDB (the native library, no Arrow) that writes Parquet files: each table is
 * created with its column types, filled through DuckDB's appender, copied out and dropped.
 */
class ParquetSession {
  static async open(): Promise<ParquetSession> {
    const api = await import("@duckdb/node-api");
    const instance = await api.DuckDBInstance.create(":memory:");
    const con = await instance.connect();
    for (const setting of SESSION_SETTINGS) await con.run(setting);
    return new ParquetSession(instance, con);
  }
  private constructor(
    private readonly instance: import("@duckdb/node-api").DuckDBInstance,
    private readonly con: import("@duckdb/node-api").DuckDBConnection,
  ) {}

  async write(path: string, columns: readonly { key: string }[], rows: readonly Record<string, Cell>[]): Promise<void> {
    const name = `parquet_${crypto.randomUUID().replaceAll("-", "")}`;
    const types = columns.map((c) => columnType(c.key, rows));
    await this.con.run(`CREATE TABLE ${quoteIdent(name)} (${columns.map((c, i) => `${quoteIdent(c.key)} ${types[i]}`).join(", ")})`);
    try {
      const app = await this.con.createAppender(name);
      for (const r of rows) {
        for (let i = 0; i < columns.length; i++) {
          const v = r[columns[i].key];
          if (v === null || v === undefined || (types[i] === "DOUBLE" && !Number.isFinite(v as number))) app.appendNull();
          else if (types[i] === "DOUBLE") app.appendDouble(v as number);
          else if (types[i] === "BOOLEAN") app.appendBoolean(v as boolean);
          else app.appendVarchar(String(v));
        }
        app.endRow();
      }
      app.closeSync();
      await this.con.run(`COPY ${quoteIdent(name)} TO ${sqlPath(path)} (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      await this.con.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
    }
  }

  close(): void {
    this.con.closeSync();
    this.instance.closeSync();
  }
}

/**
 * Writes the rows as a Parquet file (zstd) at `path`: numbers as DOUBLE, booleans as BOOLEAN,
 * anything else as VARCHAR (codes stay text: a BSM never becomes a number), missing and
 * non-finite values as NULL.
 */
export async function writeParquet(
  path: string,
  columns: readonly { key: string }[],
  rows: readonly Record<string, Cell>[],
): Promise<void> {
  const session = await ParquetSession.open();
  try {
    await session.write(path, columns, rows);
  } finally {
    session.close();
  }
}

/**
 * Writers for `count` Parquet files sharing one DuckDB: opened by the first write and closed
 * after the last one (or after the first failure). A report folder's tables then cost one start
 * instead of one per file.
 *
 * @example
 * ```ts
 * const write = sharedParquetWriter(2);
 * await write("a.parquet", cols, rows); await write("b.parquet", cols, rows2); // one DuckDB
 * ```
 */
export function sharedParquetWriter(
  count: number,
): (path: string, columns: readonly { key: string }[], rows: readonly Record<string, Cell>[]) => Promise<void> {
  let session: Promise<ParquetSession> | null = null;
  let left = count;
  const close = async () => {
    const s = session;
    session = null;
    left = 0;
    if (s) (await s).close();
  };
  return async (path, columns, rows) => {
    if (left <= 0) throw new Error("sharedParquetWriter: more files written than announced");
    try {
      session ??= ParquetSession.open();
      await (await session).write(path, columns, rows);
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

async function withNative<T>(db: Engine | undefined, f: (db: Engine) => Promise<T>): Promise<T> {
  if (db) return await f(db);
  const own = await openEngine({ kind: "native" });
  try {
    return await f(own);
  } finally {
    await own.close();
  }
}

/** Runs `sql(source)` over the files on a native engine and returns the rows. */
export async function queryParquet<T = Record<string, unknown>>(
  files: readonly string[],
  sql: (source: string) => string,
  db?: Engine,
): Promise<T[]> {
  return await withNative(db, (e) => e.rows<T>(sql(parquetSource(files))));
}
