/**
 * One job at a time, and only the newest matters: a job submitted while another runs waits
 * (replacing any job already waiting), and when the running one finishes, its result is dropped
 * if a newer job was submitted meanwhile, so a stale plan never replaces a newer setting's on
 * screen. The planner screen sends its jobs to a Web Worker through this.
 */
export class LatestOnly<Job, Result> {
  #nextId = 1;
  #runningId: number | undefined;
  #waiting: { id: number; job: Job } | undefined;

  constructor(
    private readonly start: (id: number, job: Job) => void,
    private readonly deliver: (result: Result, id: number) => void,
  ) {}

  /** Whether a job is running. */
  get busy(): boolean {
    return this.#runningId !== undefined;
  }

  /** Submit a job; returns its id. */
  submit(job: Job): number {
    const id = this.#nextId++;
    if (this.#runningId === undefined) this.#run(id, job);
    else this.#waiting = { id, job };
    return id;
  }

  /** The result of job `id`: delivered if it is the newest, else dropped; the waiting job starts. */
  finished(id: number, result: Result): void {
    if (id !== this.#runningId) return;
    this.#runningId = undefined;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) this.#run(waiting.id, waiting.job);
    else this.deliver(result, id);
  }

  #run(id: number, job: Job): void {
    this.#runningId = id;
    this.start(id, job);
  }
}
