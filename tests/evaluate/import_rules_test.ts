/**
 * Import rules on hand-made rows: rows without 部件号 apply to every part of the BSM, a row with
 * 部件号 overrides them for its part, duplicates (merged / superseded / conflict) independent of
 * order, rows matching no piece, an 18-digit BSM saved as a number, and CSV returns with loose
 * headers.
 */
import { assert, assertEquals } from "../_assert.ts";
import type { Cell } from "../../src/io/layer.ts";
import { writeCsv } from "../../src/io/csv.ts";
import { loadIndicatorSystem } from "../../src/evaluate/system.ts";
import { evaluateReturns, importReturns } from "../../src/evaluate/import.ts";
import type { ReturnRow } from "../../src/evaluate/returns.ts";
import { normalizeHeader } from "../../src/evaluate/returns.ts";
import { EASY_VALUES, FOUR_SHOTS, GK38, photoCells, squarePiece } from "./_fixtures.ts";

const system = await loadIndicatorSystem();
const X = 38493500, Y = 3442600;
// A: one piece; B: two parts 150 m apart; C: never returned.
const PIECES = [
  squarePiece("A", 1, X, Y),
  squarePiece("B", 1, X + 1000, Y),
  squarePiece("B", 2, X + 1250, Y),
  squarePiece("C", 1, X + 3000, Y),
];
const opts = { crs: GK38 };

function row(file: string, n: number, values: Record<string, Cell>): ReturnRow {
  return { file, row: n, values };
}
const good = (x: number, extra: Record<string, Cell> = {}) => ({
  ...EASY_VALUES,
  ...photoCells(x, Y, FOUR_SHOTS),
  ...extra,
});

Deno.test("a row without 部件号 applies to every part; its photos are measured to the nearest part", () => {
  const r = evaluateReturns(
    [row("f.xlsx", 2, { BSM: "A", ...good(X) }), row("f.xlsx", 3, { BSM: "B", ...good(X + 1000) })],
    PIECES,
    system,
    opts,
  );
  assertEquals(r.graded.map((g) => `${g.piece.bsm}/${g.piece.part}:${g.grade.result}`), [
    "A/1:可以恢复",
    "B/1:可以恢复",
    "B/2:可以恢复",
  ]);
  assertEquals(r.missing.map((p) => p.bsm), ["C"]);
  assertEquals(r.graded[2].sources, [{ file: "f.xlsx", row: 3 }]);
});

Deno.test("a row with 部件号 overrides the part-less row for that part only", () => {
  const r = evaluateReturns(
    [
      row("f.xlsx", 2, { BSM: "B", ...good(X + 1000) }),
      row("f.xlsx", 3, { BSM: "B", 部件号: 2, ...good(X + 1250, { 群众意愿: "不愿意" }) }),
    ],
    PIECES,
    system,
    opts,
  );
  assertEquals(r.graded.map((g) => `${g.piece.bsm}/${g.piece.part}:${g.grade.result}`), [
    "B/1:可以恢复",
    "B/2:不建议恢复",
  ]);
  assertEquals(r.duplicates.map((d) => [d.bsm, d.part, d.resolution, d.used[0].row, d.others[0].row]), [[
    "B",
    2,
    "part_override",
    3,
    2,
  ]]);
  const far = evaluateReturns(
    [row("f.xlsx", 2, { BSM: "B", 部件号: 1, ...good(X + 1250) })],
    PIECES,
    system,
    opts,
  );
  assert(
    far.incomplete[0].problems.some((p) => p.code === "photo_far"),
    "with 部件号 the photos must be near that part",
  );
});

