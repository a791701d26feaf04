/**
 * Arrow table → plain row objects, with the same conversions on both engines (both build
 * their rows from the Arrow table that `query` returns, so rows of the same query are
 * equal whichever engine ran it).
 *
 * @module
 */
import { arrow } from "./arrow.ts";

/**
 * One converted cell: what `Engine.rows` puts in a row object.
 *
 * @example
 * ```ts
 * const v: RowValue = "2024-03-01";
 * ```
 */
export type RowValue = unknown;

type Conv = (v: unknown) => RowValue;

const identity: Conv = (v) => v;

/**
 * Converts an Arrow table into row objects (column name → value):
 * - Int64/Uint64 (BIGINT) → number when it is a safe integer, else stays a bigint;
 * - Decimal → number (duckdb-wasm already returns DECIMAL as Float64; this covers tables
 *   built elsewhere);
 * - Date → `"YYYY-MM-DD"`;
 * - Timestamp → ISO text, `"2024-03-01T12:00:01.500"` without a zone, or with `Z` when the
 *   Arrow type carries a time zone (TIMESTAMPTZ);
 * - Time → `"HH:MM:SS"` plus fractional seconds when not whole;
 * - Struct/List/Map → plain objects/arrays, converted recursively;
 * - Utf8, Dictionary, Float, Int8–32, Bool, null → as they are.
 *
 * @example
 * ```ts
 * const t = arrow.tableFromArrays({ n: BigInt64Array.from([3n]), s: ["甲"] });
 * tableToRows(t); // [{ n: 3, s: "甲" }]
 * ```
 */
export function tableToRows<T = Record<string, unknown>>(table: arrow.Table): T[] {
  const n = table.numRows;
  const fields = table.schema.fields;
  const columns: RowValue[][] = fields.map((f, j) => {
    const vec = table.getChildAt(j);
    const conv = converterFor(f.type);
    const out: RowValue[] = new Array(n);
    if (!vec) return out.fill(null);
    let i = 0;
    for (const v of vec) {
      out[i++] = v === null || v === undefined ? null : conv(v);
    }
    return out;
  });
  const rows: T[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < fields.length; j++) row[fields[j].name] = columns[j][i];
    rows[i] = row as T;
  }
  return rows;
}

/**
 * The converter `tableToRows` uses for one Arrow type (exported for tests and for callers
 * reading a single vector).
 *
 * @example
 * ```ts
 * converterFor(new arrow.DateDay())(Date.UTC(2024, 2, 1)); // "2024-03-01"
 * ```
 */
export function converterFor(type: arrow.DataType): (v: unknown) => RowValue {
  const T = arrow.DataType;
  if (T.isInt(type)) return type.bitWidth === 64 ? bigToNumber : identity;
  if (T.isDecimal(type)) {
    const scale = type.scale;
    return (v) => decimalToNumber(v, scale);
  }
  if (T.isDate(type)) return (v) => isoDate(Number(v));
  if (T.isTimestamp(type)) {
    const zoned = type.timezone != null && type.timezone !== "";
    return (v) => isoTimestamp(Number(v), zoned);
  }
  if (T.isTime(type)) {
    const perSecond = [1, 1e3, 1e6, 1e9][type.unit];
    return (v) => timeOfDay(v, perSecond);
  }
  if (T.isStruct(type) || T.isList(type) || T.isFixedSizeList(type) || T.isMap(type)) {
    return plain;
  }
  return identity;
}

function bigToNumber(v: unknown): RowValue {
  if (typeof v !== "bigint") return v;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

function decimalToNumber(v: unknown, scale: number): RowValue {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v) / 10 ** scale;
  if (ArrayBuffer.isView(v)) {
    return arrow.util.bigNumToNumber(v as unknown as Parameters<typeof arrow.util.bigNumToNumber>[0], scale);
  }
  return Number(v);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isoTimestamp(ms: number, zoned: boolean): string {
  const s = new Date(Math.floor(ms)).toISOString();
  return zoned ? s : s.slice(0, -1);
}

function timeOfDay(v: unknown, perSecond: number): string {
  const ticks = typeof v === "bigint" ? v : BigInt(Math.round(Number(v)));
  const per = BigInt(perSecond);
  const secs = Number(ticks / per);
  const frac = ticks % per;
  const hh = String(Math.floor(secs / 3600)).padStart(2, "0");
  const mm = String(Math.floor(secs / 60) % 60).padStart(2, "0");
  const ss = String(secs % 60).padStart(2, "0");
  if (frac === 0n) return `${hh}:${mm}:${ss}`;
  const digits = String(perSecond).length - 1;
  return `${hh}:${mm}:${ss}.${String(frac).padStart(digits, "0").replace(/0+$/, "")}`;
}

/** Nested Arrow values (StructRow, Vector, MapRow) → plain JSON-like values. */
function plain(v: unknown): RowValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return bigToNumber(v);
  if (typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(plain);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number | bigint>, plain);
  }
  const j = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof j === "function") {
    const x = j.call(v);
    if (x !== v) return plain(x);
  }
  const out: Record<string, RowValue> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x);
  return out;
}
