/**
 * Runs `work` over `items` with at most `limit` in flight, in input order of
 * starting. Each item settles on its own: one rejection never stops the rest,
 * and `onSettled` hears about each as it finishes. Resolves when all are done.
 */
export async function forEachWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  onSettled: (item: T, outcome: PromiseSettledResult<R>, index: number) => void | Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      let outcome: PromiseSettledResult<R>;
      try {
        outcome = { status: 'fulfilled', value: await work(item, index) };
      } catch (reason) {
        outcome = { status: 'rejected', reason };
      }
      await onSettled(item, outcome, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
