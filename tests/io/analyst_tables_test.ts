// What analysts do to their spreadsheets: a title row (often merged across) above the header, blank
// rows between records. The header is still found, and messages name the row as Excel shows it.
import assert from "node:assert/strict";
import * as XLSX from "xlsx";
import { readXlsx } from "../../src/io/xlsx.ts";
import { occupationsFromLayer } from "../../src/audit/records.ts";
import { projectsFromLayers } from "../../src/outflow/projects.ts";

async function workbook(aoa: (string | number | null)[][], merges: XLSX.Range[] = []): Promise<string> {
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws["!merges"] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "Sheet1");
  const path = await Deno.makeTempFile({ suffix: ".xlsx" });
  await Deno.writeFile(path, new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" })));
  return path;
}

Deno.test("a merged title row above the header is skipped with a note; row numbers in messages are the sheet's", async () => {
  const path = await workbook([
    ["平川县2024年占用耕地项目表", null, null, null],
    ["项目编号", "县代码", "年度", "是否国家重点项目"],
    ["ZY1", "900101", 2024, "否"],
    [null, null, null, null],
    ["ZY2", "900101", 2024, "也许"],
  ], [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }]);
  try {
    const layer = readXlsx(path);
    assert.deepEqual(layer.fields.map((f) => f.name), ["项目编号", "县代码", "年度", "是否国家重点项目"]);
    assert.equal(layer.length, 2);
    assert.deepEqual(layer.sheetRows, [3, 5]);
    assert.ok(layer.notes.some((n) => n.includes("第 1 行是标题（平川县2024年占用耕地项目表），表头取第 2 行")), layer.notes.join("；"));
    // The bad value is on sheet row 5 (title, header, a record, a blank row): the message says 第 5 行.
    assert.throws(() => occupationsFromLayer(layer), /第 5 行“是否国家重点项目”的值“也许”无效/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a project table with a title row reads like one without; its problems name the sheet row", async () => {
  const header = ["项目编号", "项目名称", "年度", "开工日期"];
  const path = await workbook([["2024年转出项目", null, null, null], header, ["ZC1", "甲", 2024, "2024年3月2日"], ["ZC2", "乙", 2024, "三月"]]);
  try {
    const r = projectsFromLayers(readXlsx(path), [], null);
    assert.deepEqual(r.projects.map((p) => [p.id, p.startDate]), [["ZC1", "2024-03-02"], ["ZC2", null]]);
    assert.ok(r.problems.some((p) => /第 4 行.*开工日期.*三月/.test(p)), r.problems.join("\n"));
  } finally {
    await Deno.remove(path);
  }
});
