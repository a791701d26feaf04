import * as XLSX from "xlsx";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { readXlsx, writeXlsx } from "../../src/io/xlsx.ts";

async function tmpDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "xlsx_test_" });
}

Deno.test("writeXlsx/readXlsx round trip: headers, C/N typing, nulls, several sheets", async () => {
  const dir = await tmpDir();
  try {
    const path = `${dir}/汇总.xlsx`;
    await writeXlsx(path, [
      {
        name: "县汇总",
        columns: [
          { key: "code", header: "县代码" },
          { key: "name", header: "县名称" },
          { key: "mu", header: "面积（亩）" },
          { key: "n", header: "图斑数" },
          { key: "mixed", header: "备注" },
        ],
        rows: [
          { code: "900101", name: "平川县", mu: 29260.123456, n: 3414, mixed: "示例" },
          { code: "900102", name: "丘阳县", mu: 0.1 + 0.2, n: null, mixed: 12 },
          { code: "900103", name: "云峰县", mu: null, n: 7 },
        ],
      },
      { name: "说明", columns: [{ key: "k", header: "项目" }], rows: [{ k: "示例数据" }] },
    ]);
    const layer = readXlsx(path);
    assertEquals(layer.geometry, null);
    assertEquals(layer.length, 3);
    assertEquals(layer.fields.map((f) => f.name), ["县代码", "县名称", "面积（亩）", "图斑数", "备注"]);
    assertEquals(layer.fields.map((f) => f.type), ["C", "C", "N", "N", "C"]);
    assertEquals(layer.columns["县代码"], ["900101", "900102", "900103"]);
    assertEquals(layer.columns["面积（亩）"], [29260.123456, 0.1 + 0.2, null]);
    assertEquals(layer.columns["图斑数"], [3414, null, 7]);
    // A column mixing text and numbers is text; the number keeps its digits.
    assertEquals(layer.columns["备注"], ["示例", "12", null]);
    assertEquals(layer.fields[3].decimals, 0);
    const second = readXlsx(path, { sheet: "说明" });
    assertEquals(second.columns["项目"], ["示例数据"]);
    // No temporary file is left beside the target.
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assertEquals(names, ["汇总.xlsx"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeXlsx is byte-identical for identical input and overwrites in place", async () => {
  const dir = await tmpDir();
  try {
    const sheets = [{
      name: "表",
      columns: [{ key: "a", header: "面积（平方米）" }],
      rows: [{ a: 1.25 }, { a: 2 }],
    }];
    await writeXlsx(`${dir}/a.xlsx`, sheets);
    await writeXlsx(`${dir}/b.xlsx`, sheets);
    assertEquals(Deno.readFileSync(`${dir}/a.xlsx`), Deno.readFileSync(`${dir}/b.xlsx`));
    await writeXlsx(`${dir}/a.xlsx`, [{
      name: "表",
      columns: [{ key: "a", header: "面积（平方米）" }],
      rows: [{ a: 9 }],
    }]);
    assertEquals(readXlsx(`${dir}/a.xlsx`).columns["面积（平方米）"], [9]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readXlsx: dates become text, blank and repeated headers get names, empty rows are skipped", async () => {
  const dir = await tmpDir();
  try {
    const ws = XLSX.utils.aoa_to_sheet([
      ["开工日期", null, "名称", "名称"],
      [new Date(Date.UTC(2021, 2, 5)), 1, "甲", "乙"],
      [null, null, null, null],
      [new Date(Date.UTC(2022, 11, 31, 10, 30)), 2, "丙", null],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, "项目");
    Deno.writeFileSync(`${dir}/d.xlsx`, new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" })));
    const layer = readXlsx(`${dir}/d.xlsx`);
    assertEquals(layer.fields.map((f) => f.name), ["开工日期", "列2", "名称", "名称_2"]);
    assertEquals(layer.length, 2);
    assertEquals(layer.columns["开工日期"], ["2021-03-05", "2022-12-31 10:30:00"]);
    assertEquals(layer.fields[0].type, "C");
    assertEquals(layer.columns["名称_2"], ["乙", null]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readXlsx: Chinese errors name the file and the sheet, never a bare stack trace", async () => {
  const dir = await tmpDir();
  try {
    const path = `${dir}/项目表.xlsx`;
    await writeXlsx(path, [{
      name: "转出项目",
      columns: [{ key: "a", header: "项目编号" }],
      rows: [{ a: "ZC-1" }],
    }]);
    let e = assertThrows(() => readXlsx(path, { sheet: "不存在" }));
    assert(
      e.message.includes(path) && e.message.includes("不存在") && e.message.includes("转出项目"),
      e.message,
    );

    const bytes = Deno.readFileSync(path);
    Deno.writeFileSync(`${dir}/截断.xlsx`, bytes.slice(0, Math.floor(bytes.length / 3)));
    e = assertThrows(() => readXlsx(`${dir}/截断.xlsx`));
    assert(e.message.includes(`${dir}/截断.xlsx`) && /损坏|截断/.test(e.message), e.message);

    Deno.writeFileSync(`${dir}/文本.xlsx`, new TextEncoder().encode("项目编号,面积\nZC-1,12\n"));
    e = assertThrows(() => readXlsx(`${dir}/文本.xlsx`));
    assert(e.message.includes(`${dir}/文本.xlsx`) && e.message.includes("xlsx"), e.message);

    const garbage = new Uint8Array(4096);
    garbage.set([0x50, 0x4b, 0x03, 0x04]);
    for (let i = 4; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    Deno.writeFileSync(`${dir}/乱码.xlsx`, garbage);
    e = assertThrows(() => readXlsx(`${dir}/乱码.xlsx`));
    assert(e.message.includes(`${dir}/乱码.xlsx`), e.message);

    e = assertThrows(() => readXlsx(`${dir}/没有.xlsx`));
    assert(e.message.includes("找不到") && e.message.includes("没有.xlsx"), e.message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeXlsx rejects invalid and duplicate sheet names in Chinese", async () => {
  const dir = await tmpDir();
  try {
    let err = "";
    try {
      await writeXlsx(`${dir}/x.xlsx`, [{ name: "a/b", columns: [], rows: [] }]);
    } catch (e) {
      err = (e as Error).message;
    }
    assert(err.includes("工作表名") && err.includes("a/b"), err);
    err = "";
    try {
      await writeXlsx(`${dir}/x.xlsx`, [{ name: "表", columns: [], rows: [] }, {
        name: "表",
        columns: [],
        rows: [],
      }]);
    } catch (e) {
      err = (e as Error).message;
    }
    assert(err.includes("重复"), err);
    assertEquals([...Deno.readDirSync(dir)].length, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
