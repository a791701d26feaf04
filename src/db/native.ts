/**
 * The native DuckDB engine (`@duckdb/node-api`). Loads Arrow tables through data chunks
 * (see `native_load.ts`) and returns results as project-instance Arrow tables whose column
 * types follow duckdb-wasm's for the same query (mapping table in `engine.ts`; DECIMAL
 * and HUGEINT → Float64, BIGINT → Int64, DATE → DateDay, TIMESTAMP → Timestamp(µs) …),
 * one record batch per DuckDB chunk.
 *
 * @module
 */
import * as api from "@duckdb/node-api";
import { arrow, emptyRecordBatch, toProjectTable } from "./arrow.ts";
import type { Engine } from "./engine.ts";
import {
  checkRowCount,
  countToNumber,
  normalizeParams,
  quoteIdent,
  SESSION_SETTINGS,
  sqlError,
} from "./common.ts";
import { appendArrow, planColumns, type RawBindings, rawBindings } from "./native_load.ts";
import { tableToRows } from "./rows.ts";

const Id = api.DuckDBTypeId;
let tmpCounter = 0;

/**
 * A native DuckDB database with one connection. Create it with {@link openNativeEngine}.
 *
 * @example
 * ```ts
 * const db = await openNativeEngine();
 * await db.insertArrow("t", arrow.tableFromArrays({ x: Float64Array.from([1, 2]) }));
 * await db.rows("SELECT sum(x) AS s FROM t"); // [{ s: 3 }]
 * ```
 */
export class NativeEngine implements Engine {
  readonly kind: "native" = "native";
  #inst: api.DuckDBInstance | null;
  #conn: api.DuckDBConnection | null;

  /** Use {@link openNativeEngine}; this takes an opened instance and connection. */
  constructor(inst: api.DuckDBInstance, conn: api.DuckDBConnection) {
    this.#inst = inst;
    this.#conn = conn;
  }

  #c(): api.DuckDBConnection {
    if (!this.#conn) throw new Error("数据库（native）已关闭，不能再使用");
    return this.#conn;
  }

