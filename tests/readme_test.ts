// README's two commands are the ones that exist and the ones CI runs.
import { assert, assertEquals } from "./_assert.ts";

const root = new URL("../", import.meta.url);
const readme = Deno.readTextFileSync(new URL("README.md", root));
const ci = Deno.readTextFileSync(new URL(".ci/run", root));
const tasks = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root))).tasks as Record<string, string>;

Deno.test("README names one main-job command and one test command, both deno tasks that exist", () => {
  const blocks = [...readme.matchAll(/```sh\n([^\n]+)\n```/g)].map((m) => m[1].trim());
  const main = blocks.find((b) => / task demo$/.test(b));
  const test = blocks.find((b) => / task test$/.test(b));
  assertEquals(main, "npx --yes deno@2.9.6 task demo");
  assertEquals(test, "npx --yes deno@2.9.6 task test");
  assert(tasks.demo && tasks.test, "tasks demo and test exist");
});

Deno.test(".ci/run runs README's main job and then its test command with the same pinned Deno", () => {
  assert(ci.includes('DENO_VERSION=2.9.6'));
  assert(ci.includes('"${DENO[@]}" task demo') && ci.includes('"${DENO[@]}" task test'));
  assert(ci.indexOf("task demo </dev/null") < ci.indexOf("task test </dev/null"));
});
