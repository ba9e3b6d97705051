import { describe, expect, it } from 'vitest';
import {
  driftOf,
  imageTag,
  liveTarget,
  matchesSelector,
  type NamespaceState,
  parseSelector,
  type SeenWorkload,
  seenIn,
  seenMarker,
} from './live-state.js';

const match = (labels: Record<string, string>, selector: string) => {
  const reqs = parseSelector(selector);
  if (!reqs) throw new Error(`unreadable: ${selector}`);
  return matchesSelector(labels, reqs);
};

describe('label selectors as kubectl takes them', () => {
  it('equality, inequality, sets and existence', () => {
    expect(match({ app: 'web', tier: 'fe' }, 'app=web')).toBe(true);
    expect(match({ app: 'web' }, 'app==web,tier!=db')).toBe(true);
    expect(match({ app: 'web', tier: 'db' }, 'app=web,tier!=db')).toBe(false);
    expect(match({ app: 'web' }, 'app in (api, web)')).toBe(true);
    expect(match({ app: 'web' }, 'app notin (api,web)')).toBe(false);
    expect(match({ app: 'web' }, 'app,!canary')).toBe(true);
    expect(match({ app: 'web', canary: 'y' }, 'app,!canary')).toBe(false);
    expect(match({ 'app.kubernetes.io/name': 'web' }, 'app.kubernetes.io/name=web')).toBe(true);
  });

  it('an unreadable selector is undefined, never a match-all', () => {
    expect(parseSelector('app=(web')).toBeUndefined();
    const ns: NamespaceState = {
      workloads: [
        {
          kind: 'deployment',
          name: 'web',
          labels: { app: 'web' },
          generation: 1,
          images: [],
          desired: 1,
          ready: 1,
        },
      ],
      pods: [],
      events: [],
    };
    expect(liveTarget({ namespace: 'shop', selector: 'app=(web' }, ns).workloads).toEqual([]);
    expect(liveTarget({ namespace: 'shop', selector: '' }, ns).workloads).toEqual([]);
  });
});

describe('the live target out of its namespace lists', () => {
  const ns: NamespaceState = {
    workloads: [
      {
        kind: 'deployment',
        name: 'api',
        labels: { app: 'api' },
        generation: 7,
        images: ['r/api:2.0.1'],
        desired: 3,
        ready: 2,
      },
      {
        kind: 'deployment',
        name: 'api-gateway',
        labels: { app: 'gw' },
        generation: 1,
        images: ['r/gw:1'],
        desired: 1,
        ready: 1,
      },
      {
        kind: 'statefulset',
        name: 'db',
        labels: { app: 'db' },
        generation: 2,
        images: ['r/pg:16'],
        desired: 3,
        ready: 3,
      },
      {
        kind: 'daemonset',
        name: 'agent',
        labels: { app: 'db' },
        generation: 5,
        images: ['r/agent:1'],
        desired: 4,
        ready: 2,
      },
    ],
    pods: [
      { name: 'api-6b7d9c5f4-k2x7p', labels: { app: 'api' }, ready: true, restarts: 9, restartsLastHour: 2 },
      {
        name: 'api-gateway-6b7d9c5f4-aaaaa',
        labels: { app: 'gw' },
        ready: true,
        restarts: 0,
        restartsLastHour: 1,
      },
    ],
    events: [
      {
        reason: 'BackOff',
        message: 'm',
        object: 'Pod/api-6b7d9c5f4-k2x7p',
        count: 2,
        lastSeen: null,
        type: 'Warning',
      },
      {
        reason: 'Failed',
        message: 'm',
        object: 'Pod/api-gateway-6b7d9c5f4-aaaaa',
        count: 1,
        lastSeen: null,
        type: 'Warning',
      },
    ],
  };

  it('by selector: its deployments, its pods’ restarts, the events of both; not a look-alike name', () => {
    const t = liveTarget({ namespace: 'shop', selector: 'app=api' }, ns);
    expect(t.workloads).toEqual([
      { namespace: 'shop', name: 'api', generation: 7, images: ['r/api:2.0.1'], replicas: 3 },
    ]);
    expect([t.ready, t.desired, t.restartsLastHour]).toEqual([2, 3, 2]);
    expect(t.events.map((e) => e.object)).toEqual(['Pod/api-6b7d9c5f4-k2x7p']);
  });

  it('StatefulSets and DaemonSets the selector matches, with their pods’ events', () => {
    const withPods: NamespaceState = {
      ...ns,
      pods: [
        { name: 'db-0', labels: { app: 'db' }, ready: true, restarts: 1, restartsLastHour: 1 },
        { name: 'agent-x7k2p', labels: { app: 'db' }, ready: false, restarts: 0, restartsLastHour: 0 },
      ],
      events: [
        { reason: 'BackOff', message: 'm', object: 'Pod/db-0', count: 1, lastSeen: null, type: 'Warning' },
        {
          reason: 'Failed',
          message: 'm',
          object: 'Pod/agent-x7k2p',
          count: 2,
          lastSeen: null,
          type: 'Warning',
        },
      ],
    };
    const t = liveTarget({ namespace: 'shop', selector: 'app=db' }, withPods);
    expect(t.workloads).toEqual([
      { kind: 'statefulset', namespace: 'shop', name: 'db', generation: 2, images: ['r/pg:16'], replicas: 3 },
      {
        kind: 'daemonset',
        namespace: 'shop',
        name: 'agent',
        generation: 5,
        images: ['r/agent:1'],
        replicas: 4,
      },
    ]);
    expect([t.ready, t.desired, t.restartsLastHour]).toEqual([5, 7, 1]);
    expect(t.events.map((e) => e.object)).toEqual(['Pod/db-0', 'Pod/agent-x7k2p']);
  });

  it('by deployment name when the capture names one', () => {
    const t = liveTarget({ namespace: 'shop', selector: 'app=gw', deployment: 'api-gateway' }, ns);
    expect(t.workloads.map((w) => w.name)).toEqual(['api-gateway']);
  });
});

