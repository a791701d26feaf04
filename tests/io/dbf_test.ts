import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { readDbf, readDbfFile, writeDbf } from "../../src/io/dbf.ts";
import type { Cell, FieldDef } from "../../src/io/layer.ts";
import { encodeGbk } from "../../src/io/gbk.ts";

const FIELDS: FieldDef[] = [
  { name: "BSM", type: "C", length: 18, decimals: 0 },
  { name: "DLBM", type: "C", length: 5, decimals: 0 },
  { name: "DLMC", type: "C", length: 60, decimals: 0 },
  { name: "TBMJ", type: "N", length: 19, decimals: 2 },
  { name: "GDDB", type: "N", length: 2, decimals: 0 },
  { name: "XS", type: "F", length: 12, decimals: 4 },
  { name: "RQ", type: "D", length: 8, decimals: 0 },
  { name: "SF", type: "L", length: 1, decimals: 0 },
];
const COLUMNS: Record<string, Cell[]> = {
  BSM: ["341199000000000001", "341199000000000002", "341199000000000003"],
  DLBM: ["0101", "0103", "1104K"],
  DLMC: ["水田", "旱地", "可调整养殖坑塘（示例村·东）"],
  TBMJ: [2514.07, -0.5, null],
  GDDB: [10, 1, null],
  XS: [0.1234, 12345.6789, 0],
  RQ: ["20231231", null, "20200901"],
  SF: ["T", "F", null],
};

for (const encoding of ["gbk", "utf-8"] as const) {
  Deno.test(`DBF round trip (${encoding}) with Chinese text and numbers`, () => {
    const bytes = writeDbf({ fields: FIELDS, columns: COLUMNS, length: 3 }, { encoding });
    assertEquals(bytes[29], encoding === "gbk" ? 0x4d : 0);
    assertEquals(bytes[bytes.length - 1], 0x1a);
    const t = readDbf(bytes, { encoding, source: "t.dbf" });
    assertEquals(t.fields, FIELDS);
    assertEquals(t.length, 3);
    assertEquals(t.deleted, []);
    assertEquals(t.columns, COLUMNS);
  });
}

Deno.test("DBF: Chinese field names in GBK; numbers right-aligned, text left-aligned", () => {
  const fields: FieldDef[] = [
    { name: "地类名称", type: "C", length: 10, decimals: 0 },
    { name: "面积", type: "N", length: 10, decimals: 2 },
  ];
  const bytes = writeDbf({ fields, columns: { 地类名称: ["水田"], 面积: [12.5] }, length: 1 }, {
    encoding: "gbk",
  });
  assertEquals(bytes.subarray(32, 40), encodeGbk("地类名称"));
  const rec = bytes.subarray(32 * 3 + 1 + 1);
  assertEquals(new TextDecoder("gbk").decode(rec.subarray(0, 20)), "水田      " + "     12.50");
  const t = readDbf(bytes, { encoding: "gbk", source: "t.dbf" });
  assertEquals(t.fields.map((f) => f.name), ["地类名称", "面积"]);
  assertEquals(t.columns["地类名称"], ["水田"]);
  assertEquals(t.columns["面积"], [12.5]);
});

Deno.test("DBF: text is cut to the field width by bytes, never inside a character", () => {
  const fields: FieldDef[] = [{ name: "MC", type: "C", length: 5, decimals: 0 }];
  const columns = { MC: ["水田旱地", "ab水田", "abcdefg"] };
  const g = readDbf(writeDbf({ fields, columns, length: 3 }, { encoding: "gbk" }), {
    encoding: "gbk",
    source: "g",
  });
  assertEquals(g.columns.MC, ["水田", "ab水", "abcde"]);
  const u = readDbf(writeDbf({ fields, columns, length: 3 }, { encoding: "utf-8" }), {
    encoding: "utf-8",
    source: "u",
  });
  assertEquals(u.columns.MC, ["水", "ab水", "abcde"]);
});

