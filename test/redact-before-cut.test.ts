import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../src/adapters/redactor.js';
import { afterRun, NOTIFY_LOG } from '../src/app/after-run/index.js';
import { executePlan } from '../src/app/execute/execute-plan.js';
import { reasonOf } from '../src/app/observe/deadline.js';
import type { Stores } from '../src/app/records/stores.js';
import { createObservers } from '../src/app/shared/providers.js';
import { realPorts } from '../src/app/shared/real-ports.js';
import { isolatedPorts } from '../src/app/shared/step-env.js';
import type { Plan } from '../src/domain/plan/plan.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer, status } from './helpers/fake-apiserver.js';
import { FakeLoki, streamsResponse, vectorResponse } from './helpers/fake-loki.js';
import { makeRecord } from './helpers/record-fixture.js';
import { githubToken, leakedPieces, opaqueToken, prose } from './helpers/secret-shapes.js';

// Issue 23, item 5: text from outside was cut to size before it was redacted, so a secret across
// the cut left its first characters, which no rule recognises, in the record. Here a secret is
// planted across each cut — a GitHub token, which secretlint finds only whole — and no piece of
// 8 characters of it may reach the record.

/** Where the cut falls inside each planted token: 20 characters in, past its `ghp_` prefix. */
const INTO = 20;
const tokens = {
  podMessage: githubToken(),
  eventMessage: githubToken(),
  eventLine: githubToken(),
  kubeStatus: githubToken(),
  lokiLine: githubToken(),
  httpBody: githubToken(),
  promError: githubToken(),
  stepLine: githubToken(),
  checkOutput: githubToken(),
  captureStderr: githubToken(),
  lokiError: githubToken(),
  watchMessage: githubToken(),
};
/** A text of `cut + tail` characters whose token begins INTO characters before `cut`. */
const across = (cut: number, token: string, before = '') =>
  `${before}${prose(cut - INTO - before.length)}${token} and more words after it`;

const POD = 'web-6b7d9c5f4-k2x7p';
const NOW = new Date();

let api: FakeApiServer;
let loki: FakeLoki;
let web: Server;
let webUrl: string;
let dir: string;
let record: ExecutionRecord;

