/**
 * The SpreadsheetML writer (src/io/xlsx_write.ts, behind encodeXlsx/writeXlsx) read back by our
 * own reader (SheetJS), by GDAL's XLSX driver, by LibreOffice, and checked part by part with
 * Python's zipfile and XML parser. GDAL, LibreOffice and Python are skipped, with a message, only
 * when they are not installed.
 */
import { unzipSync } from "fflate";
// @ts-types="@types/d3-dsv"
import { csvParseRows } from "d3-dsv";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { encodeXlsx, readXlsx, writeXlsx, type XlsxSheet } from "../../src/io/xlsx.ts";
import { columnLetters, escapeXlsxText } from "../../src/io/xlsx_write.ts";
import type { Cell } from "../../src/io/layer.ts";


const HAS_GDAL = (await run("ogr2ogr", ["--version"])).ok;
if (!HAS_GDAL) console.warn("跳过 GDAL 交叉检查：未安装 ogr2ogr（Debian: apt-get install gdal-bin）");
const PYTHON = "/usr/bin/python3";
const HAS_PYTHON = (await run(PYTHON, ["--version"])).ok;
if (!HAS_PYTHON) console.warn("跳过 xlsx 结构检查：没有 /usr/bin/python3");
const HAS_SOFFICE = (await run("soffice", ["--version"])).ok;
if (!HAS_SOFFICE) {
  console.warn("跳过 LibreOffice 交叉检查：未安装 soffice（Debian: apt-get install libreoffice-calc-nogui）");
}

/** The columns a test expects: header and the values, record by record (null: empty). */
type Expect = { header: string; values: Cell[] }[];

/** A sheet and what every reader must give back for it. */
function table(name: string, cols: Record<string, unknown[]>): { sheet: XlsxSheet; expect: Expect } {
  const headers = Object.keys(cols);
  const n = Math.max(...headers.map((h) => cols[h].length));
  const rows = Array.from(
    { length: n },
    (_, i) => Object.fromEntries(headers.map((h) => [h, cols[h][i]])),
  ) as Record<string, Cell>[];
  const expect = headers.map((h) => ({
    header: h,
    values: Array.from({ length: n }, (_, i) => {
      const v = cols[h][i];
      if (v === undefined || v === null || v === "" || (typeof v === "number" && !Number.isFinite(v))) {
        return null;
      }
      return v as Cell;
    }),
  }));
  return { sheet: { name, columns: headers.map((h) => ({ key: h, header: h })), rows }, expect };
}

// Text that is easy to get wrong: markup, spaces at either end, controls (XML 1.0 cannot carry
// them), a literal `_xHHHH_` (Excel's own escape), surrogate pairs and a lone surrogate.
const TRICKY = [
  `a&b<c>d"e'f`,
  " 前后空格 ",
  "控制\u0001字符\u001f",
  "_x0041_",
  "_X0041_ 与 _x005F_ 和 _x0041__x0042_",
  "换行\n与\t制表 与\r回车",
  "表情 🌾 与 \uD800 孤立代理",
  "两个  空格",
  "\uFFFE\uFFFF",
];

function fixtures(): { sheet: XlsxSheet; expect: Expect }[] {
  const main = table("县汇总", {
    "县代码": ["0012", "3601021", "000", "1e5", "TRUE", "-0", "360102", "0.10", "9"],
    "县名称": ["平川县", ...TRICKY],
    "面积（亩）": [
      29260.123456,
      0.1 + 0.2,
      1e15,
      -1e-7,
      NaN,
      123456789012345680000,
      2 ** 53,
      -0.0000012345678901234568,
      1.5e-300,
    ],
    "图斑数": [3414, -42, 0, null, Infinity, undefined, 1, -999999999999999, 7],
    "备注": ["示例", "", undefined, "混合", null, "末行", "x", "y", "z"],
  });
  // 730 columns: past Z (26) and ZZ (702) into AAA…ABB.
  const wideCols: Record<string, unknown[]> = {};
  for (let c = 0; c < 730; c++) {
    wideCols[`列${c + 1}`] = c % 3
      ? [c * 1.5, c % 7 ? -c : null, c + 0.25]
      : [`文本${c}`, c % 7 ? null : `t${c}`, `${c}`];
  }
  const wide = table("宽表", wideCols);
  const note = table("A&B 说明", { "项目": ["示例数据", "第二行"], "数值": [1, 2] });
  return [main, wide, note];
}

