import { describe, expect, it } from 'vitest';
import {
  currentTemplateHash,
  deploymentState,
  eventsFor,
  isNamespace,
  isObjectName,
  type KEvent,
  type PodState,
  podIndicators,
  podState,
} from './kube-state.js';

function pod(name: string, containers: PodState['containers']): PodState {
  return { name, phase: 'Running', ready: false, restarts: 0, containers };
}

describe('podIndicators', () => {
  it('reports failure reasons from waiting, terminated and last terminated, but not a normal start or exit', () => {
    const pods = [
      pod('a', [
        { name: 'c1', image: 'i', ready: false, restarts: 0, waiting: 'ContainerCreating' },
        { name: 'c2', image: 'i', ready: false, restarts: 0, waiting: 'CreateContainerConfigError' },
        {
          name: 'c3',
          image: 'i',
          ready: false,
          restarts: 3,
          terminated: 'Error',
          lastTerminated: 'OOMKilled',
        },
        { name: 'c4', image: 'i', ready: true, restarts: 1, lastTerminated: 'Completed' },
      ]),
      pod('b', [
        { name: 'init', image: 'i', ready: false, restarts: 0, waiting: 'PodInitializing', init: true },
      ]),
    ];
    expect(podIndicators(pods)).toEqual([
      { pod: 'a', container: 'c2', reason: 'CreateContainerConfigError', where: 'waiting' },
      { pod: 'a', container: 'c3', reason: 'Error', where: 'terminated' },
      { pod: 'a', container: 'c3', reason: 'OOMKilled', where: 'lastTerminated' },
    ]);
  });
});

describe('podIndicators scoped to this run', () => {
  const since = new Date('2026-12-02T10:00:00Z');
  const oom = (at: string, templateHash?: string, name = 'api-6b7d9c5f4-k2x7p'): PodState => ({
    ...pod(name, [
      {
        name: 'api',
        image: 'i',
        ready: true,
        restarts: 1,
        lastTerminated: 'OOMKilled',
        lastTerminatedAt: at,
      },
    ]),
    ...(templateHash ? { templateHash } : {}),
  });

  it('an OOMKill that finished before the run started is history; one during the run counts', () => {
    expect(podIndicators([oom('2026-11-28T03:00:00.000Z')], { since })).toEqual([]);
    expect(podIndicators([oom('2026-12-02T10:00:05.000Z')], { since })).toEqual([
      {
        pod: 'api-6b7d9c5f4-k2x7p',
        container: 'api',
        reason: 'OOMKilled',
        where: 'lastTerminated',
        at: '2026-12-02T10:00:05.000Z',
      },
    ]);
    // Without a start time (a snapshot), every indicator is reported, as before.
    expect(podIndicators([oom('2026-11-28T03:00:00.000Z')])).toHaveLength(1);
  });

  it('a waiting state counts whenever it is seen: it is what the pod does now', () => {
    const crashing = pod('api-6b7d9c5f4-k2x7p', [
      { name: 'api', image: 'i', ready: false, restarts: 9, waiting: 'CrashLoopBackOff' },
    ]);
    expect(podIndicators([crashing], { since }).map((i) => i.reason)).toEqual(['CrashLoopBackOff']);
  });

  it('during a rollout only pods of the current revision count', () => {
    const old = { ...oom('2026-12-02T10:00:05.000Z', 'old1hash', 'api-old1hash-aaaaa') };
    const fresh = { ...oom('2026-12-02T10:00:06.000Z', 'new2hash', 'api-new2hash-bbbbb') };
    const hits = podIndicators([old, fresh], { since, templateHash: 'new2hash' });
    expect(hits.map((h) => h.pod)).toEqual(['api-new2hash-bbbbb']);
    expect(podIndicators([old], { since, templateHash: 'new2hash' })).toEqual([]);
  });
});

