import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/kube-state.ts
var MESSAGE_LIMIT = 512;
function isoTime(t) {
  if (t === null || t === void 0 || t === "") return null;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
function containers(specs, statuses, init) {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  const names = [...(specs ?? []).map((c) => c.name), ...(statuses ?? []).map((s) => s.name)];
  return [...new Set(names)].map((name) => {
    const s = byName.get(name);
    const image = specs?.find((c) => c.name === name)?.image ?? s?.image ?? "";
    const message = s?.state?.waiting?.message ?? s?.state?.terminated?.message;
    return {
      name,
      image,
      ready: s?.ready ?? false,
      restarts: s?.restartCount ?? 0,
      ...s?.state?.waiting?.reason ? { waiting: s.state.waiting.reason } : {},
      ...s?.state?.terminated?.reason ? { terminated: s.state.terminated.reason } : {},
      ...s?.state?.terminated?.reason && isoTime(s.state.terminated.finishedAt) ? { terminatedAt: isoTime(s.state.terminated.finishedAt) } : {},
      ...s?.lastState?.terminated?.reason ? { lastTerminated: s.lastState.terminated.reason } : {},
      ...s?.lastState?.terminated?.reason && isoTime(s.lastState.terminated.finishedAt) ? { lastTerminatedAt: isoTime(s.lastState.terminated.finishedAt) } : {},
      ...message ? { message: message.slice(0, MESSAGE_LIMIT) } : {},
      ...init ? { init: true } : {}
    };
  });
}
function podState(pod) {
  const all = [
    ...containers(pod.spec?.initContainers, pod.status?.initContainerStatuses, true),
    ...containers(pod.spec?.containers, pod.status?.containerStatuses, false)
  ];
  return {
    name: pod.metadata?.name ?? "",
    phase: pod.status?.phase ?? "Unknown",
    ready: pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    restarts: all.reduce((sum, c) => sum + c.restarts, 0),
    containers: all,
    ...pod.metadata?.labels?.["pod-template-hash"] ? { templateHash: pod.metadata.labels["pod-template-hash"] } : {}
  };
}
function deploymentState(d) {
  return {
    name: d.metadata?.name ?? "",
    // The API defaults spec.replicas to 1 when it is left out.
    desired: d.spec?.replicas ?? 1,
    updated: d.status?.updatedReplicas ?? 0,
    ready: d.status?.readyReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    observedGeneration: d.status?.observedGeneration ?? 0,
    generation: d.metadata?.generation ?? 0,
    conditions: (d.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      ...c.reason ? { reason: c.reason } : {}
    }))
  };
}
function eventState(e) {
  const lastSeen = isoTime(e.series?.lastObservedTime) ?? isoTime(e.lastTimestamp) ?? isoTime(e.eventTime) ?? isoTime(e.metadata?.creationTimestamp);
  return {
    reason: e.reason ?? "",
    message: (e.message ?? "").slice(0, MESSAGE_LIMIT),
    object: `${e.involvedObject?.kind ?? ""}/${e.involvedObject?.name ?? ""}`,
    count: e.series?.count ?? e.count ?? 1,
    lastSeen,
    type: e.type ?? ""
  };
}
var GENERATED_SUFFIX = /^([bcdfghjklmnpqrstvwxz2456789]{6,10}(-[bcdfghjklmnpqrstvwxz2456789]{5})?|[bcdfghjklmnpqrstvwxz2456789]{5}|\d+)$/;
function ownedBy(name, owner) {
  if (name === owner) return true;
  return name.startsWith(`${owner}-`) && GENERATED_SUFFIX.test(name.slice(owner.length + 1));
}
function eventsFor(events, involvedNames, since, max = 50) {
  const mine = (name) => involvedNames.some((n) => ownedBy(name, n));
  return events.filter((e) => mine(e.involvedObject?.name ?? "")).map(eventState).filter((e) => !since || e.lastSeen !== null && Date.parse(e.lastSeen) >= since.getTime()).sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? "")).slice(0, max);
}
var BENIGN_WAITING = /* @__PURE__ */ new Set(["ContainerCreating", "PodInitializing"]);
var BENIGN_TERMINATED = /* @__PURE__ */ new Set(["Completed"]);
function happenedSince(at, since) {
  return !since || at === void 0 || Date.parse(at) >= since.getTime();
}
function podIndicators(pods, scope = {}) {
  const out = [];
  for (const p of pods) {
    if (scope.templateHash && p.templateHash && p.templateHash !== scope.templateHash) continue;
    for (const c of p.containers) {
      if (c.waiting && !BENIGN_WAITING.has(c.waiting)) {
        out.push({ pod: p.name, container: c.name, reason: c.waiting, where: "waiting" });
      }
      if (c.terminated && !BENIGN_TERMINATED.has(c.terminated) && happenedSince(c.terminatedAt, scope.since)) {
        const at = c.terminatedAt ? { at: c.terminatedAt } : {};
        out.push({ pod: p.name, container: c.name, reason: c.terminated, where: "terminated", ...at });
      }
      if (c.lastTerminated && !BENIGN_TERMINATED.has(c.lastTerminated) && happenedSince(c.lastTerminatedAt, scope.since)) {
        const at = c.lastTerminatedAt ? { at: c.lastTerminatedAt } : {};
        out.push({
          pod: p.name,
          container: c.name,
          reason: c.lastTerminated,
          where: "lastTerminated",
          ...at
        });
      }
    }
  }
  return out;
}
function currentTemplateHash(replicaSets, deployment) {
  let best;
  for (const rs of replicaSets) {
    const owned = rs.metadata?.ownerReferences?.some((o) => o.kind === "Deployment" && o.name === deployment);
    const hash = rs.metadata?.labels?.["pod-template-hash"];
    const revision = Number(rs.metadata?.annotations?.["deployment.kubernetes.io/revision"]);
    if (!owned || !hash || !Number.isFinite(revision)) continue;
    if (!best || revision > best.revision) best = { revision, hash };
  }
  return best?.hash;
}
var DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
var DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function isNamespace(s) {
  return DNS_LABEL.test(s);
}
function isObjectName(s) {
  return DNS_SUBDOMAIN.test(s);
}

export {
  isoTime,
  podState,
  deploymentState,
  eventsFor,
  podIndicators,
  currentTemplateHash,
  isNamespace,
  isObjectName
};
