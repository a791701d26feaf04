/**
 * Loading Arrow tables into native DuckDB (`@duckdb/node-api`) without per-value calls
 * where the layouts agree: fixed-width columns and validity bitmaps are copied into DuckDB
 * data chunks as raw bytes (Arrow and DuckDB share the little-endian LSB-first bit order);
 * strings are assigned from their UTF-8 bytes, never decoded to JS strings.
 *
 * @module
 */
import { createRequire } from "node:module";
import * as api from "@duckdb/node-api";
import { arrow } from "./arrow.ts";
import { writeDictionary, writeUtf8 } from "./native_strings.ts";

const require = createRequire(import.meta.url);

/**
 * The raw binding calls this module needs (from `@duckdb/node-bindings`, the one node-api uses).
 *
 * @example
 * ```ts
 * const b: RawBindings = rawBindings();
 * ```
 */
export interface RawBindings {
  data_chunk_get_vector(chunk: unknown, column: number): unknown;
  vector_size(): number;
  vector_get_data(vector: unknown, byteCount: number): Uint8Array;
  vector_get_validity(vector: unknown, byteCount: number): Uint8Array | null;
  vector_ensure_validity_writable(vector: unknown): void;
  vector_assign_string_element_len(vector: unknown, index: number, data: Uint8Array): void;
  copy_data_to_vector(
    vector: unknown,
    offset: number,
    src: ArrayBufferLike,
    srcOffset: number,
    n: number,
  ): void;
  copy_data_to_vector_validity(
    vector: unknown,
    offset: number,
    src: ArrayBufferLike,
    srcOffset: number,
    n: number,
  ): void;
}

/**
 * The raw node-bindings module, resolved from node-api's own location so it is the very
 * instance node-api drives.
 *
 * @example
 * ```ts
 * rawBindings().vector_size(); // 2048
 * ```
 */
export function rawBindings(): RawBindings {
  if (!bindingsCache) {
    const fromApi = createRequire(require.resolve("@duckdb/node-api"));
    bindingsCache = fromApi("@duckdb/node-bindings") as RawBindings;
  }
  return bindingsCache;
}
let bindingsCache: RawBindings | undefined;

/**
 * How one Arrow column is written into DuckDB.
 *
 * @example
 * ```ts
 * const p: ColumnPlan = { name: "TBMJ", sql: "DOUBLE", type: api.DOUBLE };
 * ```
 */
export interface ColumnPlan {
  /** Column name. */
  name: string;
  /** DuckDB type name for CREATE TABLE. */
  sql: string;
  /** node-api type for the data chunk. */
  type: api.DuckDBType;
}

/**
 * Maps an Arrow schema to DuckDB columns: Utf8/LargeUtf8/Dictionary<Utf8>→VARCHAR,
 * Float64→DOUBLE, Float32→FLOAT, Int8/16/32/64→TINYINT/SMALLINT/INTEGER/BIGINT,
 * Uint8/16/32/64→UTINYINT/USMALLINT/UINTEGER/UBIGINT, Bool→BOOLEAN, Date→DATE,
 * Timestamp(µs)→TIMESTAMP, Timestamp(s/ms/ns)→TIMESTAMP_S/_MS/_NS (the unit kept, as
 * duckdb-wasm does), any Timestamp with a time zone→TIMESTAMPTZ. Anything else throws a
 * Chinese error naming the column and its type.
 *
 * @example
 * ```ts
 * planColumns(arrow.tableFromArrays({ a: Float64Array.from([1]) }).schema)[0].sql; // "DOUBLE"
 * ```
 */
export function planColumns(schema: arrow.Schema): ColumnPlan[] {
  return schema.fields.map((f) => {
    const p = planType(f.type);
    if (!p) {
      throw new Error(
        `列 "${f.name}" 的 Arrow 类型 ${String(f.type)} 不能写入 DuckDB（native 引擎不支持这种类型）`,
      );
    }
    return { name: f.name, sql: p[0], type: p[1] };
  });
}

function planType(t: arrow.DataType): [string, api.DuckDBType] | null {
  const T = arrow.DataType;
  if (T.isUtf8(t) || T.isLargeUtf8(t)) return ["VARCHAR", api.VARCHAR];
  if (T.isDictionary(t)) {
    return T.isUtf8(t.dictionary) || T.isLargeUtf8(t.dictionary) ? ["VARCHAR", api.VARCHAR] : null;
  }
  if (T.isFloat(t)) {
    if (t.precision === arrow.Precision.DOUBLE) return ["DOUBLE", api.DOUBLE];
    if (t.precision === arrow.Precision.SINGLE) return ["FLOAT", api.FLOAT];
    return null;
  }
  if (T.isInt(t)) {
    const key = `${t.isSigned ? "i" : "u"}${t.bitWidth}`;
    const m: Record<string, [string, api.DuckDBType]> = {
      i8: ["TINYINT", api.TINYINT],
      i16: ["SMALLINT", api.SMALLINT],
      i32: ["INTEGER", api.INTEGER],
      i64: ["BIGINT", api.BIGINT],
      u8: ["UTINYINT", api.UTINYINT],
      u16: ["USMALLINT", api.USMALLINT],
      u32: ["UINTEGER", api.UINTEGER],
      u64: ["UBIGINT", api.UBIGINT],
    };
    return m[key] ?? null;
  }
  if (T.isBool(t)) return ["BOOLEAN", api.BOOLEAN];
  if (T.isDate(t)) return ["DATE", api.DATE];
  if (T.isTimestamp(t)) {
    // As duckdb-wasm's Arrow scan: the unit is kept for naive timestamps.
    if (t.timezone) return ["TIMESTAMPTZ", api.TIMESTAMPTZ];
    if (t.unit === arrow.TimeUnit.SECOND) return ["TIMESTAMP_S", api.TIMESTAMP_S];
    if (t.unit === arrow.TimeUnit.MILLISECOND) return ["TIMESTAMP_MS", api.TIMESTAMP_MS];
    if (t.unit === arrow.TimeUnit.NANOSECOND) return ["TIMESTAMP_NS", api.TIMESTAMP_NS];
    return ["TIMESTAMP", api.TIMESTAMP];
  }
  return null;
}

