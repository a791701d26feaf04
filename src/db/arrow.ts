/**
 * THE apache-arrow instance of the project.
 *
 * Deno loads `import * as x from "apache-arrow"` as the package's ESM build, while the
 * duckdb-wasm Node bundle does `require("apache-arrow")` and gets the CJS build: two
 * module instances whose classes fail each other's `instanceof` checks. duckdb-wasm's
 * `insertArrowTable` then silently creates no table. To avoid that, every module of the
 * project builds its tables with the instance exported here (the CJS one, the same the
 * wasm bundle uses), and a table that came from elsewhere goes through
 * {@link toProjectTable} first.
 *
 * @example
 * ```ts
 * import { arrow } from "../db/arrow.ts";
 * const t: arrow.Table = arrow.tableFromArrays({ id: Int32Array.from([1, 2]) });
 * ```
 * @module
 */
import { createRequire } from "node:module";
import * as esmArrow from "apache-arrow";

const require = createRequire(import.meta.url);

/**
 * The module type of apache-arrow (both builds share it).
 *
 * @example
 * ```ts
 * const a: ArrowModule = arrow;
 * ```
 */
export type ArrowModule = typeof import("apache-arrow");

/**
 * The project's apache-arrow instance (the CJS build, shared with duckdb-wasm).
 * Use its namespace for types too: `arrow.Table`, `arrow.Float64`, …
 *
 * @example
 * ```ts
 * const t = arrow.tableFromArrays({ name: ["甲", "乙"], area: Float64Array.from([1.5, 2]) });
 * t.numRows; // 2
 * ```
 */
export const arrow: ArrowModule = require("apache-arrow") as ArrowModule;

/**
 * Type names under the same `arrow.` prefix as the values (`arrow.Table`, `arrow.Float64`,
 * …): both builds share one set of .d.ts, so these are exact. For a type not listed here
 * use `import type * as A from "apache-arrow"`.
 *
 * @example
 * ```ts
 * function rows(t: arrow.Table): number { return t.numRows; }
 * ```
 */
export declare namespace arrow {
  export type TypeMap = esmArrow.TypeMap;
  export type Table<T extends esmArrow.TypeMap = any> = esmArrow.Table<T>;
  export type Schema<T extends esmArrow.TypeMap = any> = esmArrow.Schema<T>;
  export type Field<T extends esmArrow.DataType = any> = esmArrow.Field<T>;
  export type RecordBatch<T extends esmArrow.TypeMap = any> = esmArrow.RecordBatch<T>;
  export type Vector<T extends esmArrow.DataType = any> = esmArrow.Vector<T>;
  export type Data<T extends esmArrow.DataType = any> = esmArrow.Data<T>;
  export type DataType = esmArrow.DataType;
  export type Null = esmArrow.Null;
  export type Bool = esmArrow.Bool;
  export type Int8 = esmArrow.Int8;
  export type Int16 = esmArrow.Int16;
  export type Int32 = esmArrow.Int32;
  export type Int64 = esmArrow.Int64;
  export type Uint8 = esmArrow.Uint8;
  export type Uint16 = esmArrow.Uint16;
  export type Uint32 = esmArrow.Uint32;
  export type Uint64 = esmArrow.Uint64;
  export type Float32 = esmArrow.Float32;
  export type Float64 = esmArrow.Float64;
  export type Decimal = esmArrow.Decimal;
  export type Utf8 = esmArrow.Utf8;
  export type LargeUtf8 = esmArrow.LargeUtf8;
  export type Binary = esmArrow.Binary;
  export type Dictionary<T extends esmArrow.DataType = any> = esmArrow.Dictionary<T>;
  export type DateDay = esmArrow.DateDay;
  export type DateMillisecond = esmArrow.DateMillisecond;
  export type TimestampMicrosecond = esmArrow.TimestampMicrosecond;
  export type TimestampMillisecond = esmArrow.TimestampMillisecond;
  export type Struct<T extends esmArrow.TypeMap = any> = esmArrow.Struct<T>;
  export type List<T extends esmArrow.DataType = any> = esmArrow.List<T>;
}

/** The ESM build of apache-arrow, as `import * as x from "apache-arrow"` gives it in Deno. */
const esm: ArrowModule = esmArrow as unknown as ArrowModule;

/**
 * True when `x` looks like an apache-arrow Table of any instance (checked structurally:
 * a schema with fields, a list of batches and a row count).
 *
 * @example
 * ```ts
 * isArrowTableLike(arrow.tableFromArrays({ a: [1] })); // true
 * isArrowTableLike({ a: [1] }); // false
 * ```
 */
export function isArrowTableLike(x: unknown): x is esmArrow.Table {
  if (typeof x !== "object" || x === null) return false;
  const t = x as { schema?: { fields?: unknown }; batches?: unknown; numRows?: unknown };
  return typeof t.numRows === "number" && Array.isArray(t.batches) &&
    typeof t.schema === "object" && t.schema !== null && Array.isArray(t.schema.fields);
}

/**
 * True when `t` was built by the project instance ({@link arrow}).
 *
 * @example
 * ```ts
 * isProjectTable(arrow.tableFromArrays({ a: [1] })); // true
 * ```
 */
export function isProjectTable(t: unknown): t is arrow.Table {
  return t instanceof arrow.Table;
}

/**
 * Returns `t` as a table of the project instance: unchanged if it already is one,
 * otherwise re-read from Arrow IPC bytes written by the instance that made it (the ESM
 * build, or, for any other instance, the project writer, which only reads the table
 * structurally). Throws a Chinese error for something that is not an Arrow table.
 *
 * @example
 * ```ts
 * import * as esm from "apache-arrow";
 * const t = toProjectTable(esm.tableFromArrays({ a: Float64Array.from([1, 2]) }));
 * t instanceof arrow.Table; // true
 * ```
 */
export function toProjectTable(t: unknown): arrow.Table {
  if (isProjectTable(t)) return t;
  if (!isArrowTableLike(t)) {
    throw new TypeError(`toProjectTable：传入的不是 Arrow 表（得到 ${describe(t)}）`);
  }
  let bytes: Uint8Array;
  if (t instanceof esm.Table) {
    bytes = esm.tableToIPC(t, "stream");
  } else {
    try {
      bytes = arrow.tableToIPC(t as unknown as arrow.Table, "stream");
    } catch (cause) {
      throw new Error(`toProjectTable：无法转换来自其他 apache-arrow 实例的表：${errText(cause)}`, { cause });
    }
  }
  const out = arrow.tableFromIPC(bytes);
  if (out.numRows !== t.numRows) {
    throw new Error(`toProjectTable：转换后行数不符（原表 ${t.numRows} 行，转换后 ${out.numRows} 行）`);
  }
  return out;
}

/**
 * A record batch with no rows for `schema` (of the project instance). An Arrow IPC stream
 * needs at least one batch for DuckDB to create the table, and `new arrow.Table(schema)`
 * has none.
 *
 * @example
 * ```ts
 * const schema = new arrow.Schema([new arrow.Field("a", new arrow.Float64(), true)]);
 * emptyRecordBatch(schema).numRows; // 0
 * ```
 */
export function emptyRecordBatch(schema: arrow.Schema): arrow.RecordBatch {
  const children = schema.fields.map((f) => arrow.vectorFromArray([], f.type).data[0]);
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: 0, nullCount: 0, children });
  return new arrow.RecordBatch(schema, data);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  return (x as object).constructor?.name ?? "object";
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
