export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Awaits a promise without throwing, so a server component can render its error state outside any try/catch. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