function listen(handler: (path: string) => { status: number; body: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const r = handler(req.url ?? '/');
    res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intentops-cut-'));
  api = await FakeApiServer.start();
  api.collection('/api/v1/namespaces/shop/pods', 'app=web', [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: POD, namespace: 'shop', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1' }] },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'web',
            image: 'ghcr.io/acme/web:1',
            ready: false,
            restartCount: 0,
            // Kubernetes message: cut at 512.
            state: { waiting: { reason: 'ImagePullBackOff', message: across(512, tokens.podMessage) } },
          },
        ],
      },
    },
  ]);
  api
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on(
      'GET',
      '/api/v1/namespaces/shop/events',
      { fieldSelector: 'type=Warning' },
      {
        body: {
          kind: 'EventList',
          apiVersion: 'v1',
          metadata: {},
          items: [
            {
              metadata: { name: `${POD}.1`, namespace: 'shop' },
              involvedObject: { kind: 'Pod', name: POD },
              type: 'Warning',
              reason: 'BackOff',
              // The indicator line `BackOff: <message>` is cut at 300, the event message at 512.
              message: across(512, tokens.eventMessage, across(300 - 'BackOff: '.length, tokens.eventLine)),
              // After the run starts: the checks count only this run's events.
              lastTimestamp: new Date(NOW.getTime() + 3_600_000).toISOString(),
              count: 1,
            },
          ],
        },
      },
    )
    // An API server Status message: cut at 300.
    .on(
      'GET',
      '/apis/velero.io/v1/namespaces/velero/backups',
      {},
      status(403, across(300, tokens.kubeStatus, 'backups.velero.io is forbidden: ')),
    );
  loki = await FakeLoki.start();
  loki
    .reply('/loki/api/v1/query_range', {
      // A Loki line: cut at 2 KiB (2045 bytes and `…`).
      body: streamsResponse([
        {
          stream: { app: 'web' },
          values: [[`${BigInt(NOW.getTime()) * 1_000_000n}`, across(2045, tokens.lokiLine)]],
        },
      ]),
    })
    .reply('/loki/api/v1/query', { body: vectorResponse('0') });
  web = await listen((path) =>
    path.startsWith('/health')
      ? // An HTTP probe's output: the body cut at 200.
        { status: 200, body: across(200, tokens.httpBody) }
      : // A proxy's error page in front of Prometheus: cut at 200 in the error message.
        { status: 502, body: across(200, tokens.promError) },
  );
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

  const env = {
    STEP_LINE: `ERROR ${across(299, tokens.stepLine)}`,
    CHECK_OUTPUT: `${tokens.checkOutput} ${prose(2000 - 11)}end`,
    CAPTURE_STDERR: `${tokens.captureStderr} ${prose(200 - 11)}`,
  };
  const plan: Plan = {
    intent: 'cuts',
    risk: 'low',
    params: {},
    prechecks: [],
    envPass: Object.keys(env),
    steps: [
      // A step's output line with a failure indicator: the line is cut at 300.
      {
        name: 'print',
        command: 'printf "%s\\n" "$STEP_LINE"',
        timeoutMs: 10_000,
        continueOnError: false,
        env,
      },
    ],
    checks: [
      {
        name: 'health',
        command: `GET ${webUrl}/health`,
        probe: { kind: 'http', url: `${webUrl}/health`, status: 200, body: { regex: 'more words' } },
        expected: 'pass',
        expectedText: 'pass',
        timeoutMs: 5000,
        intervalMs: 1000,
      },
      {
        name: 'rate',
        command: 'rate',
        probe: { kind: 'prometheus', query: 'up', url: webUrl },
        expected: { op: '>=', value: 0 },
        expectedText: '>= 0',
        timeoutMs: 1000,
        intervalMs: 1000,
      },
      {
        // A check's output: its last 2000 characters.
        name: 'output',
        command: 'printf "%s" "$CHECK_OUTPUT"',
        expected: { regex: 'end$' },
        expectedText: '/end$/',
        timeoutMs: 5000,
        intervalMs: 1000,
      },
    ],
    indicators: [
      { pattern: 'ERROR', severity: 'P3', regex: false },
      { pattern: 'BackOff', severity: 'P3', regex: false },
    ],
    captures: [
      // A failed capture's reason: the last 200 characters of stderr.
      {
        key: 'broken',
        command: 'printf "%s" "$CAPTURE_STDERR" >&2; exit 3',
        timeoutMs: 5000,
        kind: 'number',
      },
    ],
    observe: {
      timeoutMs: 5000,
      kubernetes: { namespace: 'shop', selector: 'app=web' },
      loki: { url: loki.url, selector: '{app="web"}', lines: 10, errorPattern: 'error', windowMs: 60_000 },
      velero: { namespace: 'velero' },
    },
    rules: [],
    policy: { verdict: 'allow', matched: [], results: [] },
  };
  const written: ExecutionRecord[] = [];
  const stores: Stores = {
    writeRecord: async (r) => {
      written.push(r as ExecutionRecord);
      return 'executions/x.yaml';
    },
    upsertDraft: async () => ({ fingerprint: 'f', path: 'p', new: true }),
    logAnomalies: async () => {},
  };
  const ports = { ...realPorts(() => {}), observers: createObservers({ kubeconfigYaml: api.kubeconfig() }) };
  await executePlan(
    {
      plan,
      request: { path: 'intents/requests/cuts.yaml', commit: null, reason: 'cuts' },
      cwd: dir,
      toolVersion: 't',
      catalogDigest: 'sha256:0',
      prevDigest: null,
      hostEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    },
    ports,
    stores,
    createRedactor({ env: {} }),
  );
  expect(written).toHaveLength(1);
  record = written[0] as ExecutionRecord;
}, 60_000);

