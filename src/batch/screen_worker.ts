/**
 * The worker of a province's screening: screens the county it is sent (under the caller's input
 * policy) and writes its outputs; answers with the county's summary.
 * @module
 */
import { serveJobs } from "../threads/pool.ts";
import { collectGarbage } from "../threads/gc.ts";
import { configureInputPolicy } from "../ingest/policy.ts";
import { type CountyScreenJob, screenCountyFiles } from "../screen/run_county.ts";

/** A county's job as the province run sends it. */
export interface ScreenWorkerJob extends CountyScreenJob {
  policy: { enforce: boolean; allow: string[] };
}

serveJobs(async (job: ScreenWorkerJob) => {
  configureInputPolicy(job.policy);
  const summary = await screenCountyFiles(job);
  await collectGarbage(); // the next county starts on an empty heap, not on this one's garbage
  return summary;
});
