/**
 * Jobs on Workers, a few at a time: the counties of a province are independent, so each goes to
 * one of `workers` Web Workers (one per core by default, two on the office's usual machine), which
 * take the next job when they finish one. A job's memory is released when it ends (its results
 * are written by the worker; only a small summary comes back), so a province needs the memory of
 * `workers` counties, not of all of them. The first failure stops the pool: workers are
 * terminated and the error is thrown, naming the job.
 *
 * The worker module receives `{ id, job }` and answers `{ id, ok: true, result }` or
 * `{ id, ok: false, error: { name, message } }` ({@link serveJobs} does this for a function).
 *
 * @example
 * ```ts
 * const results = await runJobs(new URL("./screen_worker.ts", import.meta.url), jobs, { workers: 2 });
 * ```
 * @module
 */

/** An error a worker sent back: its name and message, and the job's label. */
export class JobError extends Error {
  constructor(message: string, readonly job: string, readonly originalName: string, readonly detail?: unknown) {
    super(message);
    this.name = "JobError";
  }
}

/** Options of {@link runJobs}. */
export interface RunJobsOptions<J> {
  /** Workers at a time (default: the number of cores, at most the number of jobs). */
  workers?: number;
  /** A job's label in messages (default its index). */
  label?: (job: J, index: number) => string;
  /** Called when a job ends (its index, result and milliseconds), in the order they end. */
  onDone?: (index: number, result: unknown, ms: number) => void;
}

/** The default number of workers: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

/**
 * One Worker kept for many jobs: each {@link JobWorker.run} posts a job and resolves with its
 * answer (jobs may overlap; answers are matched by id). A worker that dies (an uncaught error)
 * rejects every job it had. For a run that reuses a thread — a province's counties, each
 * reading its geometry on the same second thread — instead of starting one per job.
 *
 * @example
 * ```ts
 * const w = new JobWorker<string, ShpWithPass>(new URL("./shp_worker.ts", import.meta.url));
 * try { const a = await w.run("a.shp"); const b = await w.run("b.shp"); } finally { w.terminate(); }
 * ```
 */
export class JobWorker<J, R> {
  #worker: Worker;
  #pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void; label: string }>();
  #next = 0;
  #dead: JobError | null = null;

  constructor(module: URL) {
    this.#worker = new Worker(module.href, { type: "module" });
    this.#worker.onmessage = (e: MessageEvent) => {
      const m = e.data as { id: number; ok: boolean; result?: R; error?: { name: string; message: string; detail?: unknown } };
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.result as R);
      else p.reject(new JobError(m.error!.message, p.label, m.error!.name, m.error!.detail));
    };
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#dead = new JobError(e.message, "", "Error");
      for (const p of this.#pending.values()) p.reject(new JobError(e.message, p.label, "Error"));
      this.#pending.clear();
    };
  }

  /** Sends `job` (labelled `label` in errors) and waits for its answer. */
  run(job: J, label = ""): Promise<R> {
    if (this.#dead) return Promise.reject(new JobError(this.#dead.message, label, this.#dead.originalName));
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, label });
      this.#worker.postMessage({ id, job });
    });
  }

  /** Stops the worker; jobs still running are rejected. */
  terminate(): void {
    this.#worker.terminate();
    for (const p of this.#pending.values()) p.reject(new JobError("线程已停止 / worker terminated", p.label, "Error"));
    this.#pending.clear();
    this.#dead ??= new JobError("线程已停止 / worker terminated", "", "Error");
  }
}

/** Runs every job on a pool of workers loading `module`; results in the jobs' order. */
export async function runJobs<J, R>(module: URL, jobs: readonly J[], opts: RunJobsOptions<J> = {}): Promise<R[]> {
  const n = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), jobs.length));
  const label = opts.label ?? ((_: J, i: number) => String(i + 1));
  const results = new Array<R>(jobs.length);
  let next = 0;
  let failed = false;
  const pool: JobWorker<J, R>[] = [];
  const drain = async (w: JobWorker<J, R>) => {
    while (!failed && next < jobs.length) {
      const id = next++;
      const t0 = performance.now();
      try {
        results[id] = await w.run(jobs[id], label(jobs[id], id));
      } catch (e) {
        failed = true;
        throw e;
      }
      opts.onDone?.(id, results[id], performance.now() - t0);
    }
  };
  try {
    for (let k = 0; k < n; k++) pool.push(new JobWorker<J, R>(module));
    await Promise.all(pool.map(drain));
  } finally {
    for (const w of pool) w.terminate();
  }
  return results;
}

/**
 * The worker side: answers every `{ id, job }` with `run(job)`'s result or its error (name,
 * message and the error's `report`/`detail` when it carries one). The buffers `transfer` lists
 * are moved to the caller rather than copied.
 */
export function serveJobs<J, R>(run: (job: J) => Promise<R>, transfer: (result: R) => Transferable[] = () => []): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage: (m: unknown, transfer?: Transferable[]) => void;
  };
  scope.onmessage = async (e: MessageEvent) => {
    const { id, job } = e.data as { id: number; job: J };
    try {
      const result = await run(job);
      scope.postMessage({ id, ok: true, result }, transfer(result));
    } catch (err) {
      const x = err as Error & { report?: unknown };
      scope.postMessage({ id, ok: false, error: { name: x?.name ?? "Error", message: String(x?.message ?? x), detail: x?.report } });
    }
  };
}