Deno.test("duplicates: identical rows merge; one complete row supersedes incomplete ones; two complete versions conflict", () => {
  const incomplete = { BSM: "A", ...good(X, { 生产现状: null }) };
  const complete = { BSM: "A", ...good(X), 核查人员: "张工" };
  const same = { ...complete, 核查人员: "李工", 备注: "复核" };
  const merged = evaluateReturns([row("a.xlsx", 2, complete), row("b.xlsx", 5, same)], PIECES, system, opts);
  assertEquals(merged.graded.length, 2 - 1);
  assertEquals(merged.duplicates.map((d) => d.resolution), ["merged"]);
  assertEquals(merged.graded[0].sources, [{ file: "a.xlsx", row: 2 }, { file: "b.xlsx", row: 5 }]);

  const fixed = [row("a.xlsx", 2, incomplete), row("b.xlsx", 2, complete)];
  const r1 = evaluateReturns(fixed, PIECES, system, opts),
    r2 = evaluateReturns([...fixed].reverse(), PIECES, system, opts);
  assertEquals(r1, r2, "order does not matter");
  assertEquals(r1.graded.map((g) => g.piece.bsm), ["A"]);
  assertEquals(r1.duplicates.map((d) => [d.resolution, d.used[0].file, d.others[0].file]), [[
    "superseded",
    "b.xlsx",
    "a.xlsx",
  ]]);

  const other = { ...complete, "道路距离（米）": 700 };
  const c = evaluateReturns([row("a.xlsx", 2, complete), row("b.xlsx", 2, other)], PIECES, system, opts);
  assertEquals(c.graded.map((g) => g.piece.bsm), [], "a conflict is never graded");
  assertEquals(c.incomplete[0].problems.map((p) => p.code), ["conflict"]);
  assert(
    c.incomplete[0].problems[0].message.includes("a.xlsx 第 2 行") &&
      c.incomplete[0].problems[0].message.includes("b.xlsx 第 2 行"),
  );
  assertEquals(c.duplicates.map((d) => d.resolution), ["conflict"]);

  const bothBad = evaluateReturns(
    [row("a.xlsx", 2, incomplete), row("b.xlsx", 3, { ...incomplete, 群众意愿: null })],
    PIECES,
    system,
    opts,
  );
  assertEquals(bothBad.incomplete[0].problems.map((p) => `${p.file}:${p.row}:${p.field}`), [
    "a.xlsx:2:生产现状",
    "b.xlsx:3:生产现状",
    "b.xlsx:3:群众意愿",
  ]);
});

Deno.test("rows that match no piece are listed with file, row and reason; they change no piece", () => {
  const r = evaluateReturns(
    [
      row("f.xlsx", 2, { BSM: "Z", ...good(X) }),
      row("f.xlsx", 3, { BSM: "B", 部件号: 3, ...good(X) }),
      row("f.xlsx", 4, { BSM: "B", 部件号: "一", ...good(X) }),
      row("f.xlsx", 5, { BSM: null, ...good(X) }),
      row("f.xlsx", 6, { BSM: 900101000000000123, ...good(X) }),
    ],
    PIECES,
    system,
    opts,
  );
  assertEquals(r.unmatched.map((p) => [p.row, p.code, p.field]), [
    [2, "unknown_bsm", "BSM"],
    [3, "unknown_part", "部件号"],
    [4, "bad_part", "部件号"],
    [5, "no_bsm", "BSM"],
    [6, "bsm_precision", "BSM"],
  ]);
  assert(r.unmatched[1].message.includes("现有部件：1、2"), r.unmatched[1].message);
  assertEquals(r.missing.length, PIECES.length);
});

Deno.test("a form row sent back unfilled is no return: the piece stays 未回传", () => {
  const r = evaluateReturns(
    [
      row("f.xlsx", 2, { BSM: "A", 部件号: 1, 核查人员: "张工", "照片1方位角（度）": null }),
      row("f.xlsx", 3, { BSM: "Q" }),
    ],
    PIECES,
    system,
    opts,
  );
  assertEquals([r.missing.length, r.incomplete.length, r.unmatched.length], [PIECES.length, 0, 0]);
  assertEquals(r.files, [{ file: "f.xlsx", rows: 2, blank: 2 }]);
});

Deno.test("CSV returns (UTF-8 with BOM, loose headers, numbers as text) import like XLSX", async () => {
  assertEquals(normalizeHeader(" 照片1方位角(度) "), "照片1方位角（度）");
  assertEquals([normalizeHeader("标识码"), normalizeHeader("part")], ["BSM", "部件号"]);
  const dir = await Deno.makeTempDir({ prefix: "eval-csv-" });
  const values = { BSM: "900101000000000123", ...good(X) };
  const headers = Object.keys(values).map((h) => ({
    key: h,
    header: h.replace("（度）", "(度)").replace("BSM", "标识码"),
  }));
  await writeCsv(`${dir}/r.csv`, headers, [values]);
  const pieces = [squarePiece("900101000000000123", 1, X, Y)];
  const r = await importReturns([`${dir}/r.csv`], pieces, system, opts);
  assertEquals(
    r.graded.map((g) => [g.piece.bsm, g.grade.result]),
    [["900101000000000123", "可以恢复"]],
    "an 18-digit BSM keeps its digits",
  );
  assertEquals(r.files, [{ file: `${dir}/r.csv`, rows: 1, blank: 0 }]);
  await Deno.remove(dir, { recursive: true });
});
