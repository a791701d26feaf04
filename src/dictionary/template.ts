/**
 * Fillable templates of the input tables, made from the data dictionary: per table an .xlsx
 * whose first sheet 数据 holds only the header row (the readers read the first sheet), a sheet
 * 填写说明 explaining each column (header, aliases, type, unit, required, values, example), and a
 * sheet 可选值 listing the values of the enumerated columns, which the data sheet offers as
 * drop-down lists (Excel data validation, rows 2–5000). Filled in, a template is read by the same
 * readers as the demo's own files.
 *
 * @example
 * ```ts
 * const bytes = templateWorkbook(dictTable("occupation"));
 * await Deno.writeFile("occupation.xlsx", bytes);
 * ```
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { encodeXlsx, type XlsxSheet } from "../io/xlsx_write.ts";
import { dictionary, type DictColumn, type DictTable } from "./tables.ts";

/** Rows of the data sheet that carry the drop-down lists. */
export const TEMPLATE_ROWS = 5000;

function colName(i: number): string {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The values a drop-down offers for a column (labels, which the readers accept), or null. */
export function dropdownValues(c: DictColumn): string[] | null {
  if (c.type === "yesno") return dictionary().yesno.map((v) => v.label);
  if (c.type === "enum" && c.values?.length) return c.values.map((v) => v.label);
  return null;
}

const xmlEsc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** Adds `<dataValidations>` to a worksheet's XML, where the schema puts it (after sheetData, autoFilter, mergeCells…). */
function withValidations(xml: string, rules: { sqref: string; formula: string; open: boolean; title: string }[]): string {
  if (rules.length === 0) return xml;
  const body = rules.map((r) =>
    `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="${r.open ? 0 : 1}" ` +
    `errorTitle="取值无效" error="请从下拉列表中选择" promptTitle="${xmlEsc(r.title)}" prompt="从下拉列表中选择" sqref="${r.sqref}">` +
    `<formula1>${xmlEsc(r.formula)}</formula1></dataValidation>`
  ).join("");
  const block = `<dataValidations count="${rules.length}">${body}</dataValidations>`;
  // CT_Worksheet order: … sheetData, …, autoFilter, …, mergeCells, phoneticPr, conditionalFormatting, dataValidations, hyperlinks, printOptions, pageMargins …
  for (const after of ["</conditionalFormatting>", "</mergeCells>", "</sheetData>"]) {
    const at = xml.lastIndexOf(after);
    if (at >= 0) return xml.slice(0, at + after.length) + block + xml.slice(at + after.length);
  }
  const empty = xml.indexOf("<sheetData/>");
  if (empty >= 0) return xml.slice(0, empty + "<sheetData/>".length) + block + xml.slice(empty + "<sheetData/>".length);
  throw new Error("模板工作表缺少 sheetData，无法加入下拉列表");
}

/** The template workbook of one table. */
export function templateWorkbook(t: DictTable): Uint8Array {
  const d = dictionary();
  const listRows: { column: string; value: string; code: string }[] = [];
  const rules: { sqref: string; formula: string; open: boolean; title: string }[] = [];
  t.columns.forEach((c, i) => {
    const values = dropdownValues(c);
    if (!values) return;
    const first = listRows.length + 2;
    const codes = c.type === "yesno" ? d.yesno.map((v) => v.code) : c.values!.map((v) => v.code);
    values.forEach((v, k) => listRows.push({ column: c.header, value: v, code: codes[k] }));
    const col = colName(i);
    rules.push({
      sqref: `${col}2:${col}${TEMPLATE_ROWS}`,
      formula: `'可选值'!$B$${first}:$B$${first + values.length - 1}`,
      open: Boolean(c.open),
      title: c.header,
    });
  });
  const sheets: XlsxSheet[] = [
    { name: "数据", columns: t.columns.map((c) => ({ key: c.key, header: c.header })), rows: [] },
    {
      name: "填写说明",
      columns: [
        { key: "header", header: "列名" },
        { key: "aliases", header: "可接受的别名" },
        { key: "type", header: "类型" },
        { key: "unit", header: "单位" },
        { key: "required", header: "必填" },
        { key: "values", header: "可选值" },
        { key: "example", header: "示例" },
        { key: "description", header: "说明" },
      ],
      rows: [
        ...t.columns.map((c) => ({
          header: c.header,
          aliases: (c.aliases ?? []).join("、"),
          type: d.types[c.type],
          unit: c.unit ?? "",
          required: c.required ? (c.unique ? "是（唯一）" : "是") : "否",
          values: (dropdownValues(c) ?? []).join("、") + (c.open && c.values?.length ? "，或其他" : ""),
          example: c.example,
          description: c.description,
        })),
        { header: "" },
        { header: "文件", description: t.file },
        { header: "格式", description: t.sheet + (t.format === "csv" ? "填写后在 Excel 中“另存为 CSV UTF-8（逗号分隔）”，文件名见上。" : "") },
        { header: "说明", description: t.description },
        { header: "数据字典", description: `版本 ${d.version}（data/reference/input_tables.json）` },
      ],
    },
    {
      name: "可选值",
      columns: [{ key: "column", header: "列名" }, { key: "value", header: "可选值" }, { key: "code", header: "代码" }],
      rows: listRows,
    },
  ];
  const files = unzipSync(encodeXlsx(sheets, `模板“${t.file}”`));
  const sheet1 = "xl/worksheets/sheet1.xml";
  if (!files[sheet1]) throw new Error("模板工作簿缺少第一个工作表");
  files[sheet1] = strToU8(withValidations(strFromU8(files[sheet1]), rules));
  return zipSync(files, { level: 6 });
}

/** File name of a table's template: its file name's last part, as .xlsx. */
export function templateFileName(t: DictTable): string {
  const base = t.file.split("/").pop()!.replace(/\.(csv|xlsx|txt)$/i, "");
  return `${t.key === "bsm_list" ? "bsm_list" : base}.xlsx`;
}
