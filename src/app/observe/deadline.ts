/** The provider did not answer within its deadline. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * Runs `work` with a signal that aborts at the deadline (or with `outer`), and settles by then even
 * if the work ignores its signal: one slow provider never holds up a run.
 */
export async function withDeadline<T>(
  ms: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(`no answer within ${ms} ms`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

export function reasonOf(err: unknown): string {
  if (err instanceof Error) {
    const kind = (err as { kind?: string }).kind;
    return kind && !err.message.startsWith(kind) ? `${kind}: ${err.message}` : err.message;
  }
  return String(err);
}
