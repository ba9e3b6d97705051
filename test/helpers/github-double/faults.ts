import { STATUS_CODES } from 'node:http';
import type { Reply } from './replies.js';

/**
 * Injected failures: what GitHub sends when a rate limit is hit or a gateway fails. The body, when
 * a test gives none, follows from the status and headers, so `failNext(…, 403, undefined,
 * rateLimitHeaders(1))` looks like a primary rate limit and a `retry-after` like a secondary one.
 */

export interface Fault {
  method: string;
  template: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  afterApply: boolean;
}

export type FaultQueue = Fault[];

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** Headers of an exhausted primary rate limit that resets `resetInSeconds` from now. */
export function rateLimitHeaders(resetInSeconds: number): Record<string, string> {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    'x-ratelimit-resource': 'core',
  };
}

function defaultBody(status: number, headers: Record<string, string>): Record<string, unknown> {
  if ((status === 403 || status === 429) && headers['retry-after'] !== undefined) {
    return {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        'If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222.',
      documentation_url: `${RATE_DOCS}#about-secondary-rate-limits`,
      status: String(status),
    };
  }
  if ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0') {
    return { message: 'API rate limit exceeded for installation ID 1.', documentation_url: RATE_DOCS };
  }
  if (status === 403) {
    return {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
    };
  }
  if (status >= 500) return { message: STATUS_CODES[status] ?? 'Server Error' };
  return { message: STATUS_CODES[status] ?? 'Error', documentation_url: 'https://docs.github.com/rest' };
}

export function faultReply(fault: Fault): Reply {
  const headers = fault.headers ?? {};
  return { status: fault.status, body: fault.body ?? defaultBody(fault.status, headers), headers };
}