/** Builds a DBF by hand: one C(6) field and one N(8,2) field, with raw cell bytes. */
function handDbf(rows: { flag?: number; c: string; n: string }[], encoding = "gbk"): Uint8Array {
  const enc = (s: string) => encoding === "gbk" ? encodeGbk(s) : new TextEncoder().encode(s);
  const fields = [["MC", "C", 6, 0], ["MJ", "N", 8, 2]] as const;
  const hl = 32 + 32 * fields.length + 1, rl = 1 + 6 + 8;
  const out = new Uint8Array(hl + rows.length * rl + 1).fill(0x20, hl);
  const dv = new DataView(out.buffer);
  out[0] = 3;
  dv.setUint32(4, rows.length, true);
  dv.setUint16(8, hl, true);
  dv.setUint16(10, rl, true);
  fields.forEach(([name, type, len, dec], i) => {
    out.fill(0, 32 + 32 * i, 64 + 32 * i);
    out.set(new TextEncoder().encode(name), 32 + 32 * i);
    out[32 + 32 * i + 11] = type.charCodeAt(0);
    out[32 + 32 * i + 16] = len;
    out[32 + 32 * i + 17] = dec;
  });
  out[hl - 1] = 0x0d;
  rows.forEach((r, k) => {
    const p = hl + k * rl;
    out[p] = r.flag ?? 0x20;
    out.set(enc(r.c).subarray(0, 6), p + 1);
    out.set(enc(r.n).subarray(0, 8), p + 7);
  });
  out[out.length - 1] = 0x1a;
  return out;
}

Deno.test("DBF read: blanks, NULs, non-numeric N values kept raw, deleted records skipped", () => {
  const bytes = handDbf([
    { c: "水田", n: "  123.45" },
    { c: "", n: "        " },
    { flag: 0x2a, c: "删除", n: "    1.00" },
    { c: "ab\0xyz", n: "12,5" },
    { c: " 旱地", n: "********" },
    { c: "x", n: "-0.50" },
    { c: "y", n: "1.5e3" },
    { c: "z", n: "无" },
  ]);
  const t = readDbf(bytes, { encoding: "gbk", source: "data/x.dbf" });
  assertEquals(t.length, 7);
  assertEquals(t.deleted, [3]);
  assertEquals(t.columns.MC, ["水田", null, "ab", " 旱地", "x", "y", "z"]);
  assertEquals(t.columns.MJ, [123.45, null, "12,5", null, -0.5, 1500, "无"]);
});

Deno.test("DBF read: truncated and corrupt files give Chinese errors naming the file", () => {
  const ok = handDbf(Array.from({ length: 10 }, (_, i) => ({ c: "水田", n: String(i) })));
  const cut = ok.subarray(0, ok.length - 40);
  assertThrows(
    () => readDbf(cut, { encoding: "gbk", source: "data/x.dbf" }),
    Error,
    "DBF 文件已截断：data/x.dbf 声明 10 条记录，实际只有 7 条完整记录",
  );
  assertThrows(() => readDbf(ok.subarray(0, 20), { encoding: "gbk", source: "a.dbf" }), Error, "a.dbf");
  const badHeader = ok.slice();
  new DataView(badHeader.buffer).setUint16(8, 0xfff0, true);
  assertThrows(
    () => readDbf(badHeader, { encoding: "gbk", source: "b.dbf" }),
    Error,
    "DBF 文件头损坏：b.dbf",
  );
  const badRecLen = ok.slice();
  new DataView(badRecLen.buffer).setUint16(10, 5, true);
  assertThrows(() => readDbf(badRecLen, { encoding: "gbk", source: "c.dbf" }), Error, "记录长度");
});

