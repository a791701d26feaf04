/**
 * `template`: fillable XLSX templates of every input table (headers, a sheet explaining each
 * column, drop-down lists for enumerated columns) and the data dictionary as Markdown, all made
 * from data/reference/input_tables.json; `--docs FILE` writes only the Markdown.
 */
import type { Command } from "./command.ts";
import { parseArgs } from "./args.ts";
import { dictionary } from "../dictionary/tables.ts";
import { dictionaryMarkdown } from "../dictionary/docs.ts";
import { templateFileName, templateWorkbook } from "../dictionary/template.ts";
import { assertReplaceable, writeReportDir } from "../io/report_dir.ts";
import { writeFileAtomic } from "../io/atomic.ts";

const MARKER = "数据字典.md";

export const templateCommand: Command = {
  name: "template",
  help: `用法 Usage:
  deno task cli template --out DIR
  deno task cli template --docs FILE.md

选项 Options:
--out   每个输入表一个空白 XLSX 模板（第一个工作表“数据”只有表头，“填写说明”逐列说明，
        “可选值”列出下拉选项；是/否、豁免类型、地区类型等列带下拉列表），另有 数据字典.md。
        填好的模板可直接作为输入（CSV 格式的表在 Excel 中另存为 CSV UTF-8）。文件夹整体替换。
--docs  只写出数据字典的 Markdown（data/reference/input_tables.md 即由此生成）。
Writes one empty XLSX template per input table (header row, a sheet explaining each column,
drop-down lists for enumerated columns) and the dictionary as Markdown.

示例 Example: deno task cli template --out reports/模板`,
  async run(argv) {
    const args = parseArgs(argv, { string: ["out", "docs"] });
    if (args._.length) throw new Error(`多余的参数 unexpected argument: ${args._[0]}`);
    if (typeof args.docs === "string") {
      await writeFileAtomic(args.docs, new TextEncoder().encode(dictionaryMarkdown() + "\n"));
      console.log(`已写出数据字典：${args.docs}`);
      if (typeof args.out !== "string") return;
    }
    if (typeof args.out !== "string" || !args.out) throw new Error("缺少 --out 或 --docs (missing --out or --docs)");
    await assertReplaceable(args.out, MARKER, "模板文件夹");
    const files: Record<string, Uint8Array | string> = { [MARKER]: dictionaryMarkdown() + "\n" };
    const tables = dictionary().tables.filter((t) => t.template !== false);
    for (const t of tables) files[templateFileName(t)] = templateWorkbook(t);
    await writeReportDir(args.out, files);
    console.log(`已写出 ${tables.length} 个输入表模板与数据字典：${args.out}`);
    for (const t of tables) console.log(`  ${templateFileName(t)}\t${t.title}（${t.file}）`);
    console.log("  外业核实回传表的空白核实表由 verify export 按乡镇生成。");
  },
};
