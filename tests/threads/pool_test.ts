/**
 * The worker pool: a kept {@link JobWorker} answers overlapping jobs each with its own answer, a
 * job's error comes back with its name, message and label, a worker that dies rejects what it had
 * and what is sent after; {@link runJobs} keeps the jobs' order and stops at the first failure;
 * {@link collectGarbage} gives back the heap of what is no longer reachable.
 */
import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { JobError, JobWorker, runJobs } from "../../src/threads/pool.ts";
import { CLI_V8_FLAGS, collectGarbage, GarbageBudget } from "../../src/threads/gc.ts";

const MODULE = new URL("./_job_worker.ts", import.meta.url);

/** The JobError `f` rejects with (fails on anything else). */
async function jobError(f: () => Promise<unknown>): Promise<JobError> {
  const e = await assertRejects(f);
  assert(e instanceof JobError, `expected a JobError, got ${e}`);
  return e;
}

Deno.test("JobWorker: overlapping jobs get their own answers; errors carry name, message and label; a dead worker rejects", async () => {
  const w = new JobWorker<{ wait?: number; echo?: unknown; fail?: string; crash?: string }, unknown>(MODULE);
  try {
    // The slow job is sent first and answered last: answers are matched by id, not by order.
    const answers = await Promise.all([w.run({ wait: 60, echo: "slow" }), w.run({ wait: 0, echo: { n: 2 } }), w.run({ echo: [3] })]);
    assertEquals(answers, ["slow", { n: 2 }, [3]]);
    const e = await jobError(() => w.run({ fail: "坏数据" }, "900103"));
    assertEquals([e.message, e.originalName, e.job], ["坏数据", "RangeError", "900103"]);
    assertEquals(await w.run({ echo: "still alive" }), "still alive");
    const dead = await jobError(() => w.run({ crash: "线程崩溃" }, "900201"));
    assert(dead.message.includes("线程崩溃"), dead.message);
    assertEquals(dead.job, "900201");
    const after = await jobError(() => w.run({ echo: 1 }, "900202"));
    assertEquals(after.job, "900202");
  } finally {
    w.terminate();
  }
  // A job still running when the worker is stopped is rejected, and so is one sent after.
  const v = new JobWorker<{ wait?: number }, unknown>(MODULE);
  const running = jobError(() => v.run({ wait: 5_000 }, "long"));
  v.terminate();
  assertEquals((await running).job, "long");
  assert((await jobError(() => v.run({}))).message.includes("worker terminated"));
});

Deno.test("runJobs: results in the jobs' order on 1 and 3 workers; the first failure is thrown with its job's label", async () => {
  const jobs = [40, 0, 25, 5, 10].map((wait, i) => ({ wait, echo: i * i }));
  for (const workers of [1, 3]) assertEquals(await runJobs(MODULE, jobs, { workers }), [0, 1, 4, 9, 16]);
  const done: number[] = [];
  const e = await jobError(() =>
    runJobs(MODULE, [{ echo: 1 }, { fail: "第 2 个" }, { echo: 3 }], { workers: 1, label: (_, i) => `job-${i}`, onDone: (i) => done.push(i) })
  );
  assertEquals([e.message, e.job], ["第 2 个", "job-1"]);
  assertEquals(done, [0], "the pool stops at the failure");
});

Deno.test("collectGarbage: the heap of an array no longer reachable is given back", async () => {
  let big: number[][] | null = Array.from({ length: 400_000 }, (_, i) => [i, i + 1]);
  await collectGarbage();
  const holding = Deno.memoryUsage().heapUsed;
  assertEquals(big.length, 400_000);
  big = null;
  await collectGarbage();
  const after = Deno.memoryUsage().heapUsed;
  assert(holding - after > 20 * 2 ** 20, `heap used ${holding >> 20} → ${after >> 20} MiB`);
});

Deno.test("GarbageBudget: collects when the units let go reach the limit, then counts again from zero", async () => {
  let collections = 0;
  const budget = new GarbageBudget(100, () => Promise.resolve(void collections++));
  const after = async (n: number) => (await budget.release(n), collections);
  assertEquals([await after(40), await after(59), await after(1), await after(99), await after(250), await after(0)], [0, 0, 1, 1, 2, 2]);
});

Deno.test("CLI_V8_FLAGS: deno.json's tasks, the offline launchers and the test and bench harnesses start the CLI with them; they expose gc", async () => {
  const root = new URL("../../", import.meta.url);
  const read = (p: string) => Deno.readTextFileSync(new URL(p, root));
  const tasks = JSON.parse(read("deno.json")).tasks as Record<string, string>;
  for (const [name, line] of Object.entries(tasks)) {
    for (const run of line.match(/deno run [^&]*src\/cli\/main\.ts/g) ?? []) assert(run.includes(CLI_V8_FLAGS), `task ${name}: ${run}`);
  }
  assert(tasks.cli.includes(CLI_V8_FLAGS), tasks.cli);
  for (const p of ["tools/bundle/office/farmland", "tools/bundle/office/farmland.cmd", "tests/_harness/cli.ts", "bench/_child.ts"]) {
    const text = read(p);
    assert(text.includes(CLI_V8_FLAGS) || text.includes("CLI_V8_FLAGS"), p);
  }
  const out = await new Deno.Command(Deno.execPath(), { args: ["eval", CLI_V8_FLAGS, "console.log(typeof globalThis.gc)"], stdout: "piped" }).output();
  assertEquals(new TextDecoder().decode(out.stdout).trim(), "function");
});