describe('currentTemplateHash', () => {
  const rs = (name: string, hash: string, revision: string, owner = 'api') => ({
    metadata: {
      name,
      labels: { 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ kind: 'Deployment', name: owner }],
    },
  });

  it('is the hash of the highest revision among the deployment’s own ReplicaSets', () => {
    const sets = [
      rs('api-aaa', 'aaa', '9'),
      rs('api-ccc', 'ccc', '11'),
      rs('api-bbb', 'bbb', '10'),
      rs('apigw-zzz', 'zzz', '40', 'apigw'),
    ];
    expect(currentTemplateHash(sets, 'api')).toBe('ccc');
    expect(currentTemplateHash(sets, 'none')).toBeUndefined();
  });
});

describe('podState and deploymentState', () => {
  it('fills what the API leaves out with its defaults', () => {
    expect(podState({ metadata: { name: 'p' } })).toEqual({
      name: 'p',
      phase: 'Unknown',
      ready: false,
      restarts: 0,
      containers: [],
    });
    expect(deploymentState({ metadata: { name: 'd' } })).toMatchObject({
      desired: 1,
      ready: 0,
      generation: 0,
    });
  });

  it('counts restarts of init containers too', () => {
    const p = podState({
      spec: { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'app', image: 'y' }] },
      status: {
        initContainerStatuses: [
          { name: 'init', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
        containerStatuses: [
          { name: 'app', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    });
    expect(p.restarts).toBe(4);
    expect(p.containers.map((c) => [c.name, c.init ?? false, c.waiting])).toEqual([
      ['init', true, 'CrashLoopBackOff'],
      ['app', false, 'PodInitializing'],
    ]);
  });
});

describe('eventsFor', () => {
  const ev = (name: string, last: string | null, kind = 'Pod'): KEvent => ({
    involvedObject: { kind, name },
    reason: 'BackOff',
    type: 'Warning',
    lastTimestamp: last,
  });

  it('keeps the named objects and the names controllers generate from them, nothing else', () => {
    const events = [
      ev('api', '2025-03-10T05:00:00Z', 'Deployment'),
      ev('api-6b7d9c5f4', '2025-03-10T05:01:00Z', 'ReplicaSet'),
      ev('api-6b7d9c5f4-k2x7p', '2025-03-10T05:02:00Z'),
      ev('api-0', '2025-03-10T05:03:00Z'),
      ev('api-gateway-5c6d7f8b9-p2k4m', '2025-03-10T05:04:00Z'),
      ev('api-db', '2025-03-10T05:05:00Z'),
      ev('apiary', '2025-03-10T05:06:00Z'),
    ];
    expect(eventsFor(events, ['api'], undefined).map((e) => e.object)).toEqual([
      'Pod/api-0',
      'Pod/api-6b7d9c5f4-k2x7p',
      'ReplicaSet/api-6b7d9c5f4',
      'Deployment/api',
    ]);
  });

  it('drops events with no time when `since` is given, and keeps at most `max`', () => {
    const events = [
      ev('web', null),
      ...Array.from({ length: 60 }, (_, i) =>
        ev('web', `2025-03-10T05:${String(i % 60).padStart(2, '0')}:00Z`),
      ),
    ];
    expect(eventsFor(events, ['web'], undefined)).toHaveLength(50);
    const recent = eventsFor(events, ['web'], new Date('2025-03-10T05:55:00Z'));
    expect(recent.map((e) => e.lastSeen)).toEqual([
      '2025-03-10T05:59:00.000Z',
      '2025-03-10T05:58:00.000Z',
      '2025-03-10T05:57:00.000Z',
      '2025-03-10T05:56:00.000Z',
      '2025-03-10T05:55:00.000Z',
    ]);
  });
});

describe('names', () => {
  it('accepts Kubernetes names and refuses what would change a path', () => {
    expect([isNamespace('shop'), isNamespace('a.b'), isNamespace('..'), isNamespace('a/b')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([isObjectName('web.v2'), isObjectName('..'), isObjectName('Web'), isObjectName('a%2Fb')]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
