/**
 * The `audit` command end to end on a tiny data folder written here (GeoJSON surveys in
 * EPSG:4526, a flood-line layer, the two record workbooks): outputs with Chinese headers,
 * geometry-based patches and zone areas, atomic replacement, and one-line errors.
 */
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { auditCommand } from "../../src/cli/audit.ts";
import { writeXlsx } from "../../src/io/xlsx.ts";
import { readCsv } from "../../src/io/csv.ts";
import { readXlsx } from "../../src/io/xlsx.ts";
import { OCCUPATION_COLUMNS, SUPPLEMENT_COLUMNS } from "../../src/demo/zhanbu.ts";

const X0 = 38500000, Y0 = 3400000;
const CRS = { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::4526" } };

/** A 100 m square parcel at column `i`. */
function square(i: number): number[][][] {
  const x = X0 + i * 100;
  return [[[x, Y0], [x + 100, Y0], [x + 100, Y0 + 100], [x, Y0 + 100], [x, Y0]]];
}

function dltb(year: number, classes: Record<string, string>): string {
  const cols: Record<string, number> = { A: 0, B: 1, C: 3, D: 5 };
  return JSON.stringify({
    type: "FeatureCollection",
    crs: CRS,
    features: Object.entries(classes).map(([bsm, dlbm]) => ({
      type: "Feature",
      properties: {
        BSM: bsm,
        DLBM: dlbm,
        ZLDWDM: "9001011002010000000",
        TBMJ: 10000,
        KCMJ: 0,
        TBDLMJ: 10000,
        GDDB: dlbm.startsWith("01") ? 5 : null,
        GDPDJB: dlbm.startsWith("01") ? "2" : null,
        ZZSXDM: dlbm.startsWith("01") ? "LS" : null,
        SJNF: year,
      },
      geometry: { type: "Polygon", coordinates: square(cols[bsm]) },
    })),
  });
}

async function tinyData(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "audit_cli_" });
  await Deno.mkdir(`${dir}/900101/constraints`, { recursive: true });
  await Deno.mkdir(`${dir}/zhanbu`);
  await Deno.writeTextFile(
    `${dir}/900101/DLTB_2020.geojson`,
    dltb(2020, { A: "0103", B: "0103", C: "0404", D: "0404" }),
  );
  await Deno.writeTextFile(
    `${dir}/900101/DLTB_2021.geojson`,
    dltb(2021, { A: "0702", B: "0702", C: "0103", D: "0103" }),
  );
  await Deno.writeTextFile(
    `${dir}/900101/DLTB_2022.geojson`,
    dltb(2022, { A: "0702", B: "0702", C: "0103", D: "0103" }),
  );
  // The flood-line zone covers parcel C (x 300–400) entirely.
  await Deno.writeTextFile(
    `${dir}/900101/constraints/河湖管理范围.geojson`,
    JSON.stringify({
      type: "FeatureCollection",
      crs: CRS,
      features: [{
        type: "Feature",
        properties: { MC: "示例河" },
        geometry: {
          type: "Polygon",
          coordinates: [[
            [X0 + 290, Y0 - 50],
            [X0 + 410, Y0 - 50],
            [X0 + 410, Y0 + 150],
            [X0 + 290, Y0 + 150],
            [X0 + 290, Y0 - 50],
          ]],
        },
      }],
    }),
  );
  await writeXlsx(`${dir}/zhanbu/occupation.xlsx`, [{
    name: "占用耕地项目",
    columns: [...OCCUPATION_COLUMNS],
    rows: [{
      项目编号: "ZY1",
      县代码: "900101",
      年度: 2021,
      项目名称: "测试用地",
      "占用耕地面积（平方米）": 20000,
      是否国家重点项目: "否",
      占用地块BSM: "A;B",
    }],
  }]);
  await writeXlsx(`${dir}/zhanbu/supplement.xlsx`, [{
    name: "补充耕地项目",
    columns: [...SUPPLEMENT_COLUMNS],
    rows: [{
      项目编号: "BC1",
      县代码: "900101",
      年度: 2021,
      项目名称: "测试补充",
      "补充耕地面积（平方米）": 20000,
      关联占用项目编号: "ZY1",
      补充地块BSM: "C;D",
    }],
  }]);
  await Deno.writeTextFile(
    `${dir}/admin_units.csv`,
    "code,name,level,parent,region_type\n90,示例省,province,,\n900101,平川县,county,9001,grain\n",
  );
  return dir;
}

