// The input data dictionary: well-formed, rendered into the committed documentation, read by the
// readers (headers, aliases, labels), and its templates round-trip the demo's own files.
import assert from "node:assert/strict";
import * as XLSX from "xlsx";
import { strFromU8, unzipSync } from "fflate";
import { dictColumn, dictionary, dictTable, enumCode, mapColumns } from "../../src/dictionary/tables.ts";
import { dictionaryMarkdown } from "../../src/dictionary/docs.ts";
import { dropdownValues, templateWorkbook } from "../../src/dictionary/template.ts";
import { occupationsFromLayer, readAdminUnits, readOccupations, readSupplements, supplementsFromLayer } from "../../src/audit/records.ts";
import { projectsFromLayers } from "../../src/outflow/projects.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { readLayer } from "../../src/ingest/read_layer.ts";
import { readTargets } from "../../src/briefing/gather.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";
import { REPO_ROOT } from "../_harness/notebook.ts";

Deno.test("dictionary: unique keys and headers per table; every enumerated column has values; examples fit their type", () => {
  const d = dictionary();
  assert.ok(d.tables.length >= 6);
  for (const t of d.tables) {
    const keys = t.columns.map((c) => c.key), heads = t.columns.flatMap((c) => [c.header, ...(c.aliases ?? [])]);
    assert.equal(new Set(keys).size, keys.length, `${t.key}: duplicate key`);
    assert.equal(new Set(heads).size, heads.length, `${t.key}: a header or alias used twice`);
    for (const c of t.columns) {
      assert.ok(c.type in d.types, `${t.key}.${c.key}: type ${c.type}`);
      if (c.type === "enum") assert.ok(c.values?.length, `${t.key}.${c.key}: enum without values`);
      if (c.example && (c.type === "number" || c.type === "integer")) assert.ok(Number.isFinite(Number(c.example)), `${t.key}.${c.key}`);
      if (c.example && c.type === "yesno") assert.notEqual(enumCode(c, c.example), undefined, `${t.key}.${c.key}`);
      if (c.example && c.type === "enum" && !c.open) assert.notEqual(enumCode(c, c.example), undefined, `${t.key}.${c.key}`);
    }
  }
});