/**
 * A sheet whose XML passes the writer's 64 KiB buffer many times over, with texts that escape to
 * several times their length (and past the buffer: "&" is five characters, a control seven).
 */
function bigFixture(): { sheet: XlsxSheet; expect: Expect } {
  const n = 20000;
  const cols: Record<string, unknown[]> = { "编号": [], "面积（亩）": [], "说明": [] };
  for (let i = 0; i < n; i++) {
    cols["编号"].push(`3601021${String(i).padStart(9, "0")}`);
    cols["面积（亩）"].push(i % 13 === 0 ? null : i / 7 - 1000);
    cols["说明"].push(
      i === 5
        ? "&".repeat(32767)
        : i === 6
        ? "\u0001".repeat(32767)
        : i === 7
        ? "<_x0041_>".repeat(3000)
        : `第${i % 50}村`,
    );
  }
  return table("大表", cols);
}

/** What readXlsx gives for a sheet, as header → values. */
function readBack(path: string, sheet: string): Expect {
  const layer = readXlsx(path, { sheet });
  return layer.fields.map((f) => ({ header: f.name, values: layer.columns[f.name] }));
}

/** Numbers must come back as the same double, text as the same text. */
function assertSameCells(
  got: Expect,
  want: Expect,
  what: string,
  sameNumber = (a: number, b: number) => Object.is(a, b) || a === b,
) {
  assertEquals(got.map((c) => c.header), want.map((c) => c.header), `${what}: headers`);
  want.forEach((col, j) => {
    const g = got[j].values;
    assertEquals(g.length, col.values.length, `${what}: ${col.header} length`);
    col.values.forEach((v, i) => {
      const ok = typeof v === "number" && typeof g[i] === "number"
        ? sameNumber(g[i] as number, v)
        : g[i] === v;
      assert(
        ok,
        `${what}: ${col.header} row ${i + 2}: expected ${JSON.stringify(v)}, got ${JSON.stringify(g[i])}`,
      );
    });
  });
}

Deno.test("xlsx writer: column letters and Excel's text escaping", () => {
  assertEquals([0, 25, 26, 51, 701, 702, 729, 16383].map(columnLetters), [
    "A",
    "Z",
    "AA",
    "AZ",
    "ZZ",
    "AAA",
    "ABB",
    "XFD",
  ]);
  assertEquals(escapeXlsxText(`a&b<c>"d'`), "a&amp;b&lt;c&gt;&quot;d'");
  assertEquals(escapeXlsxText("x\u0001y\r"), "x_x0001_y_x000D_");
  assertEquals(escapeXlsxText("_x0041_"), "_x005F_x0041_");
  assertEquals(escapeXlsxText("_x0041__x0042_"), "_x005F_x0041__x005F_x0042_");
  assertEquals(escapeXlsxText("\uD800 🌾 \uDC00"), "_xD800_ 🌾 _xDC00_");
  assertEquals(escapeXlsxText("\uFFFE"), "_xFFFE_");
  assertEquals(escapeXlsxText("平川县 \t\n"), "平川县 \t\n");
});