Deno.test("audit --help is in Chinese and English and names every output", () => {
  for (
    const s of [
      "用法",
      "Usage",
      "选项",
      "Options",
      "--data",
      "--year",
      "--config",
      "--out",
      "flags.csv",
      "audit.xlsx",
      "占多补少",
    ]
  ) {
    assert(auditCommand.help.includes(s), s);
  }
  assertEquals(auditCommand.name, "audit");
});

Deno.test("audit CLI: one-line errors for missing options, a bad year and a missing folder", async () => {
  await assertRejects(() => auditCommand.run(["--out", "x"]), "--data");
  await assertRejects(() => auditCommand.run(["--data", "x", "--out", "y", "--year", "soon"]), "--year");
  await assertRejects(
    () => auditCommand.run(["--data", "/nonexistent/dir", "--out", "/tmp/x"]),
    "/nonexistent/dir",
  );
  await assertRejects(() => auditCommand.run(["--data", "x", "--out", "y", "--engine", "fast"]), "--engine");
});

Deno.test("audit CLI on a tiny folder: geometry decides patches and flood-line areas; CSV + XLSX with Chinese headers", async () => {
  const dir = await tinyData();
  const out = `${dir}/report`;
  try {
    await Deno.mkdir(out);
    await Deno.writeTextFile(`${out}/stale.txt`, "from an earlier run");
    await auditCommand.run(["--data", dir, "--out", out]);
    const files = [...Deno.readDirSync(out)].map((e) => e.name).sort();
    assertEquals(files, [
      "audit.xlsx",
      "balance.csv",
      "exempt_key_projects.csv",
      "flags.csv",
      "method.txt",
      "occupations.csv",
      "parcel_traces.csv",
      "pending_parcels.csv",
      "redlines.csv",
      "summary.json",
      "trades.csv",
    ]);
    const flags = await readCsv(`${out}/flags.csv`);
    assertEquals(flags.columns["检查项"], ["生态不稳定补充"]);
    assertEquals(flags.columns["细项"], ["河湖管理范围（洪水位控制线）内"]);
    assertEquals(flags.columns["涉及地块BSM"], ["C"]);
    assert(
      String(flags.columns["依据（数值与阈值）"][0]).includes("C（10000.00 平方米）"),
      String(flags.columns["依据（数值与阈值）"][0]),
    );
    const balance = await readCsv(`${out}/balance.csv`);
    assertEquals(balance.columns["县名称"], ["平川县"]);
    assertEquals(balance.columns["地区类型"], ["粮食主产区"]);
    assertEquals(balance.columns["占用耕地（亩）"], [30]);
    assertEquals(balance.columns["补充耕地（亩）"], [30]);
    assertEquals(balance.columns["占用耕地零散比例（%）"], [0]); // A and B touch: one 30 亩 patch
    assertEquals(balance.columns["补充耕地零散比例（%）"], [0]); // C, D: 15 亩 each, not below 15 亩
    assertEquals(balance.columns["补充于河湖管理范围（亩）"], [15]);
    const red = await readCsv(`${out}/redlines.csv`);
    const eco = red.columns["红线检查项"].indexOf("生态向好（无生态不稳定或毁湿毁林补充）");
    assertEquals(red.columns["检查结果"][eco], "未达标");
    const summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
    assertEquals(summary.flags_by_check.eco_unstable, 1);
    assertEquals(summary.verdicts, { pass: 0, fail: 1, na: 0 });
    const sheet = readXlsx(`${out}/audit.xlsx`, { sheet: "县年度平衡" });
    assertEquals(sheet.columns["县代码"], ["900101"]);
    const method = await Deno.readTextFile(`${out}/method.txt`);
    assert(
      method.includes("默认") && method.includes("SHA-256") &&
        method.includes("900101：grain（admin_units）"),
      method,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