afterAll(async () => {
  await api?.close();
  await loki?.close();
  await new Promise((resolve) => web?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('a secret across each cut leaves no piece in the record', () => {
  const kube = () =>
    record.after?.kubernetes as
      | { pods: { containers: { message?: string }[] }[]; events: { message: string }[] }
      | undefined;
  const indicator = (source: string) => record.failure_indicators.find((i) => i.source.startsWith(source));
  const check = (name: string) => record.checks.find((c) => c.name === name)?.attempts.at(-1)?.output;

  it.each([
    ['a Kubernetes container message (512)', 'podMessage', () => kube()?.pods[0]?.containers[0]?.message],
    ['a Kubernetes event message (512)', 'eventMessage', () => kube()?.events[0]?.message],
    ['an event as an indicator line (300)', 'eventLine', () => indicator('event:')?.line],
    [
      'an API server Status message (300)',
      'kubeStatus',
      () => record.after?.unavailable?.find((u) => u.source === 'velero')?.reason,
    ],
    ['a Loki line (2 KiB)', 'lokiLine', () => (record.after?.recent_logs as string[] | undefined)?.[0]],
    ['an HTTP probe body (200)', 'httpBody', () => check('health')],
    ['a Prometheus error page (200)', 'promError', () => check('rate')],
    ['a step line as an indicator line (300)', 'stepLine', () => indicator('step:')?.line],
    ['a check output (last 2000)', 'checkOutput', () => check('output')],
    [
      'a failed capture’s stderr (last 200)',
      'captureStderr',
      () => record.after?.unavailable?.find((u) => u.source === 'broken')?.reason,
    ],
  ] as const)('%s', (_name, key, where) => {
    const text = where();
    expect(text, JSON.stringify(record, null, 1).slice(0, 4000)).toBeDefined();
    expect(leakedPieces(text ?? '', tokens[key], 8)).toEqual([]);
    expect(leakedPieces(JSON.stringify(record), tokens[key], 8)).toEqual([]);
  });
});

describe('a secret across each cut leaves no piece: through the ports a run uses', () => {
  const ports = async () =>
    isolatedPorts(
      { ...realPorts(() => {}), observers: createObservers({ kubeconfigYaml: api.kubeconfig() }) },
      await createRedactor({ env: {} }),
    );

  it('a Loki error answer (200)', async () => {
    const failing = await FakeLoki.start();
    try {
      failing.reply('/loki/api/v1/query_range', { status: 500, body: across(200, tokens.lokiError) });
      const loki = (await ports()).observers.loki(failing.url);
      const err = await loki.recentLines('{app="web"}', { limit: 5, start: NOW, end: NOW }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      const reason = await (await createRedactor({ env: {} })).redactText(reasonOf(err));
      expect(reason).toMatch(/HTTP 500/);
      expect(leakedPieces(reason, tokens.lokiError, 8)).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('a container message as a pod watch sees it (512)', async () => {
    api.collection('/api/v1/namespaces/watched/pods', 'app=web', [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: POD, namespace: 'watched', labels: { app: 'web' } },
        spec: { containers: [{ name: 'web' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'web',
              ready: false,
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff', message: across(512, tokens.watchMessage) } },
            },
          ],
        },
      },
    ]);
    const kube = await (await ports()).observers.kube();
    const watch = await kube.watchPods?.('watched', 'app=web', { timeoutMs: 5000, pollMs: 1000 });
    try {
      // A message shows once it has been redacted.
      let message: string | undefined;
      for (let i = 0; i < 50 && message === undefined; i++) {
        message = watch?.pods()[0]?.containers[0]?.message;
        if (message === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      expect(message).toBeDefined();
      const stored = JSON.stringify(await (await createRedactor({ env: {} })).redactDeep(watch?.pods()));
      expect(leakedPieces(stored, tokens.watchMessage, 8)).toEqual([]);
      expect(watch?.pods()[0]?.containers[0]?.waiting).toBe('CrashLoopBackOff');
    } finally {
      watch?.close();
    }
  });
});

describe('the answer of a notification webhook', () => {
  it('is scrubbed of the secrets in play before it is cut (300)', async () => {
    const key = opaqueToken();
    const server = await listen(() => ({ status: 400, body: across(300, key) }));
    const repo = await mkdtemp(join(tmpdir(), 'intentops-cut-notify-'));
    try {
      await mkdir(join(repo, 'intents'), { recursive: true });
      await writeFile(
        join(repo, 'intents/notify.yaml'),
        'channels:\n  - { name: oncall, kind: pagerduty, routing_key_env: PD_KEY, events_url_env: PD_URL }\n',
      );
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`;
      const [outcome] = await afterRun({
        repoDir: repo,
        record: makeRecord({ anomalies: [{ ...makeRecord().anomalies[0], severity: 'P1' } as never] }),
        env: { PD_KEY: key, PD_URL: url },
        log: () => {},
      });
      expect(outcome?.detail).toMatch(/HTTP 400/);
      const log = await readFile(join(repo, NOTIFY_LOG), 'utf8');
      expect(leakedPieces(log, key, 8)).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await rm(repo, { recursive: true, force: true });
    }
  });
});