Deno.test("dictionary: data/reference/input_tables.md is the rendering of the JSON (regenerate with template --docs)", async () => {
  const committed = await Deno.readTextFile(`${REPO_ROOT}/data/reference/input_tables.md`);
  assert.equal(committed, dictionaryMarkdown() + "\n", "run: deno task cli template --docs data/reference/input_tables.md");
  assert.match(committed, /## 占用耕地项目表（占补平衡）/);
  assert.match(committed, /\| 豁免类型 \|  \| 取值之一 \|  \| 否 \| 生态退耕（国家安排的生态退耕）、灾毁/);
});

Deno.test("enumCode: code, Chinese label and aliases; blank is null; an unlisted value is undefined unless the list is open", () => {
  const type = dictColumn("admin_units", "region_type");
  assert.equal(enumCode(type, "fragile"), "fragile");
  assert.equal(enumCode(type, " 生态脆弱区 "), "fragile");
  assert.equal(enumCode(type, "经济发达地区（大都市）"), "metropolis");
  assert.equal(enumCode(type, ""), null);
  assert.equal(enumCode(type, "沿海地区"), undefined);
  const exempt = dictColumn("outflow_projects", "exempt");
  assert.equal(enumCode(exempt, "自然灾害损毁难以复耕"), "灾毁");
  assert.equal(enumCode(exempt, "退耕还林"), "生态退耕");
  const yes = dictColumn("occupation", "key");
  assert.equal(enumCode(yes, "Y"), "是");
  assert.equal(enumCode(yes, "无"), "否");
  assert.equal(enumCode(dictColumn("outflow_projects", "supplementMode"), "易地补充"), "易地补充"); // open list
});

Deno.test("readers take headers, aliases and labels from the dictionary; a bad 是/否 names the row, column and value", async () => {
  const layer = (cols: Record<string, (string | number | null)[]>) => ({
    source: "t.xlsx",
    fields: Object.keys(cols).map((name) => ({ name, type: "C" as const, length: 254, decimals: 0 })),
    columns: cols,
    length: Object.values(cols)[0].length,
    geometry: null,
    crsText: null,
    notes: [],
  });
  // 县级行政区代码 and 年份 are aliases; 国家重点项目 = "Y".
  const occ = occupationsFromLayer(layer({ 项目编号: ["ZY1"], 县级行政区代码: ["900101"], 年份: [2021], 国家重点项目: ["Y"], 地块BSM: ["A、B"] }));
  assert.deepEqual([occ[0].county, occ[0].year, occ[0].keyProject, occ[0].bsms], ["900101", 2021, true, ["A", "B"]]);
  assert.throws(
    () => occupationsFromLayer(layer({ 项目编号: ["ZY1"], 县代码: ["900101"], 年度: [2021], 是否国家重点项目: ["也许"] })),
    /占用耕地项目表“t\.xlsx”第 2 行“是否国家重点项目”的值“也许”无效，应为 是、否/,
  );
  assert.throws(() => supplementsFromLayer(layer({ 项目编号: ["BC1"], 年度: [2021] })), /补充耕地项目表“t\.xlsx”缺少列：县代码/);
  assert.throws(() => mapColumns(dictTable("targets"), ["code"], "targets.csv "), /targets\.csv 缺少列：farmland_target_mu、pbf_target_mu/);
  // admin_units.csv with Chinese labels for level and region_type.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/admin_units.csv`, "code,name,level,region_type\n900101,平川县,县级,生态脆弱区\n900102,丘阳县,county,grain\n");
    const units = await readAdminUnits(`${dir}/admin_units.csv`);
    assert.deepEqual(units.map((u) => [u.level, u.regionType]), [["county", "fragile"], ["county", "grain"]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The demo's table filled into the template's 数据 sheet (headers as the template has them), as bytes. */
function fillTemplate(key: string, rows: Record<string, unknown>[]): Uint8Array {
  const t = dictTable(key);
  const wb = XLSX.read(templateWorkbook(t), { type: "array" });
  const ws = wb.Sheets["数据"];
  const headers = (XLSX.utils.sheet_to_json(ws, { header: 1 })[0] as string[]);
  assert.deepEqual(headers, t.columns.map((c) => c.header));
  XLSX.utils.sheet_add_aoa(ws, rows.map((r) => headers.map((h) => r[h] ?? null)), { origin: "A2" });
  return new Uint8Array(XLSX.write(wb, { type: "array", bookType: "xlsx" }));
}

function rowsOf(path: string): Record<string, unknown>[] {
  const l = readXlsx(path);
  return Array.from({ length: l.length }, (_, i) => Object.fromEntries(l.fields.map((f) => [f.name, l.columns[f.name][i]])));
}

Deno.test({
  name: "templates: drop-down lists on the enumerated columns; filled with the demo's values they read as the demo's own files",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // The drop-downs: one list per 是/否 or enumerated column, pointing into 可选值.
    for (const t of dictionary().tables) {
      const sheet = strFromU8(unzipSync(templateWorkbook(t))["xl/worksheets/sheet1.xml"]);
      const lists = t.columns.filter((c) => dropdownValues(c)).length;
      assert.equal((sheet.match(/<dataValidation /g) ?? []).length, lists, t.key);
      if (lists) assert.match(sheet, /<formula1>'可选值'!\$B\$2:\$B\$\d+<\/formula1>/);
    }
    const { dir } = await demoProvince();
    const tmp = await Deno.makeTempDir({ prefix: "tpl-" });
    try {
      for (const [key, file, read] of [
        ["occupation", `${dir}/zhanbu/occupation.xlsx`, readOccupations],
        ["supplement", `${dir}/zhanbu/supplement.xlsx`, readSupplements],
      ] as const) {
        const filled = `${tmp}/${key}.xlsx`;
        await Deno.writeFile(filled, fillTemplate(key, rowsOf(file)));
        assert.deepEqual(read(filled), read(file), key);
      }
      const projects = `${dir}/900101/outflow_projects.xlsx`;
      await Deno.writeFile(`${tmp}/outflow_projects.xlsx`, fillTemplate("outflow_projects", rowsOf(projects)));
      const a = projectsFromLayers(await readLayer(`${tmp}/outflow_projects.xlsx`), [], null);
      const b = projectsFromLayers(await readLayer(projects), [], null);
      assert.deepEqual(a.projects.map((p) => ({ ...p, source: "" })), b.projects.map((p) => ({ ...p, source: "" })));
      assert.deepEqual(a.problems.length, b.problems.length);
      // CSV tables: the filled template saved as CSV (what Excel's 另存为 CSV UTF-8 does) reads the same.
      for (const key of ["admin_units", "targets"]) {
        const csv = (await Deno.readTextFile(`${dir}/${key}.csv`)).replace(/^\uFEFF/, "");
        const src = XLSX.read(csv, { type: "string", raw: true });
        const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(src.Sheets[src.SheetNames[0]], { raw: true, defval: null });
        const wb = XLSX.read(fillTemplate(key, rows), { type: "array" });
        await Deno.mkdir(`${tmp}/${key}`);
        await Deno.writeTextFile(`${tmp}/${key}/${key}.csv`, XLSX.utils.sheet_to_csv(wb.Sheets["数据"]));
      }
      assert.deepEqual(await readAdminUnits(`${tmp}/admin_units/admin_units.csv`), await readAdminUnits(`${dir}/admin_units.csv`));
      const t1 = await readTargets(`${tmp}/targets`), t2 = await readTargets(dir);
      assert.deepEqual(t1.byCounty, t2.byCounty);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
