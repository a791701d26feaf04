/**
 * `verify export|import` on a screening folder of the shape `screen --out DIR` writes (a
 * fixture until the screening stage lands): the packages, the import outputs (CSV and XLSX with
 * Chinese headers, township × result summary that adds up), help in both languages, and
 * one-line errors.
 */
import { assert, assertEquals } from "../_assert.ts";
import { assertRejects } from "../io/_helpers.ts";
import { readCsv } from "../../src/io/csv.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { verifyCommand } from "../../src/cli/verify.ts";
import { readScreenDir } from "../../src/evaluate/screen_dir.ts";
import { demoPieces, writeScreenFixture } from "./_fixtures.ts";

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

Deno.test("verify help is in Chinese and English", () => {
  for (
    const s of [
      "用法",
      "Usage",
      "选项",
      "Options",
      "export",
      "import",
      "--returns",
      "--max-photo-distance",
      "示例",
    ]
  ) {
    assert(verifyCommand.help.includes(s), s);
  }
  assertEquals(verifyCommand.name, "verify");
});

Deno.test("verify export and import on a screening folder", async () => {
  const { pieces, crs, returns, dir: county, tables } = await demoPieces("900101");
  const tmp = await Deno.makeTempDir({ prefix: "eval-cli-" });
  await writeScreenFixture(`${tmp}/screen`, pieces, crs);
  const back = await readScreenDir(`${tmp}/screen`);
  assertEquals(back.pieces.length, pieces.length);
  assertEquals(back.crs.epsg, crs.epsg);
  assertEquals(
    back.pieces.map((p) => [p.bsm, p.part, p.cls, p.township]),
    pieces.map((p) => [p.bsm, p.part, p.cls, p.township]),
  );

  await quiet(() =>
    verifyCommand.run([
      "export",
      "--screen",
      `${tmp}/screen`,
      "--out",
      `${tmp}/任务`,
      "--xzq",
      `${county}/XZQ.csv`,
    ])
  );
  const folders = [...Deno.readDirSync(`${tmp}/任务`)].filter((e) => e.isDirectory).map((e) => e.name).sort();
  assert(folders.includes("900101100_城关镇"), folders.join(","));

  await quiet(() =>
    verifyCommand.run(["import", "--screen", `${tmp}/screen`, "--returns", returns, "--out", `${tmp}/评价`])
  );
  const files = [...Deno.readDirSync(`${tmp}/评价`)].map((e) => e.name).sort();
  for (
    const f of [
      "graded.csv",
      "incomplete.csv",
      "missing.csv",
      "summary.csv",
      "duplicates.csv",
      "unmatched.csv",
      "summary.json",
      "核实评价结果.xlsx",
    ]
  ) {
    assert(files.includes(f), f);
  }
  const graded = await readCsv(`${tmp}/评价/graded.csv`);
  assertEquals(graded.length, tables.fieldReturnDefect_none);
  for (
    const h of [
      "BSM",
      "部件号",
      "图斑类别",
      "核实要求",
      "面积（亩）",
      "交通条件（等级）",
      "评价结果",
      "评价依据",
      "指标体系",
    ]
  ) assert(h in graded.columns, h);
  assert(graded.columns["指标体系"].every((v) => v === "jcph-zrqn-hspj 1.0.0"));
  const missing = await readCsv(`${tmp}/评价/missing.csv`);
  assertEquals(missing.length, tables.fieldReturnsMissing);
  const incomplete = await readCsv(`${tmp}/评价/incomplete.csv`);
  for (const h of ["文件", "行号", "BSM", "字段", "值", "问题类型", "说明"]) {
    assert(h in incomplete.columns, h);
  }

  const summary = await readCsv(`${tmp}/评价/summary.csv`);
  const total = summary.columns["乡镇代码"].indexOf("合计");
  const states = ["可以恢复", "建议恢复", "不建议恢复", "回传不完整", "未回传"];
  const n = (s: string) => Number(summary.columns[`${s}（个）`][total]);
  assertEquals(states.reduce((t, s) => t + n(s), 0), pieces.length, "conservation in the summary");
  assertEquals(Number(summary.columns["合计（个）"][total]), pieces.length);
  const mu = states.reduce((t, s) => t + Number(summary.columns[`${s}（亩）`][total]), 0);
  assert(Math.abs(mu - Number(summary.columns["合计（亩）"][total])) < 0.05, "亩 add up");

  const xlsx = `${tmp}/评价/核实评价结果.xlsx`;
  for (const sheet of ["汇总", "评价结果", "回传不完整", "未回传", "重复回传", "无法匹配", "说明"]) {
    readXlsx(xlsx, { sheet });
  }
  assertEquals(readXlsx(xlsx, { sheet: "评价结果" }).length, graded.length);
  await assertRejects(
    () =>
      verifyCommand.run([
        "import",
        "--screen",
        `${tmp}/screen`,
        "--returns",
        returns,
        "--out",
        `${tmp}/screen`,
      ]),
    "为免误删",
    "the screening folder is never replaced by an output",
  );
  await assertRejects(
    () => verifyCommand.run(["export", "--screen", `${tmp}/screen`, "--out", `${tmp}/评价`]),
    "为免误删",
  );
  assert((await Deno.stat(`${tmp}/screen/pieces.geojson`)).isFile);
  const json = JSON.parse(await Deno.readTextFile(`${tmp}/评价/summary.json`));
  assertEquals(json.system.id, "jcph-zrqn-hspj");
  assertEquals(json.counts.graded + json.counts.incomplete + json.counts.missing, pieces.length);
  await Deno.remove(tmp, { recursive: true });
});

Deno.test("verify errors are one line and name what is wrong", async () => {
  const cases: [string[], string][] = [
    [[], "export 或 import"],
    [["publish"], "publish"],
    [["export", "--out", "x"], "--screen"],
    [
      ["import", "--screen", "/nonexistent/screen", "--out", "x", "--returns", "r.xlsx"],
      "/nonexistent/screen",
    ],
    [["export", "--screen", "s", "--out", "o", "--max-photo-distance", "far"], "--max-photo-distance"],
    [
      ["export", "--screen", "s", "--out", "o", "--indicators", "/nonexistent/ind.json"],
      "/nonexistent/ind.json",
    ],
  ];
  for (const [argv, want] of cases) {
    const e = await assertRejects(() => verifyCommand.run(argv), want, argv.join(" "));
    assertEquals(e.message.split("\n").length, 1, e.message);
  }
});
