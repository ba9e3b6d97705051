import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A git remote over smart HTTP that wants a token, as GitHub does: git's own http-backend (CGI)
// behind Basic auth. Unauthenticated requests get a 401 with a challenge, which is what makes git ask
// its credential helper. `onAuthenticated` runs while git waits for the answer.

export interface GitHttpServer {
  url: string;
  /** Requests that carried the right credential. */
  authenticated: number;
  close(): Promise<void>;
}

export async function startGitHttpServer(
  projectRoot: string,
  token: string,
  onAuthenticated?: (req: IncomingMessage) => void,
): Promise<GitHttpServer> {
  const expected = Buffer.from(`x-access-token:${token}`).toString('base64');
  // The scheme's name is case-insensitive (RFC 9110): actions/checkout's header says `basic`.
  const authorized = (header: string | undefined): boolean =>
    /^basic$/i.test(header?.split(' ')[0] ?? '') && header?.split(' ')[1] === expected;
  const state = { authenticated: 0 };
  const server: Server = createServer((req, res) => {
    if (!authorized(req.headers.authorization)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
      res.end();
      return;
    }
    state.authenticated++;
    onAuthenticated?.(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let sent = false;
    cgi.stdout.on('data', (d: Buffer) => {
      if (sent) {
        res.write(d);
        return;
      }
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      sent = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get authenticated() {
      return state.authenticated;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
