import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for Loki's HTTP API serving recorded answers in the shapes of Loki's API
 * reference (`streams` for query_range, `vector` for instant queries, plain-text 400 errors).
 * It records every request and can delay, fail or never answer.
 */

export interface FakeLokiRequest {
  path: string;
  /** Query parameters, decoded. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface FakeLokiReply {
  status?: number;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
  contentType?: string;
  delayMs?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
}

/** The `stats` block Loki attaches to query answers (trimmed, same shape). */
export const LOKI_STATS = {
  summary: {
    bytesProcessedPerSecond: 2_183_040,
    linesProcessedPerSecond: 12_750,
    totalBytesProcessed: 27_288,
    totalLinesProcessed: 160,
    execTime: 0.0125,
    queueTime: 0.000_21,
    subqueries: 0,
    totalEntriesReturned: 4,
    splits: 0,
    shards: 0,
  },
  querier: {
    store: {
      totalChunksRef: 0,
      totalChunksDownloaded: 0,
      chunksDownloadTime: 0,
      chunk: { headChunkBytes: 0, headChunkLines: 0, decompressedBytes: 0, decompressedLines: 0 },
    },
  },
  ingester: {
    totalReached: 1,
    totalChunksMatched: 2,
    totalBatches: 1,
    totalLinesSent: 160,
    store: {
      chunk: { headChunkBytes: 27_288, headChunkLines: 160, decompressedBytes: 0, decompressedLines: 0 },
    },
  },
};

export type LokiStream = { stream: Record<string, string>; values: [string, string][] };

/** A query_range answer for a log query. */
export function streamsResponse(result: LokiStream[]): object {
  return { status: 'success', data: { resultType: 'streams', result, stats: LOKI_STATS } };
}

/** An instant-query answer; `count` undefined gives the empty vector Loki returns when nothing matched. */
export function vectorResponse(count: string | undefined, atSeconds = 1_700_000_300): object {
  const result = count === undefined ? [] : [{ metric: {}, value: [atSeconds, count] }];
  return { status: 'success', data: { resultType: 'vector', result, stats: LOKI_STATS } };
}

/** What Loki sends (text/plain, 400) for a LogQL syntax error. */
export const LOKI_PARSE_ERROR =
  'parse error at line 1, col 22: syntax error: unexpected IDENTIFIER, expecting STRING';

export class FakeLoki {
  readonly requests: FakeLokiRequest[] = [];
  private readonly replies = new Map<string, FakeLokiReply>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeLoki> {
    let fake: FakeLoki | undefined;
    const server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://fake-loki');
      fake?.requests.push({
        path: u.pathname,
        params: Object.fromEntries(u.searchParams),
        headers: req.headers,
      });
      const reply = fake?.replies.get(u.pathname) ?? {
        status: 404,
        body: '404 page not found\n',
        contentType: 'text/plain; charset=utf-8',
      };
      if (reply.hang) return;
      const send = () => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
        const type =
          reply.contentType ??
          (typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json');
        res.writeHead(reply.status ?? 200, { 'content-type': type }).end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeLoki(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Sets the answer for a path, e.g. `/loki/api/v1/query_range`, until replaced. */
  reply(path: string, reply: FakeLokiReply): this {
    this.replies.set(path, reply);
    return this;
  }

  /** Drops open connections too, so a hanging request does not keep the server alive. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