/**
 * Appends every row of `table` to the existing DuckDB table `tableName` (whose columns
 * are `planColumns(table.schema)`) through one appender, one data chunk per ≤2048 rows.
 *
 * @example
 * ```ts
 * await conn.run(`CREATE TABLE t (a DOUBLE)`);
 * await appendArrow(conn, "t", arrow.tableFromArrays({ a: Float64Array.from([1, 2]) }));
 * ```
 */
export async function appendArrow(
  conn: api.DuckDBConnection,
  tableName: string,
  table: arrow.Table,
): Promise<void> {
  const plan = planColumns(table.schema);
  const b = rawBindings();
  const max = b.vector_size();
  const types = plan.map((p) => p.type);
  const appender = await conn.createAppender(tableName);
  try {
    for (const batch of table.batches) {
      const columns = plan.map((_, j) => batch.getChildAt(j)!.data[0]);
      for (let start = 0; start < batch.numRows; start += max) {
        const n = Math.min(max, batch.numRows - start);
        const chunk = api.DuckDBDataChunk.create(types, n);
        for (let j = 0; j < plan.length; j++) {
          fillVector(b, b.data_chunk_get_vector(chunk.chunk, j), columns[j], start, n);
        }
        appender.appendDataChunk(chunk);
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

type AnyData = arrow.Data<any>;

/** Writes rows [start, start + n) of one Arrow column into a fresh DuckDB vector. */
function fillVector(b: RawBindings, vec: unknown, data: AnyData, start: number, n: number): void {
  const T = arrow.DataType;
  const type = data.type;
  const from = data.offset + start;
  let validity = data.nullCount > 0 && data.nullBitmap ? sliceBits(data.nullBitmap, from, n) : null;
  if (T.isUtf8(type) || T.isLargeUtf8(type)) {
    writeUtf8(
      b,
      vec,
      data.values as Uint8Array,
      data.valueOffsets as Int32Array | BigInt64Array,
      from,
      n,
      validity,
    );
  } else if (T.isDictionary(type)) {
    validity = writeDictionary(b, vec, data.dictionary as arrow.Vector, data.values, from, n, validity);
  } else if (T.isBool(type)) {
    const bytes = new Uint8Array(n);
    const bits = data.values as Uint8Array;
    for (let i = 0; i < n; i++) {
      const k = from + i;
      bytes[i] = (bits[k >> 3] >> (k & 7)) & 1;
    }
    b.copy_data_to_vector(vec, 0, bytes.buffer, 0, n);
  } else if (T.isDate(type) && type.unit === arrow.DateUnit.MILLISECOND) {
    const ms = data.values as BigInt64Array;
    const days = new Int32Array(n);
    for (let i = 0; i < n; i++) days[i] = Math.floor(Number(ms[from + i]) / 86_400_000);
    b.copy_data_to_vector(vec, 0, days.buffer, 0, days.byteLength);
  } else if (T.isTimestamp(type) && type.timezone && type.unit !== arrow.TimeUnit.MICROSECOND) {
    const src = data.values as BigInt64Array;
    const micros = new BigInt64Array(n);
    const u = type.unit;
    for (let i = 0; i < n; i++) {
      const v = src[from + i];
      micros[i] = u === arrow.TimeUnit.SECOND
        ? v * 1_000_000n
        : u === arrow.TimeUnit.MILLISECOND
        ? v * 1000n
        : v / 1000n;
    }
    b.copy_data_to_vector(vec, 0, micros.buffer, 0, micros.byteLength);
  } else {
    // Fixed width with identical layout: Int*, Uint*, Float32/64, DateDay, naive Timestamp (same unit).
    const values = data.values as Int32Array;
    const bpe = values.BYTES_PER_ELEMENT;
    b.copy_data_to_vector(vec, 0, values.buffer, values.byteOffset + from * bpe, n * bpe);
  }
  if (validity) {
    b.vector_ensure_validity_writable(vec);
    b.copy_data_to_vector_validity(vec, 0, validity.buffer, 0, validity.byteLength);
  }
}

/** Bits [from, from + n) of an Arrow bitmap as a DuckDB validity mask (uint64 words). */
function sliceBits(bitmap: Uint8Array, from: number, n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(n / 64) * 8);
  if ((from & 7) === 0) {
    const first = from >> 3;
    out.set(bitmap.subarray(first, first + Math.ceil(n / 8)));
  } else {
    for (let i = 0; i < n; i++) {
      const k = from + i;
      if ((bitmap[k >> 3] >> (k & 7)) & 1) out[i >> 3] |= 1 << (i & 7);
    }
  }
  return out;
}