  /** Creates the table from the Arrow schema, appends all rows as data chunks, checks the count, swaps it in. */
  async insertArrow(name: string, table: arrow.Table): Promise<void> {
    const c = this.#c();
    const t = toProjectTable(table);
    const plan = planColumns(t.schema);
    const target = quoteIdent(name);
    const tmpName = `__farmland_load_${++tmpCounter}`;
    const tmp = quoteIdent(tmpName);
    const cols = plan.map((p) => `${quoteIdent(p.name)} ${p.sql}`).join(", ");
    await run(c, `DROP TABLE IF EXISTS ${tmp}; CREATE TABLE ${tmp} (${cols})`);
    try {
      try {
        await appendArrow(c, tmpName, t);
      } catch (e) {
        throw new Error(`写入表 "${name}" 失败：${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      const got = await c.runAndReadAll(`SELECT count(*) FROM ${tmp}`);
      checkRowCount(name, t.numRows, countToNumber(got.value(0, 0)));
      await run(
        c,
        `BEGIN TRANSACTION; DROP TABLE IF EXISTS ${target}; ALTER TABLE ${tmp} RENAME TO ${target}; COMMIT`,
      );
    } catch (e) {
      await c.run("ROLLBACK").catch(() => {});
      await c.run(`DROP TABLE IF EXISTS ${tmp}`).catch(() => {});
      throw e;
    }
  }

  /** Runs SQL (prepared when there are parameters, numbers bound as DOUBLE like wasm) → Arrow table. */
  async query(sql: string, params?: unknown[]): Promise<arrow.Table> {
    const c = this.#c();
    let result: api.DuckDBMaterializedResult;
    try {
      if (params && params.length > 0) {
        const values = normalizeParams(params);
        result = await c.run(sql, values, values.map(paramType));
      } else {
        result = await c.run(sql);
      }
    } catch (e) {
      throw sqlError(e, sql);
    }
    return await resultToArrow(result);
  }

  /** Runs SQL → row objects (see `tableToRows` for the conversions). */
  async rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return tableToRows<T>(await this.query(sql, params));
  }

  /** Runs SQL, ignoring any result. */
  async exec(sql: string): Promise<void> {
    await run(this.#c(), sql);
  }

  /** Closes the connection and the instance. */
  close(): Promise<void> {
    this.#conn?.closeSync();
    this.#conn = null;
    this.#inst?.closeSync();
    this.#inst = null;
    return Promise.resolve();
  }
}

/**
 * Opens native DuckDB: in memory, or the database file `path`. Extension auto-install and
 * auto-load are switched off (no network here).
 *
 * @example
 * ```ts
 * const db = await openNativeEngine("data/survey.duckdb");
 * await db.exec("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
 * await db.close();
 * ```
 */
export async function openNativeEngine(path?: string): Promise<NativeEngine> {
  let inst: api.DuckDBInstance;
  let conn: api.DuckDBConnection;
  try {
    inst = await api.DuckDBInstance.create(path ?? ":memory:");
    conn = await inst.connect();
  } catch (e) {
    throw new Error(
      `无法打开 DuckDB（native）数据库 "${path ?? ":memory:"}"：${
        e instanceof Error ? e.message : String(e)
      }`,
      {
        cause: e,
      },
    );
  }
  for (const s of SESSION_SETTINGS) await run(conn, s);
  return new NativeEngine(inst, conn);
}

async function run(c: api.DuckDBConnection, sql: string): Promise<void> {
  try {
    await c.run(sql);
  } catch (e) {
    throw sqlError(e, sql);
  }
}

function paramType(v: string | number | boolean | null): api.DuckDBType {
  if (v === null) return api.SQLNULL;
  if (typeof v === "number") return api.DOUBLE;
  if (typeof v === "boolean") return api.BOOLEAN;
  return api.VARCHAR;
}

/** How a DuckDB result column becomes Arrow. */
interface OutColumn {
  arrowType: arrow.DataType;
  /** Bytes per value when the DuckDB vector can be copied as is, else 0. */
  raw: number;
  /** Per-value conversion of node-api values (used when raw is 0). */
  conv: (v: api.DuckDBValue) => unknown;
}

function outColumn(t: api.DuckDBType): OutColumn {
  const A = arrow;
  const rawCol = (arrowType: arrow.DataType, raw: number): OutColumn => ({ arrowType, raw, conv: (v) => v });
  const conv = (arrowType: arrow.DataType, f: (v: api.DuckDBValue) => unknown): OutColumn => ({
    arrowType,
    raw: 0,
    conv: f,
  });
  switch (t.typeId) {
    case Id.BOOLEAN:
      return conv(new A.Bool(), (v) => v);
    case Id.TINYINT:
      return rawCol(new A.Int8(), 1);
    case Id.SMALLINT:
      return rawCol(new A.Int16(), 2);
    case Id.INTEGER:
      return rawCol(new A.Int32(), 4);
    case Id.BIGINT:
      return rawCol(new A.Int64(), 8);
    case Id.UTINYINT:
      return rawCol(new A.Uint8(), 1);
    case Id.USMALLINT:
      return rawCol(new A.Uint16(), 2);
    case Id.UINTEGER:
      return rawCol(new A.Uint32(), 4);
    case Id.UBIGINT:
      return rawCol(new A.Uint64(), 8);
    case Id.FLOAT:
      return rawCol(new A.Float32(), 4);
    case Id.DOUBLE:
      return rawCol(new A.Float64(), 8);
    case Id.DATE:
      return rawCol(new A.DateDay(), 4);
    case Id.TIMESTAMP:
      return rawCol(new A.TimestampMicrosecond(), 8);
    case Id.TIMESTAMP_S:
      return rawCol(new A.TimestampSecond(), 8);
    case Id.TIMESTAMP_MS:
      return rawCol(new A.TimestampMillisecond(), 8);
    case Id.TIMESTAMP_NS:
      return rawCol(new A.TimestampNanosecond(), 8);
    case Id.TIMESTAMP_TZ:
      return rawCol(new A.TimestampMicrosecond("UTC"), 8);
    case Id.TIME:
      return rawCol(new A.TimeMicrosecond(), 8);
    case Id.HUGEINT:
    case Id.UHUGEINT:
      return conv(new A.Float64(), (v) => Number(v as bigint));
    case Id.DECIMAL:
      return conv(new A.Float64(), (v) => (v as api.DuckDBDecimalValue).toDouble());
    case Id.VARCHAR:
      return conv(new A.Utf8(), (v) => v);
    case Id.ENUM:
      return conv(new A.Dictionary(new A.Utf8(), new A.Int32()), (v) => v);
    case Id.BLOB:
      return conv(new A.Binary(), (v) => (v as api.DuckDBBlobValue).bytes);
    case Id.SQLNULL:
      return conv(new A.Int32(), () => null);
    default: // UUID → its text (as wasm); LIST, STRUCT, MAP, INTERVAL… → DuckDB's text form
      return conv(new A.Utf8(), (v) => String(v));
  }
}

/** Reads every chunk of a result into a project-instance Arrow table. */
async function resultToArrow(result: api.DuckDBMaterializedResult): Promise<arrow.Table> {
  const b = rawBindings();
  const names = result.columnNames();
  const cols = result.columnTypes().map(outColumn);
  // Duplicate names stay duplicate, as duckdb-wasm returns them.
  const fields = names.map((n, j) => new arrow.Field(n, cols[j].arrowType, true));
  const schema = new arrow.Schema(fields);
  const batches: arrow.RecordBatch[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    const children = cols.map((col, j) =>
      col.raw > 0
        ? rawData(b, b.data_chunk_get_vector(chunk.chunk, j), col, n)
        : convertedData(chunk, j, col, n)
    );
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: n, nullCount: 0, children });
    batches.push(new arrow.RecordBatch(schema, data));
  }
  if (batches.length === 0) batches.push(emptyRecordBatch(schema));
  return new arrow.Table(schema, batches);
}

/** A fixed-width column copied straight from the DuckDB vector (values + validity). */
function rawData(b: RawBindings, vec: unknown, col: OutColumn, n: number): arrow.Data {
  const bytes = b.vector_get_data(vec, n * col.raw).slice();
  const ArrayType =
    (col.arrowType as unknown as { ArrayType: new (buf: ArrayBuffer, o: number, n: number) => unknown })
      .ArrayType;
  const values = new ArrayType(bytes.buffer, 0, n);
  const validity = b.vector_get_validity(vec, Math.ceil(n / 64) * 8);
  let nullBitmap: Uint8Array | undefined;
  let nullCount = 0;
  if (validity) {
    nullBitmap = validity.slice(0, Math.ceil(n / 8));
    for (let i = 0; i < n; i++) if (!((nullBitmap[i >> 3] >> (i & 7)) & 1)) nullCount++;
    if (nullCount === 0) nullBitmap = undefined;
  }
  return arrow.makeData({ type: col.arrowType, length: n, nullCount, nullBitmap, data: values } as never);
}

/** A column read value by value through node-api and built with an Arrow builder. */
function convertedData(chunk: api.DuckDBDataChunk, j: number, col: OutColumn, n: number): arrow.Data {
  const vec = chunk.getColumnVector(j);
  const values: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = vec.getItem(i);
    values[i] = v === null ? null : col.conv(v);
  }
  return arrow.vectorFromArray(values, col.arrowType).data[0];
}
