// One bounded JSON POST for notifications and annotations. The URL is never put into an error
// message: webhook URLs are secrets (the caller also scrubs known secret values from what it logs).

import { boundText } from '../domain/observe/clip.js';

/** Characters of a webhook's answer put into an error. */
const ANSWER_BOUND = 4096;

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export async function postJson(
  url: string,
  body: unknown,
  opts: { headers?: Record<string, string>; timeoutMs: number },
): Promise<{ status: number }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...opts.headers },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw new DeliveryError(`no answer within ${opts.timeoutMs} ms`);
    throw new DeliveryError(`request failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  // Bounded, not cut: the caller scrubs the secrets in play from the message, then cuts it.
  const text = boundText(await res.text().catch(() => ''), ANSWER_BOUND)
    .replace(/\s+/g, ' ')
    .trim();
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}${text ? `: ${text}` : ''}`, res.status);
  return { status: res.status };
}