Deno.test("DBF write: unwritable values name the file, row, field and value", () => {
  const fields: FieldDef[] = [{ name: "TBMJ", type: "N", length: 6, decimals: 2 }];
  assertThrows(
    () =>
      writeDbf({ fields, columns: { TBMJ: [1, "abc"] }, length: 2 }, {
        encoding: "gbk",
        target: "out/x.dbf",
      }),
    Error,
    "out/x.dbf 第 2 条记录的字段 TBMJ 的值“abc”",
  );
  assertThrows(
    () =>
      writeDbf({ fields, columns: { TBMJ: [123456.7] }, length: 1 }, { encoding: "gbk", target: "o.dbf" }),
    Error,
    "超出字段宽度",
  );
  const text: FieldDef[] = [{ name: "MC", type: "C", length: 10, decimals: 0 }];
  const e = assertThrows(
    () =>
      writeDbf({ fields: text, columns: { MC: ["水田", "한국"] }, length: 2 }, {
        encoding: "gbk",
        target: "o.dbf",
      }),
    Error,
    "第 2 条记录的字段 MC 的值“한국”",
  );
  assert(e.message.includes("U+D55C"), e.message);
  assertThrows(
    () =>
      writeDbf({
        fields: [{ name: "很长的中文字段名", type: "C", length: 4, decimals: 0 }],
        columns: {},
        length: 0,
      }, { encoding: "gbk" }),
    Error,
    "10 字节",
  );
  // Numeric strings are accepted in N fields; integers are rounded to 0 decimals.
  const f2: FieldDef[] = [{ name: "N", type: "N", length: 5, decimals: 0 }];
  const t = readDbf(
    writeDbf({ fields: f2, columns: { N: [" 42 ", 2.6, -0.2] }, length: 3 }, { encoding: "utf-8" }),
    {
      encoding: "utf-8",
      source: "n",
    },
  );
  assertEquals(t.columns.N, [42, 3, 0]);
});

Deno.test("DBF: 200,000 records × 10 fields read in about half a second", () => {
  const n = 200_000;
  const fields: FieldDef[] = [
    ...FIELDS.slice(0, 5),
    { name: "ZLDWDM", type: "C", length: 19, decimals: 0 },
    { name: "ZLDWMC", type: "C", length: 60, decimals: 0 },
    { name: "KCMJ", type: "N", length: 19, decimals: 2 },
    { name: "TBDLMJ", type: "N", length: 19, decimals: 2 },
    { name: "BZ", type: "C", length: 254, decimals: 0 },
  ];
  const columns: Record<string, Cell[]> = {};
  for (const f of fields) columns[f.name] = new Array(n);
  for (let i = 0; i < n; i++) {
    columns.BSM[i] = String(341199000000000000 + i);
    columns.DLBM[i] = COLUMNS.DLBM[i % 3];
    columns.DLMC[i] = COLUMNS.DLMC[i % 3];
    columns.TBMJ[i] = i / 100;
    columns.GDDB[i] = i % 15;
    columns.ZLDWDM[i] = "3411991012010000000";
    columns.ZLDWMC[i] = "示例村";
    columns.KCMJ[i] = 1.25;
    columns.TBDLMJ[i] = i / 100 - 1.25;
    columns.BZ[i] = i % 100 === 0 ? "备注" : null;
  }
  const bytes = writeDbf({ fields, columns, length: n }, { encoding: "gbk" });
  const t0 = performance.now();
  const t = readDbf(bytes, { encoding: "gbk", source: "big.dbf" });
  const ms = performance.now() - t0;
  assertEquals(t.length, n);
  assertEquals(t.columns.DLMC[n - 1], COLUMNS.DLMC[(n - 1) % 3]);
  assertEquals(t.columns.TBMJ[12345], 123.45);
  assert(ms < 1500, `readDbf took ${ms.toFixed(0)} ms`);
});

Deno.test("readDbfFile with `only`: the chosen fields' columns equal a full read's, the others listed without a column", async () => {
  const S1 = new URL("../../../shared/samples/s1/DLTB.dbf", import.meta.url).pathname;
  const full = await readDbfFile(S1, { encoding: "gbk" });
  const only = new Set(["BSM", "TBMJ", "ZLDWMC"]);
  const part = await readDbfFile(S1, { encoding: "gbk", only });
  assertEquals(part.fields, full.fields);
  assertEquals(Object.keys(part.columns).sort(), [...only].sort());
  for (const f of only) assertEquals(part.columns[f], full.columns[f], f);
  assertEquals(part.length, full.length);
  assert(Object.keys(full.columns).length > only.size, "the sample has more fields than those read");
});
