/** Polls `probe` (every 500 ms) until it finds something; fails after `timeoutMs` naming `what`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<readonly T[]>,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found.length > 0) return [...found];
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