describe('image tags', () => {
  it('the tag, past a registry port and before a digest', () => {
    expect(imageTag('registry:5000/team/app:1.4.2')).toBe('1.4.2');
    expect(imageTag('app:1.4.2@sha256:abc')).toBe('1.4.2');
    expect(imageTag('registry:5000/team/app')).toBeUndefined();
    expect(imageTag('app@sha256:abc')).toBeUndefined();
  });
});

describe('drift between the plan and now', () => {
  const seen: SeenWorkload[] = [
    { namespace: 'shop', name: 'web', generation: 3, images: ['r/web:1'], replicas: 2 },
  ];

  it('nothing moved: no line', () => {
    expect(driftOf(seen, [...seen])).toEqual([]);
  });

  it('says each thing that moved, and a workload that is gone', () => {
    expect(
      driftOf(seen, [{ ...(seen[0] as SeenWorkload), generation: 4, images: ['r/web:2'], replicas: 5 }]),
    ).toEqual(['deployment shop/web: generation 3 → 4; image r/web:1 → r/web:2; replicas 2 → 5']);
    expect(driftOf(seen, [])).toEqual(['deployment shop/web is gone']);
  });

  it('a StatefulSet or DaemonSet is compared with its own kind, never a deployment of its name', () => {
    const sts: SeenWorkload = {
      kind: 'statefulset',
      namespace: 'shop',
      name: 'web',
      generation: 1,
      images: ['r/db:1'],
      replicas: 3,
    };
    const ds: SeenWorkload = {
      kind: 'daemonset',
      namespace: 'shop',
      name: 'agent',
      generation: 2,
      images: ['r/a:1'],
      replicas: 4,
    };
    expect(
      driftOf(
        [sts, ds],
        [
          { ...sts, images: ['r/db:2'] },
          { ...ds, replicas: 5 },
        ],
      ),
    ).toEqual(['statefulset shop/web: image r/db:1 → r/db:2', 'daemonset shop/agent: replicas 4 → 5']);
    // a deployment named like the StatefulSet does not stand in for it
    expect(driftOf([sts], [...seen])).toEqual(['statefulset shop/web is gone']);
  });
});

describe('the hidden data of the plan comment', () => {
  it('round-trips from the trailer; text from the cluster cannot close the comment', () => {
    const seen = {
      'intents/requests/a.yaml': [
        { namespace: 'n', name: 'x', generation: 1, images: ['--> <b>'], replicas: 1 },
      ],
    };
    const marker = seenMarker(seen);
    expect(marker).not.toContain('<b>');
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
    expect(seenIn(`body\n\n${marker}\n<!-- intentops:plan -->\n`)).toEqual(seen);
  });

  it('an older trailer (no kinds) still reads as deployments; a kind it does not know is left out', () => {
    const old = Buffer.from(
      JSON.stringify({
        'r.yaml': [
          { namespace: 'n', name: 'x', generation: 1, images: ['i'], replicas: 1 },
          { kind: 'cronjob', namespace: 'n', name: 'y', generation: 1, images: ['i'], replicas: 1 },
        ],
      }),
    ).toString('base64');
    const seen = seenIn(`x\n<!-- intentops:plan-seen=${old} -->\n<!-- intentops:plan -->\n`);
    expect(seen).toEqual({
      'r.yaml': [{ namespace: 'n', name: 'x', generation: 1, images: ['i'], replicas: 1 }],
    });
    const now: SeenWorkload = { namespace: 'n', name: 'x', generation: 2, images: ['i'], replicas: 1 };
    expect(driftOf(seen?.['r.yaml'] ?? [], [now])).toEqual(['deployment n/x: generation 1 → 2']);
  });

  it('a marker quoted in the text, not in the trailer, is not data; garbage is undefined', () => {
    const marker = seenMarker({ a: [] });
    expect(seenIn(`${marker}\n\nsome text after it\n`)).toBeUndefined();
    expect(seenIn('x\n<!-- intentops:plan-seen=bm90IGpzb24= -->\n')).toBeUndefined();
    expect(seenIn(undefined)).toBeUndefined();
  });
});
