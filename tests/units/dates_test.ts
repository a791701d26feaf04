// One date reader for every table: the forms analysts type, Excel serials (a lost date format),
// real calendar days only.
import assert from "node:assert/strict";
const assertEquals = (a: unknown, b: unknown, msg?: string) => assert.deepEqual(a, b, msg);
import { EXCEL_SERIAL_RANGE, parseDateCell, parseDateTimeCell } from "../../src/units/dates.ts";

Deno.test("dates as analysts type them all read as the same day", () => {
  for (const v of ["2021-03-02", "2021/3/2", "2021.3.2", "2021年3月2日", "20210302", "2021-03-02T08:00:00", 44257, "44257", " 2021-03-02 "]) {
    assertEquals(parseDateCell(v), "2021-03-02", String(v));
  }
});

Deno.test("date-times: text with a time, Chinese time, and an Excel serial's fraction", () => {
  assertEquals(parseDateTimeCell("2024-07-11 13:02:46"), "2024-07-11 13:02:46");
  assertEquals(parseDateTimeCell("2024/7/11 13:02"), "2024-07-11 13:02:00");
  assertEquals(parseDateTimeCell("2024年7月11日 13时02分46秒"), "2024-07-11 13:02:46");
  assertEquals(parseDateTimeCell("2024-02-29T08:00:00Z"), "2024-02-29 08:00:00");
  // 45484 is 2024-07-11; .5435 of a day is 13:02:38 (46,958.4 s, rounded to the second).
  assertEquals(parseDateTimeCell(45484.5435), "2024-07-11 13:02:38");
  assertEquals(parseDateTimeCell("45484.5435"), "2024-07-11 13:02:38");
  assertEquals(parseDateTimeCell(45484), "2024-07-11");
});

Deno.test("not dates: impossible days and times, numbers outside 1990–2099, words; blank is null", () => {
  for (const v of ["2023-02-29", "2024-13-01", "2024-07-11 25:00", "昨天", "三月", "13:02:46", 12, 1e6, Number.NaN, "2024-07-11 下午"]) {
    assertEquals(parseDateTimeCell(v), undefined, String(v));
  }
  assertEquals(parseDateTimeCell(EXCEL_SERIAL_RANGE[0] - 1), undefined);
  assertEquals(parseDateCell(EXCEL_SERIAL_RANGE[0]), "1990-01-01");
  assertEquals(parseDateCell(EXCEL_SERIAL_RANGE[1]), "2099-12-31");
  for (const v of [null, undefined, "", "  "]) assertEquals(parseDateTimeCell(v), null, String(v));
});
