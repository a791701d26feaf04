import { assertEquals } from "../_assert.ts";
import { SortedCsvIndex } from "../../src/units/sorted_csv.ts";

Deno.test("SortedCsvIndex: binary search on sorted rows, header skipped", () => {
  const idx = new SortedCsvIndex('code,name\n110101,"东城区",x\n110102,"西城区",y\n110105,"朝阳区",z\n', 6);
  assertEquals(idx.get("110101"), "东城区");
  assertEquals(idx.get("110105"), "朝阳区");
  assertEquals(idx.get("110103"), null);
  assertEquals(idx.get("11010"), null);
});

Deno.test("SortedCsvIndex: unsorted input falls back to a map", () => {
  const idx = new SortedCsvIndex('code,name\r\n110105,"朝阳区"\r\n110101,"东城区"\r\n', 6);
  assertEquals(idx.get("110101"), "东城区");
  assertEquals(idx.get("110105"), "朝阳区");
});
