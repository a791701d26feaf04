// Lists of BSMs written as analysts write them, and the readers that take them.
import assert from "node:assert/strict";
import { splitList } from "../../src/units/lists.ts";
import { occupationsFromLayer, supplementsFromLayer } from "../../src/audit/records.ts";
import type { VectorLayer } from "../../src/io/layer.ts";

Deno.test("splitList: 、 and every separator analysts use; blanks dropped, repeats kept once", () => {
  const want = ["9001010000000001", "9001010000000002", "9001010000000003"];
  for (
    const text of [
      "9001010000000001、9001010000000002、9001010000000003",
      "9001010000000001;9001010000000002；9001010000000003",
      "9001010000000001,9001010000000002，9001010000000003",
      "9001010000000001 9001010000000002\t9001010000000003",
      "9001010000000001\n9001010000000002\r\n9001010000000003\n",
      "9001010000000001　9001010000000002|9001010000000003",
      "9001010000000001｜9001010000000002/9001010000000003",
      " 9001010000000001 、 9001010000000002 ；；9001010000000003、9001010000000001、",
    ]
  ) assert.deepEqual(splitList(text), want, JSON.stringify(text));
  assert.deepEqual(splitList(""), []);
  assert.deepEqual(splitList(null), []);
  assert.deepEqual(splitList(" 、 "), []);
});

function layer(fields: Record<string, (string | number | null)[]>): VectorLayer {
  const names = Object.keys(fields);
  return {
    source: "测试.xlsx",
    fields: names.map((name) => ({ name, type: "C", length: 254, decimals: 0 })),
    columns: fields,
    length: fields[names[0]].length,
    geometry: null,
    crsText: null,
  } as VectorLayer;
}

Deno.test("占补 records: a BSM list written with 、 is the same parcels as one written with ；", () => {
  const occ = occupationsFromLayer(layer({
    项目编号: ["ZY1", "ZY2"],
    县代码: ["900101", "900101"],
    年度: [2021, 2021],
    占用地块BSM: ["9001010000000001、9001010000000002", "9001010000000001；9001010000000002"],
  }));
  assert.deepEqual(occ[0].bsms, ["9001010000000001", "9001010000000002"]);
  assert.deepEqual(occ[0].bsms, occ[1].bsms);
  const sup = supplementsFromLayer(layer({
    项目编号: ["BC1"],
    县代码: ["900101"],
    年度: [2021],
    补充地块BSM: ["9001010000000003、9001010000000004"],
    原地类: ["0404、0201"],
  }));
  assert.deepEqual(sup[0].bsms, ["9001010000000003", "9001010000000004"]);
  assert.deepEqual(sup[0].priorClasses, ["0404", "0201"]);
});
