export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** When it arrived, on the emulator's clock (ms): with `at`, how long it took, injected latency included. */
  receivedAt: number;
  /** When it was answered, on the emulator's clock (ms). */
  at: number;
}

/** The last `capacity` API requests, oldest first; a ring so a long demo cannot grow it without bound. */
export class RequestLog {
  private readonly ring: LoggedRequest[] = [];
  private next = 0;

  constructor(private readonly capacity = 10_000) {}

  add(entry: LoggedRequest): void {
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  list(): LoggedRequest[] {
    const oldestFirst = this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return oldestFirst.map((e) => ({ ...e }));
  }

  clear(): void {
    this.ring.length = 0;
    this.next = 0;
  }
}
