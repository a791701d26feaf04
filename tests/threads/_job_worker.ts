// A worker for the pool's tests: `{ wait, echo }` answers `echo` after `wait` ms; `{ fail }`
// rejects with that message; `{ crash }` throws outside any job (the worker dies).
import { serveJobs } from "../../src/threads/pool.ts";

type Job = { wait?: number; echo?: unknown; fail?: string; crash?: string };

self.addEventListener("message", (e: Event) => {
  const job = ((e as MessageEvent).data as { job: Job }).job;
  if (job.crash) setTimeout(() => { throw new Error(job.crash); }, 0);
});

serveJobs(async (job: Job) => {
  if (job.fail) throw new RangeError(job.fail);
  if (job.crash) return await new Promise(() => {}); // never answers: the crash does
  await new Promise((r) => setTimeout(r, job.wait ?? 0));
  return job.echo;
});
