import { assert, assertEquals } from "../_assert.ts";
import { progress } from "../../src/ui/progress.ts";

Deno.test("progress draws rows, files and rate on a terminal after the delay, and nothing elsewhere", () => {
  let t = 0;
  const out: string[] = [];
  const p = progress("载入图斑", { totalFiles: 3, isTerminal: true, write: (s) => out.push(s), now: () => t, delayMs: 1500 });
  p.update({ rows: 100, files: 1 });
  assertEquals(out, []); // too early
  t = 2000;
  p.update({ rows: 4000, files: 2 });
  assertEquals(out.length, 1);
  assert(out[0].includes("2/3 个文件") && out[0].includes("4000 条") && out[0].includes("2000 条/秒"), out[0]);
  t = 2100;
  p.update({ rows: 4100 }); // rate-limited
  assertEquals(out.length, 1);
  p.done();
  assertEquals(out.at(-1), "\n");

  const silent: string[] = [];
  const q = progress("载入图斑", { isTerminal: false, write: (s) => silent.push(s), now: () => (t += 5000) });
  q.update({ rows: 1 });
  q.done();
  assertEquals(silent, []);
});
