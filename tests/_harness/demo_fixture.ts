/**
 * One demo province per test process: generated on first use into a temp folder with the
 * default seed, shared by the tests that need it (generation takes several seconds).
 */
import { generateDemo } from "../../src/demo/generate.ts";
import type { DemoManifest } from "../../src/demo/types.ts";

let cached: Promise<{ dir: string; manifest: DemoManifest }> | null = null;

/** The shared demo province: its folder and the generator's manifest. */
export function demoProvince(): Promise<{ dir: string; manifest: DemoManifest }> {
  cached ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "demo-province-" });
    const manifest = await generateDemo({ out: dir });
    return { dir, manifest };
  })();
  return cached;
}
