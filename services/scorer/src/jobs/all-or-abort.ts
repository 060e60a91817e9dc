/**
 * Runs tasks at once under one signal. The first to fail aborts the others (its error as the
 * reason), and is what this throws once every task has settled — so when it throws, nothing it
 * started is still running. `Promise.all` alone rejects at the first failure and leaves the
 * others going: a job whose window read failed kept loading its thousand models and wrote their
 * pack while the job was already being retried.
 */
export async function allOrAbort<T extends readonly unknown[]>(
  signal: AbortSignal,
  start: (signal: AbortSignal) => { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const failed = new AbortController();
  const joint = AbortSignal.any([signal, failed.signal]);
  let first: { error: unknown } | undefined;
  const tasks = start(joint) as readonly Promise<unknown>[];
  const settled = await Promise.allSettled(
    tasks.map((task) =>
      task.catch((error: unknown) => {
        first ??= { error };
        failed.abort(error);
        throw error;
      }),
    ),
  );
  if (first !== undefined) throw first.error;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
