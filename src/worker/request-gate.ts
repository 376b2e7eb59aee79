/** Requests in the worker wait for the backend; each gets its abort signal on arrival, so a
 * cancel that comes while it waits stops it before any work starts. */
export class RequestGate {
  private running = new Map<number, AbortController>();

  run<T>(
    id: number,
    ready: Promise<unknown>,
    job: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    this.running.set(id, controller);
    return ready
      .then(() => {
        controller.signal.throwIfAborted();
        return job(controller.signal);
      })
      .finally(() => this.running.delete(id));
  }

  abort(id: number): void {
    this.running.get(id)?.abort();
  }

  get size(): number {
    return this.running.size;
  }
}
