import { createRequire } from "node:module";
import * as path from "node:path";
import { arrow, toProjectTable } from "../arrow.ts";
import * as esm from "apache-arrow";
const require = createRequire(import.meta.url);
const bundlePath = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
const dist = path.dirname(bundlePath);
const duckdb = require(bundlePath);
const db = await duckdb.createDuckDB({mvp:{mainModule: dist+"/duckdb-mvp.wasm", mainWorker:""}, eh:{mainModule: dist+"/duckdb-eh.wasm", mainWorker:""}}, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
await db.instantiate();
db.open({ query: { castDecimalToDouble: true } });
const conn = db.connect();
const q = (s: string) => conn.query(s);
const show = (t: any) => { console.log(t.schema.fields.map((f: any) => `${f.name}:${f.type}`).join(", "), t instanceof arrow.Table, JSON.stringify(t.toArray().map((r: any) => r.toJSON()), (_k, v) => typeof v === "bigint" ? `${v}n` : v)); };
show(q("select 1::bigint a, 2::hugeint b, 1.5::decimal(10,2) c, sum(x) s, count(*) n, date '2024-03-01' d, timestamp '2024-03-01 12:00:01.5' ts, 3::int i, 'é中' v, [1,2] l, {'a':1} st, 1.5::float f, true bo, 5::utinyint u from range(3) t(x)"));
// prepared
const st = conn.prepare("select $1 as a, $2 as b, ? as c, typeof($1) ta, typeof($2) tb, typeof($3) tc");
try { show(st.query(1, 2.5, "x")); } catch (e) { console.log("prep err", e.message); }
try { show(st.query(10n, null, true)); } catch (e) { console.log("prep err2", e.message); }
// dict insert
const dict = arrow.vectorFromArray(["a", "b", null, "a"], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
const t = new arrow.Table({ s: dict, v: arrow.vectorFromArray([1, null, 3, 4], new arrow.Float64()), i: arrow.vectorFromArray([1, 2, null, 4], new arrow.Int32()) });
conn.insertArrowFromIPCStream(arrow.tableToIPC(t, "stream"), { name: "t1" });
show(q("select *, typeof(s) ts from t1"));
// empty
const e = arrow.tableFromArrays({ a: new Float64Array(0), b: [] as string[] });
console.log("empty schema", e.schema.fields.map(f => String(f.type)));
try { conn.insertArrowFromIPCStream(arrow.tableToIPC(e, "stream"), { name: "t0" }); show(q("select count(*) from t0")); } catch (err) { console.log("empty err", err.message); }
// esm
const et = esm.tableFromArrays({ a: Float64Array.from([1,2,3]) });
const pt = toProjectTable(et);
console.log("converted", pt instanceof arrow.Table, pt.numRows);
// bad sql
try { q("selec 1"); } catch (err) { console.log("bad:", err.message); }
// replacement dictionaries across batches
const t2a = new arrow.Table({ s: arrow.vectorFromArray(["x","y"], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())) });
const t2b = new arrow.Table({ s: arrow.vectorFromArray(["z","x","w"], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())) });
const t2 = t2a.concat(t2b);
try { conn.insertArrowFromIPCStream(arrow.tableToIPC(t2, "stream"), { name: "t2" }); show(q("select s, count(*) from t2 group by s order by s")); } catch (err) { console.log("dict2 err", err.message); }
try { conn.insertArrowTable(t2, { name: "t3" }); show(q("select s, count(*) from t3 group by s order by s")); } catch (err) { console.log("dict3 err", err.message); }
// replace existing
try { conn.insertArrowFromIPCStream(arrow.tableToIPC(t, "stream"), { name: "t1" }); } catch (err) { console.log("replace err", err.message); }
conn.close();
