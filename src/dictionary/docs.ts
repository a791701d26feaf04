/**
 * The data dictionary as Markdown (data/reference/input_tables.md): one section per input table
 * with its file, sheet rule and a table of its columns. The committed file is this function's
 * output (a test compares them); `deno task cli template --docs FILE` writes it again.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("data/reference/input_tables.md", dictionaryMarkdown());
 * ```
 */
import { dictionary, type DictColumn } from "./tables.ts";

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

function values(c: DictColumn, yesno: { code: string; label: string }[]): string {
  const vs = c.type === "yesno" ? yesno : c.values ?? [];
  const text = vs.map((v) => (v.code === v.label ? v.code : `${v.code}（${v.label}）`)).join("、");
  return c.open && text ? `${text}，或其他` : text;
}

/** The whole dictionary as Markdown (Chinese). */
export function dictionaryMarkdown(): string {
  const d = dictionary();
  const out = [
    `# 输入数据字典（版本 ${d.version}）`,
    "",
    `${d.note}本文件由 \`data/reference/input_tables.json\` 生成（\`deno task cli template --docs data/reference/input_tables.md\`），请勿手工修改。`,
    "",
    "空白模板（含填写说明和下拉选项）：`deno task cli template --out 模板目录`。地类图斑图层（DLTB）的字段别名见 `data/reference/field_aliases.json`。",
    "",
    "类型：" + Object.entries(d.types).map(([k, v]) => `\`${k}\` ${v}`).join("；") + "。",
    "",
  ];
  for (const t of d.tables) {
    out.push(`## ${t.title}`, "", `- 文件：\`${t.file}\``, `- 格式：${t.sheet}`, `- ${t.description}`);
    out.push(t.template === false ? "- 空白表：由 `verify export` 按乡镇生成。" : `- 空白模板：\`template --out\` 写出的 ${t.key === "bsm_list" ? "bsm_list" : t.file.split("/").pop()!.replace(/\.(csv|xlsx|txt)$/i, "")}.xlsx。`, "");
    out.push("| 列名 | 可接受的别名 | 类型 | 单位 | 必填 | 可选值 | 示例 | 说明 |", "|---|---|---|---|---|---|---|---|");
    for (const c of t.columns) {
      out.push(`| ${[
        c.header,
        (c.aliases ?? []).join("、"),
        d.types[c.type],
        c.unit ?? "",
        c.required ? (c.unique ? "是（唯一）" : "是") : "否",
        values(c, d.yesno),
        c.example,
        c.description,
      ].map(cell).join(" | ")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