Deno.test("xlsx writer: round trip through readXlsx — numbers, text that looks like numbers, tricky text, 730 columns, several sheets", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xlsx_write_" });
  try {
    const fx = fixtures();
    const path = `${dir}/往返.xlsx`;
    await writeXlsx(path, fx.map((f) => f.sheet));
    for (const f of fx) assertSameCells(readBack(path, f.sheet.name), f.expect, `readXlsx ${f.sheet.name}`);
    const layer = readXlsx(path);
    assertEquals(layer.fields.map((f) => f.type), ["C", "C", "N", "N", "C"]);
    // The exact 32,767-character limit is fine.
    const full = "田".repeat(32767);
    await writeXlsx(path, [{ name: "长", columns: [{ key: "t", header: "长文本" }], rows: [{ t: full }] }]);
    assertEquals(readXlsx(path).columns["长文本"], [full]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("xlsx writer: a sheet of 20,000 rows and texts that escape past the buffer round-trip", async () => {
  const dir = await Deno.makeTempDir({ prefix: "xlsx_write_" });
  try {
    const { sheet, expect } = bigFixture();
    const path = `${dir}/大表.xlsx`;
    await writeXlsx(path, [sheet]);
    assertSameCells(readBack(path, sheet.name), expect, "readXlsx 大表");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("xlsx writer: the package — shared strings, widths, dimension, no <row> for an empty record, fixed bytes", () => {
  const bytes = encodeXlsx([{
    name: "表",
    columns: [{ key: "a", header: "名称" }, { key: "b", header: "面积（亩）" }],
    rows: [{ a: "平川县", b: 1.5 }, { a: null }, { a: "平川县", b: -2 }],
  }]);
  const parts = unzipSync(bytes);
  const text = (n: string) => new TextDecoder().decode(parts[n]);
  assertEquals(Object.keys(parts).sort(), [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/worksheets/sheet1.xml",
  ]);
  const sheet = text("xl/worksheets/sheet1.xml");
  assert(sheet.includes('<dimension ref="A1:B4"/>'), sheet);
  // Widths as SheetJS wrote them: header 名称 = 4, 平川县 = 6 → 8 characters; 面积（亩） = 10 → 12.
  assert(sheet.includes('<col min="1" max="1" width="8.83203125" customWidth="1"/>'), sheet);
  assert(sheet.includes('<col min="2" max="2" width="12.83203125" customWidth="1"/>'), sheet);
  assert(
    sheet.includes('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'),
    sheet,
  );
  assert(
    sheet.includes('<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1.5</v></c></row><row r="4">'),
    sheet,
  );
  assert(sheet.includes('<c r="B4"><v>-2</v></c>'), sheet);
  assertEquals(
    text("xl/sharedStrings.xml").replace(/^<\?xml[^>]*>\s*/, ""),
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="3">' +
      "<si><t>名称</t></si><si><t>面积（亩）</t></si><si><t>平川县</t></si></sst>",
  );
  assertEquals(
    encodeXlsx([{ name: "表", columns: [{ key: "a", header: "名称" }], rows: [{ a: 1 }] }]),
    encodeXlsx([{ name: "表", columns: [{ key: "a", header: "名称" }], rows: [{ a: 1 }] }]),
  );
});

Deno.test("xlsx writer: errors before anything is written — sheet names, duplicates, empty workbook, too long text", async () => {
  const one = (name: string): XlsxSheet => ({ name, columns: [{ key: "a", header: "甲" }], rows: [] });
  for (const bad of ["", "x".repeat(32), "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b"]) {
    const e = assertThrows(() => encodeXlsx([one(bad)], "目标.xlsx"));
    assertEquals(e.message, `写出 目标.xlsx 出错：工作表名“${bad}”无效（须为 1–31 个字符，且不含 []:*?/\\）`);
  }
  encodeXlsx([one("x".repeat(31))]);
  const dup = assertThrows(() => encodeXlsx([one("Sheet"), one("sheet")], "目标.xlsx"));
  assertEquals(dup.message, "写出 目标.xlsx 出错：工作表名“sheet”重复");
  assertEquals(
    assertThrows(() => encodeXlsx([], "目标.xlsx")).message,
    "写出 目标.xlsx 出错：没有任何工作表",
  );
  assertEquals(assertThrows(() => encodeXlsx([])).message, "写出 Excel 文件 出错：没有任何工作表");

  const long = "长".repeat(32768);
  const rows = [{ a: "短", b: 1 }, { a: "短", b: 2 }, { a: long, b: 3 }];
  const cols = [{ key: "b", header: "序号" }, { key: "a", header: "说明" }];
  let e = assertThrows(() => encodeXlsx([one("先"), { name: "核实表", columns: cols, rows }], "任务.xlsx"));
  assertEquals(
    e.message,
    "写出 任务.xlsx 出错：工作表“核实表”第 4 行 B 列（说明）的文本有 32768 个字符，超过 Excel 单元格上限 32767 个字符",
  );
  e = assertThrows(() =>
    encodeXlsx([{ name: "表", columns: [{ key: "a", header: long }], rows: [] }], "任务.xlsx")
  );
  assert(e.message.includes("工作表“表”第 1 行 A 列") && e.message.includes("32768 个字符"), e.message);

  const dir = await Deno.makeTempDir({ prefix: "xlsx_write_" });
  try {
    let msg = "";
    await writeXlsx(`${dir}/长.xlsx`, [{ name: "核实表", columns: cols, rows }]).catch((
      err,
    ) => (msg = err.message));
    assert(msg.includes(`Excel 文件“${dir}/长.xlsx”`) && msg.includes("第 4 行 B 列"), msg);
    assertEquals([...Deno.readDirSync(dir)].length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("xlsx writer: two builds of the same sheets are byte-identical (fixed times, 1980-01-01 00:00)", () => {
  const sheets = () => [...fixtures().map((f) => f.sheet), { ...bigFixture().sheet, name: "大表" }];
  const a = encodeXlsx(sheets()), b = encodeXlsx(sheets());
  assertEquals(a.length, b.length);
  assert(a.every((x, i) => x === b[i]), "the two builds differ");
  // Every part, in the central directory and its local header: DOS time 0, date 1980-01-01.
  const dv = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const end = a.length - 22;
  assertEquals(dv.getUint32(end, true), 0x06054b50);
  const parts = dv.getUint16(end + 10, true);
  assertEquals(parts, 12);
  for (let k = 0, p = dv.getUint32(end + 16, true); k < parts; k++) {
    assertEquals(dv.getUint32(p, true), 0x02014b50);
    const local = dv.getUint32(p + 42, true);
    assertEquals(dv.getUint32(local, true), 0x04034b50);
    assertEquals([dv.getUint16(p + 12, true), dv.getUint16(p + 14, true)], [0, (1 << 5) | 1]);
    assertEquals([dv.getUint16(local + 10, true), dv.getUint16(local + 12, true)], [0, (1 << 5) | 1]);
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
});

/** Excel's `_xHHHH_` escapes decoded (GDAL leaves them as they are in the file). */
function decodeXstring(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

Deno.test({
  name: "xlsx writer: GDAL's XLSX driver reads the same cells",
  ignore: !HAS_GDAL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xlsx_write_" });
    try {
      const fx = fixtures();
      const path = `${dir}/gdal.xlsx`;
      await writeXlsx(path, fx.map((f) => f.sheet));
      for (const f of fx) {
        const out = `${dir}/${fx.indexOf(f)}.geojson`;
        // Every field as the text in the file: numbers compare as parsed doubles, not as GDAL prints them.
        // (GDAL 3.6's XLSX driver takes these as configuration, not as open options.)
        const r = await run("ogr2ogr", ["-f", "GeoJSON", out, path, f.sheet.name], {
          OGR_XLSX_FIELD_TYPES: "STRING",
          OGR_XLSX_HEADERS: "FORCE",
        });
        assert(r.ok, `ogr2ogr ${f.sheet.name}: ${r.err}`);
        const feats: { properties: Record<string, string | null> }[] =
          JSON.parse(await Deno.readTextFile(out)).features;
        const got: Expect = f.expect.map((col) => ({
          header: col.header,
          values: feats.map((ft, i) => {
            const v = ft.properties[col.header];
            if (v === undefined || v === null) return null;
            return typeof col.values[i] === "number" ? Number(v) : decodeXstring(v);
          }),
        }));
        const fields = Object.keys(feats[0].properties);
        assertEquals(fields.length, f.expect.length, `${f.sheet.name}: GDAL fields ${fields.slice(0, 5)}`);
        assertSameCells(got, f.expect, `GDAL ${f.sheet.name}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const VALIDATE_PY = String.raw`
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "bad CRC"
names = z.namelist()
for info in z.infolist():
    assert info.compress_type == 8, info.filename
    assert info.date_time == (1980, 1, 1, 0, 0, 0), (info.filename, info.date_time)
xml = {n: ET.fromstring(z.read(n)) for n in names}   # every part well-formed XML 1.0 (expat)
ct = xml["[Content_Types].xml"]
over = {o.get("PartName")[1:] for o in ct if o.tag.endswith("Override")}
defaults = {d.get("Extension") for d in ct if d.tag.endswith("Default")}
for n in names:
    assert n in over or n.rsplit(".", 1)[-1] in defaults, n + " has no content type"
for o in over:
    assert o in names, o + " in [Content_Types].xml is missing"
for n in names:
    if n.endswith(".rels"):
        base = n.replace("_rels/", "").replace(".rels", "")
        folder = base.rsplit("/", 1)[0] + "/" if "/" in base else ""
        for rel in xml[n]:
            assert folder + rel.get("Target") in names, n + " -> " + rel.get("Target")
sst = xml["xl/sharedStrings.xml"]
si = list(sst)
assert int(sst.get("uniqueCount")) == len(si)
for s in si:
    t = s.find(M + "t")
    text = t.text or ""
    if text != text.strip():
        assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve", repr(text)
strings = [s.find(M + "t").text or "" for s in si]
assert len(set(strings)) == len(strings), "shared strings repeat"
refs = 0
sheets = []
def col(ref):
    n = 0
    for ch in re.match("[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n
for n in sorted(x for x in names if x.startswith("xl/worksheets/")):
    ws = xml[n]
    dim = ws.find(M + "dimension").get("ref").split(":")[-1]
    maxc, maxr = col(dim), int(re.search("[0-9]+", dim).group(0))
    last_r = 0
    for row in ws.find(M + "sheetData"):
        r = int(row.get("r"))
        assert r > last_r and r <= maxr, (n, r)
        last_r, last_c = r, 0
        for c in row:
            ref = c.get("r")
            assert ref.endswith(str(r)) and col(ref) > last_c and col(ref) <= maxc, (n, ref)
            last_c = col(ref)
            v = c.find(M + "v").text
            if c.get("t") == "s":
                refs += 1
                assert 0 <= int(v) < len(si)
            else:
                float(v)
    sheets.append(n)
assert refs == int(sst.get("count")), (refs, sst.get("count"))
print(json.dumps({"parts": len(names), "sheets": len(sheets), "strings": len(si)}))
`;
import { run } from "../_harness/run.ts";

Deno.test({
  name:
    "xlsx writer: Python's zipfile and XML parser accept every part (content types, relationships, shared string counts, cell order)",
  ignore: !HAS_PYTHON,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xlsx_write_" });
    try {
      const path = `${dir}/结构.xlsx`;
      await writeXlsx(path, fixtures().map((f) => f.sheet));
      let r = await run(PYTHON, ["-c", VALIDATE_PY, path]);
      assert(r.ok, `python: ${r.err}`);
      assertEquals(JSON.parse(r.out).sheets, 3);
      // Parts deflated in many pieces: the CRC runs across them (zipfile checks it).
      await writeXlsx(path, [bigFixture().sheet, { name: "空", columns: [], rows: [] }]);
      r = await run(PYTHON, ["-c", VALIDATE_PY, path]);
      assert(r.ok, `python: ${r.err}`);
      assertEquals(JSON.parse(r.out).sheets, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "xlsx writer: LibreOffice opens the workbook and shows the same cells",
  ignore: !HAS_SOFFICE,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "xlsx_write_" });
    try {
      const { sheet, expect } = table("核实表", {
        "图斑编号": ["0012", "3601021", "_x0041_", " 前后空格 ", `a&b<c>"d'`, "控制\u0001字符"],
        "面积（亩）": [29260.123456, 0.1 + 0.2, 1e15, -1e-7, null, 2 ** 53],
        "村名称": ["第一村", undefined, "第三村", "", "第五村", "换行\n在内"],
      });
      const path = `${dir}/lo.xlsx`;
      await writeXlsx(path, [sheet]);
      // Field separator, quote, UTF-8, and values rather than "as shown".
      const r = await run("soffice", [
        `-env:UserInstallation=file://${dir}/profile`,
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
        "--outdir",
        dir,
        path,
      ]);
      assert(r.ok, `soffice: ${r.err}`);
      const rows = csvParseRows(await Deno.readTextFile(`${dir}/lo.csv`));
      const got: Expect = rows[0].map((h, j) => ({
        header: h,
        values: rows.slice(1).map((row, i) => {
          const v = row[j] ?? "";
          if (v === "") return null;
          return typeof expect[j].values[i] === "number" ? Number(v) : v;
        }),
      }));
      // LibreOffice writes numbers with 15 significant digits.
      assertSameCells(got, expect, "LibreOffice", (a, b) => Math.abs(a - b) <= 1e-14 * Math.abs(b));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
