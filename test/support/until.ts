/**
 * Waits for something another process or a background timer does, checking every 25 ms.
 * The bound only turns "it never happens" into a failure that says what was awaited.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, boundMs = 15_000): Promise<void> {
  const giveUpAt = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
