/**
 * The duckdb-wasm engine: DuckDB compiled to WebAssembly, run in-process through the
 * package's blocking Node bundle (no worker). Results are Arrow tables of the project
 * instance, because the bundle `require`s the same CJS apache-arrow that `arrow.ts`
 * exports.
 *
 * @module
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { arrow, emptyRecordBatch, isProjectTable, toProjectTable } from "./arrow.ts";
import type { Engine } from "./engine.ts";
import {
  checkRowCount,
  countToNumber,
  normalizeParams,
  quoteIdent,
  SESSION_SETTINGS,
  sqlError,
} from "./common.ts";
import { tableToRows } from "./rows.ts";

const require = createRequire(import.meta.url);

/** The parts of a duckdb-wasm connection this module uses. */
interface WasmConnection {
  query(sql: string): arrow.Table;
  prepare(sql: string): WasmPrepared;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): void;
  close(): void;
}
interface WasmPrepared {
  query(...params: unknown[]): arrow.Table;
  close(): void;
}
interface WasmDatabase {
  instantiate(): Promise<unknown>;
  open(config: Record<string, unknown>): void;
  connect(): WasmConnection;
  reset(): void;
}
interface WasmModule {
  createDuckDB(bundles: unknown, logger: unknown, runtime: unknown): Promise<WasmDatabase>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}

let loaded: { mod: WasmModule; dist: string } | undefined;

function loadModule(): { mod: WasmModule; dist: string } {
  if (!loaded) {
    const bundle = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
    loaded = { mod: require(bundle) as WasmModule, dist: path.dirname(bundle) };
  }
  return loaded;
}

let tmpCounter = 0;

/**
 * A DuckDB-wasm database with one connection. Create it with {@link openWasmEngine}.
 *
 * @example
 * ```ts
 * const db = await openWasmEngine();
 * await db.insertArrow("t", arrow.tableFromArrays({ x: Float64Array.from([1, 2]) }));
 * await db.rows("SELECT sum(x) AS s FROM t"); // [{ s: 3 }]
 * ```
 */
export class WasmEngine implements Engine {
  readonly kind: "wasm" = "wasm";
  #db: WasmDatabase;
  #conn: WasmConnection | null;

  /** Use {@link openWasmEngine}; this takes an opened database and connection. */
  constructor(db: WasmDatabase, conn: WasmConnection) {
    this.#db = db;
    this.#conn = conn;
  }

  #c(): WasmConnection {
    if (!this.#conn) throw new Error("数据库（wasm）已关闭，不能再使用");
    return this.#conn;
  }

  /**
   * Loads `table` as table `name`, replacing one of that name only once the new rows are
   * in. Goes through Arrow IPC stream bytes of the project instance (what the wasm
   * bundle's own `insertArrowTable` does too, and robust to tables of other instances).
   */
  insertArrow(name: string, table: arrow.Table): Promise<void> {
    const c = this.#c();
    const t = toProjectTable(table);
    const target = quoteIdent(name);
    const tmpName = `__farmland_load_${++tmpCounter}`;
    const tmp = quoteIdent(tmpName);
    const withBatch = t.batches.length > 0 ? t : new arrow.Table(t.schema, [emptyRecordBatch(t.schema)]);
    try {
      run(c, `DROP TABLE IF EXISTS ${tmp}`);
      c.insertArrowFromIPCStream(arrow.tableToIPC(withBatch, "stream"), { name: tmpName, create: true });
    } catch (e) {
      return Promise.reject(loadError(name, e));
    }
    let landed: number;
    try {
      landed = countToNumber(run(c, `SELECT count(*) AS n FROM ${tmp}`).getChildAt(0)?.get(0));
    } catch (e) {
      return Promise.reject(
        new Error(`写入表 "${name}" 失败：DuckDB 中没有生成表（Arrow 表有 ${t.numRows} 行）`, { cause: e }),
      );
    }
    try {
      checkRowCount(name, t.numRows, landed);
      run(
        c,
        `BEGIN TRANSACTION; DROP TABLE IF EXISTS ${target}; ALTER TABLE ${tmp} RENAME TO ${target}; COMMIT`,
      );
    } catch (e) {
      try {
        run(c, "ROLLBACK");
      } catch { /* not in a transaction */ }
      try {
        run(c, `DROP TABLE IF EXISTS ${tmp}`);
      } catch { /* keep the first error */ }
      return Promise.reject(e);
    }
    return Promise.resolve();
  }

  /** Runs SQL (a prepared statement when there are parameters) → project-instance Arrow table. */
  query(sql: string, params?: unknown[]): Promise<arrow.Table> {
    try {
      return Promise.resolve(this.#querySync(sql, params));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  #querySync(sql: string, params?: unknown[]): arrow.Table {
    const c = this.#c();
    let out: arrow.Table;
    if (params && params.length > 0) {
      const values = normalizeParams(params);
      let stmt: WasmPrepared;
      try {
        stmt = c.prepare(sql);
      } catch (e) {
        throw sqlError(e, sql);
      }
      try {
        out = stmt.query(...values);
      } catch (e) {
        throw sqlError(e, sql);
      } finally {
        stmt.close();
      }
    } else {
      out = run(c, sql);
    }
    return isProjectTable(out) ? out : toProjectTable(out);
  }

  /** Runs SQL → row objects (see `tableToRows` for the conversions). */
  async rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return tableToRows<T>(await this.query(sql, params));
  }

  /** Runs SQL, ignoring any result. */
  exec(sql: string): Promise<void> {
    try {
      run(this.#c(), sql);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Closes the connection and resets the database (frees its tables). */
  close(): Promise<void> {
    if (this.#conn) {
      this.#conn.close();
      this.#conn = null;
      try {
        this.#db.reset();
      } catch { /* already gone */ }
    }
    return Promise.resolve();
  }
}

/**
 * Opens an in-memory DuckDB-wasm database. DECIMAL (and HUGEINT) results come back as
 * Float64; extension auto-install/auto-load is switched off (no network here).
 * A `path` is refused: this engine keeps its database in memory only.
 *
 * @example
 * ```ts
 * const db = await openWasmEngine();
 * await db.rows("SELECT 1.25::DECIMAL(5,2) AS d"); // [{ d: 1.25 }]
 * await db.close();
 * ```
 */
export async function openWasmEngine(path?: string): Promise<WasmEngine> {
  if (path && path !== ":memory:") {
    throw new Error(`wasm 引擎只支持内存数据库，不能打开文件 "${path}"；需要数据库文件时请用 native 引擎`);
  }
  const { mod, dist } = loadModule();
  const bundles = {
    mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: "" },
    eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: "" },
  };
  let db: WasmDatabase;
  try {
    db = await mod.createDuckDB(bundles, new mod.VoidLogger(), mod.NODE_RUNTIME);
    await db.instantiate();
    db.open({ query: { castDecimalToDouble: true } });
  } catch (e) {
    throw new Error(`无法启动 DuckDB（wasm）：${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const conn = db.connect();
  for (const s of SESSION_SETTINGS) run(conn, s);
  return new WasmEngine(db, conn);
}

function run(c: WasmConnection, sql: string): arrow.Table {
  try {
    return c.query(sql);
  } catch (e) {
    throw sqlError(e, sql);
  }
}

function loadError(name: string, e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  return new Error(`写入表 "${name}" 失败：${msg}`, { cause: e });
}
