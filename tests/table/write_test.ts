/** Tables into cells and files: CSV (BOM, headers or keys, empty cells), one workbook. */
import { assert, assertEquals } from "../_assert.ts";
import { areaMu, cells, pctColumn, type Table, tableFiles, yesNo } from "../../src/table/mod.ts";
import { writeReportDir } from "../../src/io/report_dir.ts";
import { readXlsx } from "../../src/io/xlsx.ts";

type R = { code: string; m2: number; share: number; ok: boolean | null };
const table: Table<R> = {
  name: "耕地",
  csv: "farmland.csv",
  rows: [
    { code: "900101", m2: 10000, share: 0.25, ok: true },
    { code: "900102, 东", m2: NaN, share: NaN, ok: null },
  ],
  columns: [
    { key: "code", header: "县级代码", value: (r) => r.code },
    areaMu("mu", "耕地面积", (r) => r.m2),
    pctColumn("pct", "占比", (r) => r.share),
    yesNo("ok", "达标", (r) => r.ok),
  ],
};

Deno.test("cells: rows keyed in column order; columns read the keys back", () => {
  const c = cells(table);
  assertEquals(c.rows, [
    { code: "900101", mu: 15, pct: 25, ok: "是" },
    { code: "900102, 东", mu: null, pct: null, ok: null },
  ]);
  assertEquals(Object.keys(c.rows[0]), ["code", "mu", "pct", "ok"]);
  assertEquals(c.columns.map((x) => x.value(c.rows[0])), ["900101", 15, 25, "是"]);
  assertEquals([c.name, c.csv], ["耕地", "farmland.csv"]);
});

Deno.test("tableFiles: CSV with BOM and Chinese headers (or keys), empty cells, one workbook", async () => {
  const dir = await Deno.makeTempDir({ prefix: "table-" });
  try {
    const about: Table<{ t: string }> = {
      name: "说明",
      csv: null,
      rows: [{ t: "只在工作簿中" }],
      columns: [{ key: "t", header: "说明", value: (r) => r.t }],
    };
    const files = tableFiles([table, about], { workbook: "x.xlsx" });
    assertEquals(Object.keys(files).sort(), ["farmland.csv", "x.xlsx"]);
    await writeReportDir(`${dir}/a`, files);
    const csv = await Deno.readTextFile(`${dir}/a/farmland.csv`);
    assertEquals(
      csv,
      '\ufeff县级代码,耕地面积（亩）,占比（%）,达标\r\n900101,15,25,是\r\n"900102, 东",,,\r\n',
    );
    assert(!csv.includes("NaN"));
    const sheet = readXlsx(`${dir}/a/x.xlsx`, { sheet: "耕地" });
    assertEquals(sheet.columns["耕地面积（亩）"], [15, null]);
    assertEquals(readXlsx(`${dir}/a/x.xlsx`, { sheet: "说明" }).columns["说明"], ["只在工作簿中"]);
    await writeReportDir(`${dir}/b`, tableFiles([table], { csvHeader: "key" }));
    assertEquals((await Deno.readTextFile(`${dir}/b/farmland.csv`)).split("\r\n")[0], "\ufeffcode,mu,pct,ok");
    assertEquals([...Deno.readDirSync(`${dir}/b`)].map((e) => e.name), ["farmland.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
