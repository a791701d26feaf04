/**
 * The project's small SQL engine interface, over DuckDB compiled to WebAssembly
 * (`@duckdb/duckdb-wasm`, default, works everywhere) or native DuckDB (`@duckdb/node-api`,
 * faster). Both return results as Arrow tables of the project instance ({@link arrow})
 * with the same column types for the same query, and `rows` converts them identically.
 *
 * Result type mapping (both engines):
 *
 * | DuckDB                  | Arrow                      | `rows()` value            |
 * | ----------------------- | -------------------------- | ------------------------- |
 * | BOOLEAN                 | Bool                       | boolean                   |
 * | TINYINT…INTEGER, U…     | Int8…Int32, Uint8…Uint32   | number                    |
 * | BIGINT / UBIGINT        | Int64 / Uint64             | number if safe, else bigint |
 * | HUGEINT, DECIMAL        | Float64                    | number                    |
 * | FLOAT / DOUBLE          | Float32 / Float64          | number                    |
 * | VARCHAR, UUID           | Utf8                       | string                    |
 * | ENUM                    | Dictionary<Utf8>           | string                    |
 * | DATE                    | DateDay                    | "YYYY-MM-DD"              |
 * | TIMESTAMP (_S/_MS/_NS)  | Timestamp(µs / s / ms / ns)| "YYYY-MM-DDTHH:MM:SS.sss" |
 * | TIMESTAMPTZ             | Timestamp(µs, "UTC")       | "…Z"                      |
 * | NULL literal            | Int32 (all null)           | null                      |
 *
 * ENUM keys are Uint8 on wasm and Int32 on native (values equal). Nested and other types
 * (LIST, STRUCT, MAP, INTERVAL, TIME, BLOB…) come back in their Arrow form on wasm; the
 * native engine returns BLOB as Binary, TIME as Time64(µs) and the rest as their DuckDB
 * text (Utf8), so compare such results as text.
 *
 * Loading (`insertArrow`), both engines: Utf8/Dictionary<Utf8>→VARCHAR, Float64→DOUBLE,
 * Float32→FLOAT, Int8…Int64→TINYINT…BIGINT, Uint8…Uint64→UTINYINT…UBIGINT, Bool→BOOLEAN,
 * Date→DATE, Timestamp→TIMESTAMP (µs) / TIMESTAMP_S/_MS/_NS (other units) / TIMESTAMPTZ
 * (with a zone). The native engine refuses other Arrow types (Chinese error naming the
 * column); wasm also takes lists, structs etc.
 *
 * @example
 * ```ts
 * const db = await openEngine();
 * await db.insertArrow("parcels", arrow.tableFromArrays({ id: Int32Array.from([1, 2]) }));
 * const rows = await db.rows<{ n: number }>("SELECT count(*) AS n FROM parcels WHERE id > $1", [1]);
 * // rows = [{ n: 1 }]
 * await db.close();
 * ```
 * @module
 */
import type { arrow } from "./arrow.ts";
import { lazyImport } from "../units/lazy.ts";

/**
 * Which DuckDB build runs the SQL.
 *
 * @example
 * ```ts
 * const kind: EngineKind = "native";
 * ```
 */
export type EngineKind = "wasm" | "native";

/**
 * A DuckDB database (one connection) behind a small, engine-neutral API.
 *
 * @example
 * ```ts
 * const db: Engine = await openEngine({ kind: "native" });
 * await db.exec("CREATE TABLE t AS SELECT 1 AS x");
 * (await db.rows("SELECT x FROM t"))[0].x; // 1
 * ```
 */
export interface Engine {
  readonly kind: EngineKind;
  /** Loads an Arrow table as a new table `name` (replacing one of that name); checks the row count landed and throws (Chinese message with both counts) otherwise. */
  insertArrow(name: string, table: arrow.Table): Promise<void>;
  /** Runs SQL with optional positional parameters ($1/?) and returns an Arrow table (project instance). */
  query(sql: string, params?: unknown[]): Promise<arrow.Table>;
  /** Same, as plain row objects with BIGINT turned into number when safe, DECIMAL into number, dates into ISO strings. */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements that return nothing of interest (DDL, INSERT, SET…). */
  exec(sql: string): Promise<void>;
  /** Closes the connection and the database; the engine is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Options of {@link openEngine}.
 *
 * @example
 * ```ts
 * const opts: OpenEngineOptions = { kind: "native", path: "data/survey.duckdb" };
 * ```
 */
export interface OpenEngineOptions {
  /** Which engine; when omitted, env `FARMLAND_DB_ENGINE` (`wasm`|`native`), else "wasm". */
  kind?: EngineKind;
  /** Database file; omitted → in-memory. (wasm: only in-memory is supported here.) */
  path?: string;
}

/**
 * The environment variable that picks the engine when `openEngine` is not told.
 *
 * @example
 * ```sh
 * FARMLAND_DB_ENGINE=native deno task demo
 * ```
 */
export const ENGINE_ENV_VAR = "FARMLAND_DB_ENGINE";

/**
 * Which engine `openEngine(opts)` will use: `opts.kind`, else `FARMLAND_DB_ENGINE`,
 * else "wasm". An unknown value in the variable is an error (Chinese message).
 *
 * @example
 * ```ts
 * resolveEngineKind({ kind: "native" }); // "native"
 * resolveEngineKind(); // "wasm" unless FARMLAND_DB_ENGINE says otherwise
 * ```
 */
export function resolveEngineKind(opts?: OpenEngineOptions): EngineKind {
  if (opts?.kind) {
    if (opts.kind !== "wasm" && opts.kind !== "native") {
      throw new Error(`未知的数据库引擎 "${opts.kind}"，只能是 wasm 或 native`);
    }
    return opts.kind;
  }
  let env: string | undefined;
  try {
    env = Deno.env.get(ENGINE_ENV_VAR);
  } catch {
    env = undefined; // no --allow-env: use the default
  }
  const v = env?.trim().toLowerCase();
  if (!v) return "wasm";
  if (v === "wasm" || v === "native") return v;
  throw new Error(`环境变量 ${ENGINE_ENV_VAR} 的值 "${env}" 无效，只能是 wasm 或 native`);
}

/**
 * Opens a DuckDB engine. Default kind "wasm"; env var `FARMLAND_DB_ENGINE=native|wasm`
 * overrides when `opts.kind` is not given. Each engine module is loaded only when used.
 *
 * @example
 * ```ts
 * const db = await openEngine({ kind: "wasm" });
 * const t = await db.query("SELECT 42 AS answer");
 * t.getChild("answer")?.get(0); // 42
 * await db.close();
 * ```
 */
export async function openEngine(opts?: OpenEngineOptions): Promise<Engine> {
  const kind = resolveEngineKind(opts);
  if (kind === "native") {
    const { openNativeEngine } = await lazyImport<typeof import("./native.ts")>(new URL("./native.ts", import.meta.url));
    return await openNativeEngine(opts?.path);
  }
  const { openWasmEngine } = await lazyImport<typeof import("./wasm.ts")>(new URL("./wasm.ts", import.meta.url));
  return await openWasmEngine(opts?.path);
}
