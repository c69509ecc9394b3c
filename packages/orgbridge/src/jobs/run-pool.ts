/**
 * Runs `work` over `items` with at most `size` at a time, in order of start; resolves when all
 * are done. `work` handles its own errors: the schedulers report and go on.
 */
export async function runPool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
