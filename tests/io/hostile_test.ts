// Hostile files: keys that reach a prototype, and archives that inflate far past their size.
import assert from "node:assert/strict";
import * as XLSX from "xlsx";
import { unzipSync, zipSync } from "fflate";
import { encodeXlsx, readXlsx } from "../../src/io/xlsx.ts";
import { readCsv } from "../../src/io/csv.ts";
import { readLayer } from "../../src/ingest/read_layer.ts";
import { loadAuditConfig, mergeConfig } from "../../src/audit/config.ts";
import { assertSafeKey } from "../../src/units/safe_keys.ts";

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = protoKeys();
function untouched() {
  assert.deepEqual(protoKeys(), before);
  const o: Record<string, unknown> = {};
  for (const k of ["polluted", "x", "A1", "constructor!$A$1"]) assert.equal(o[k], undefined, k);
  assert.equal(typeof ({} as { constructor: unknown }).constructor, "function");
}

Deno.test("xlsx: __proto__ / constructor in shared strings, sheet names and defined names leave Object.prototype alone", async () => {
  const wb = XLSX.utils.book_new();
  const ws = XLSX.utils.aoa_to_sheet([["__proto__", "constructor", "prototype", "名称"], ["polluted", "x", "y", "平川县"], ["__proto__", "toString", "valueOf", "丘阳县"]]);
  XLSX.utils.book_append_sheet(wb, ws, "constructor");
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["a"]]), "__proto__");
  wb.Workbook = { Names: [{ Name: "__proto__", Ref: "constructor!$A$1" }, { Name: "constructor", Ref: "constructor!$B$1" }] };
  const path = await Deno.makeTempFile({ suffix: ".xlsx" });
  try {
    await Deno.writeFile(path, new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx", bookSST: true })));
    const text = new TextDecoder().decode(unzipSync(await Deno.readFile(path))["xl/sharedStrings.xml"]);
    assert.match(text, /__proto__/, "the strings are shared strings");
    const layer = readXlsx(path);
    untouched();
    // The headers are ordinary columns, read back as own properties.
    assert.deepEqual(Object.keys(layer.columns), ["__proto__", "constructor", "prototype", "名称"]);
    assert.deepEqual(layer.columns["__proto__"], ["polluted", "__proto__"]);
    assert.deepEqual(layer.columns["名称"], ["平川县", "丘阳县"]);
    assert.equal(Object.getPrototypeOf(layer.columns), Object.prototype);
    readXlsx(path, { sheet: "__proto__" });
    untouched();
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("csv and GeoJSON: a __proto__ column is an own column, not a new prototype", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.csv`, "__proto__,code\n1,900101\n2,900102\n");
    const csv = await readCsv(`${dir}/a.csv`);
    assert.deepEqual(csv.columns["__proto__"], [1, 2]);
    assert.equal(Object.getPrototypeOf(csv.columns), Object.prototype);
    // Written as text: in an object literal "__proto__" would set the prototype instead of a key.
    await Deno.writeTextFile(
      `${dir}/b.geojson`,
      '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"__proto__":{"polluted":1},"name":"甲"},' +
        '"geometry":{"type":"Polygon","coordinates":[[[113,31],[113.001,31],[113.001,31.001],[113,31]]]}}]}',
    );
    const gj = await readLayer(`${dir}/b.geojson`);
    assert.deepEqual(Object.keys(gj.columns), ["__proto__", "name"]);
    assert.equal(Object.getPrototypeOf(gj.columns), Object.prototype);
    untouched();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("configuration: a key __proto__, constructor or prototype is refused with the file named; merging stays own", async () => {
  assert.throws(() => assertSafeKey("__proto__", "x.json"), /x\.json 中的键“__proto__”不允许/);
  assert.throws(() => mergeConfig({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')), /“__proto__”不允许/);
  assert.throws(() => mergeConfig({ a: { b: 1 } }, JSON.parse('{"a": {"constructor": {"x": 1}}}')), /“constructor”不允许/);
  assert.deepEqual(mergeConfig({ a: { b: 1, c: 2 } }, { a: { b: 3 } }), { a: { b: 3, c: 2 } });
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/cfg.json`, '{"audit": {"__proto__": {"polluted": 1}}}');
    await assert.rejects(() => loadAuditConfig(`${dir}/cfg.json`), /配置文件“.*cfg\.json”.*中的键“__proto__”不允许/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  untouched();
});

Deno.test("xlsx: a small workbook whose parts inflate past the limit is refused before it is parsed", async () => {
  // A valid workbook, plus a 64 MiB part of one repeated byte (it deflates to some 64 KiB).
  const parts = unzipSync(encodeXlsx([{ name: "数据", columns: [{ key: "a", header: "a" }], rows: [{ a: 1 }] }]));
  parts["xl/media/filler.bin"] = new Uint8Array(64 * 1024 * 1024).fill(65);
  const bomb = zipSync(parts, { level: 9 });
  assert.ok(bomb.length < 1024 * 1024, `${bomb.length} bytes`);
  const path = await Deno.makeTempFile({ suffix: ".xlsx" });
  try {
    await Deno.writeFile(path, bomb);
    assert.throws(() => readXlsx(path, { maxInflatedBytes: 16 * 1024 * 1024 }), /解压后超过 16 MiB（压缩文件 \d+ KiB），疑为压缩炸弹，已拒绝读取/);
    // Under the default limit (512 MiB) the same file reads.
    assert.equal(readXlsx(path).length, 1);
    // A truncated workbook is a named error, not an exception from the inflater.
    await Deno.writeFile(path, bomb.subarray(0, Math.floor(bomb.length / 2)));
    assert.throws(() => readXlsx(path), /Excel 文件“.*”无法读取：文件已损坏或被截断/);
  } finally {
    await Deno.remove(path);
  }
});
