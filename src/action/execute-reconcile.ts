import { hostname } from 'node:os';
import * as core from '../adapters/actions-runner.js';
import { Git } from '../adapters/git.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { RecordStore } from '../adapters/record-store.js';
import { cancelOnSignals } from '../adapters/signals.js';
import { afterRun } from '../app/after-run/index.js';
import { claimIsLive } from '../app/execute/claim-live.js';
import { approvedSeen, type Drift, driftSince, grantedSeen } from '../app/execute/drift-guard.js';
import { type MergeFacts, mergeFacts } from '../app/execute/merge-facts.js';
import type { Decided } from '../app/execute/pending.js';
import { type ReconcileItem, reconcile } from '../app/execute/reconcile.js';
import { runRequest } from '../app/execute/run-request.js';
import { settleRequest } from '../app/execute/settle.js';
import { environmentOf, githubEnvironmentOf, inShard, runsOnNamesOf } from '../app/execute/shards.js';
import { bakeWindowOf, rerunBakes } from '../app/observe/bake-follow-up.js';
import { resultHeadline } from '../app/plan/format.js';
import { githubOrigin, githubOriginOf } from '../app/records/origin.js';
import { RecordPublisher } from '../app/records/record-publisher.js';
import type { Remediation } from '../app/rollback/remediate.js';
import { rollbackShardOf } from '../app/rollback/rollback-shards.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import { loadRepo } from '../app/shared/load-repo.js';
import type { Observers } from '../app/shared/providers.js';
import { realPorts } from '../app/shared/real-ports.js';
import { buildVersion } from '../build-version.js';
import { BOT_IDENTITY } from '../domain/bot/bot-identity.js';
import type { Plan } from '../domain/plan/plan.js';
import type { RunIdentity } from '../domain/reconcile/claim.js';
import type { Candidate } from '../domain/reconcile/decide.js';
import { grantPath } from '../domain/reconcile/retry-grant.js';
import { shardName } from '../domain/reconcile/shard.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { dispatchBake } from './bake-dispatch.js';
import { branchOf } from './branch-of.js';
import { actionCredentials, loadEnvironments } from './environment-credentials.js';
import { githubDrafts } from './github-drafts.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig } from './observers.js';
import { type Followed, outcomeKey, outcomeRow } from './outcome-comment.js';
import { mergeOf, repairOutcomes, syncOutcome } from './outcome-sync.js';
import { openRecordsPullRequest } from './records-pull-request.js';
import {
  type CommentEvent,
  type GrantedRetry,
  grantRetries,
  renderRetryOutcome,
  reportRetry,
} from './retry-command.js';
import {
  type RollbackContext,
  remediateRecord,
  rollbackCommandOf,
  rollbackFromComment,
} from './rollback-action.js';
import { runRequestedRollbacks } from './rollback-request-action.js';
import { actionEnv } from './sealed-env.js';
import { upsertStickyComment } from './sticky-comment.js';
import { reconcileSummary, recordLink, writeSummary } from './summary.js';

// The execute job, whatever started it (a push, the schedule, a dispatch, a re-run): reconcile the
// merged requests with their records (see app/execute/reconcile.ts). A push is only a hint that
// something may be pending. SIGINT/SIGTERM (GitHub's cancel) stop the running step and still write
// and push its record.

/** The statuses of a request settled without running: its PR is told why even on a dry run. */
const NOT_RUN_COMMENTED: readonly string[] = ['denied', 'expired', 'interrupted'];
/** The statuses of a request that ran: a row in the outcome comment once its record is pushed. */
const OUTCOME_COMMENTED: readonly string[] = ['success', 'failed', 'cancelled'];

function runIdentity(): RunIdentity {
  const id = process.env.GITHUB_RUN_ID;
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT ?? '1') || 1;
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const url =
    id && process.env.GITHUB_REPOSITORY
      ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${id}`
      : undefined;
  return {
    ...(id ? { run: { id, attempt, ...(url ? { url } : {}) } } : {}),
    host: hostname(),
    pid: process.pid,
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function executeReconcile(
  inputs: ActionInputs,
  event: { ref?: string },
): Promise<ReconcileItem[]> {
  const signals = cancelOnSignals((l) => core.warning(l));
  try {
    return await reconcileJob(inputs, event, signals.signal);
  } finally {
    signals.dispose();
  }
}

async function reconcileJob(
  inputs: ActionInputs,
  event: { ref?: string },
  signal: AbortSignal,
): Promise<ReconcileItem[]> {
  const branch = branchOf(inputs, event);
  const me = runIdentity();
  const github = inputs.token
    ? connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) })
    : undefined;
  const drafts = inputs.token ? githubDrafts(inputs, branch) : undefined;
  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  // The branch as it is now, not the commit the event named: a re-run or a queued run starts on an
  // old commit, and the records pushed since are what tells it what is done.
  const synced = await git.syncToRemote('origin', branch);
  if (synced !== 'up-to-date') core.info(`checkout moved to origin/${branch} (${synced})`);
  const publisher = new RecordPublisher(git, {
    branch,
    runId: me.run ? `${me.run.id}` : `local-${me.pid}`,
    log: (l) => core.warning(l),
  });
  const toolVersion = await buildVersion();
  // Each request's (and each rolled-back execution's) environment's cluster and observability
  // credentials (environment-credentials.ts).
  const credentials = actionCredentials(inputs, await loadEnvironments(inputs.repoPath), (l) =>
    core.warning(l),
  );
  const rollbackCtx: RollbackContext = {
    github,
    inputs,
    publisher,
    ports: { ...realPorts((l) => core.info(l), observerConfig(inputs)), origin: githubOrigin(process.env) },
    toolVersion,
    ...(me.run ? { run: me.run } : {}),
    ...(drafts ? { upsertDraft: drafts } : {}),
    signal,
    connect: credentials.connect,
    secrets: credentials.secrets,
  };
  let retry: GrantedRetry | undefined;
  if (inputs.eventName === 'issue_comment') {
    // `/rollback` runs the rollback it asks for in this job; `/retry` grants, then the reconcile runs it.
    if (rollbackCommandOf((event as CommentEvent).comment?.body) !== undefined) {
      await core.group('rollback', () => rollbackFromComment(rollbackCtx, event as CommentEvent));
      return [];
    }
    retry = await grantRetries(github, inputs, event as CommentEvent, publisher, rollbackCtx.ports.observers);
    if (!retry) {
      // Refused, or nothing to retry: no reconcile, no step — as the reply said.
      core.setOutput('execution-ids', '');
      core.setOutput('status', 'skipped');
      await writeSummary('## intentops execute\n\nThe comment granted no retry: nothing was run.\n');
      return [];
    }
  }
  const { catalog } = await loadRepo(inputs.repoPath, []);
  // A shard's job (the sharded workflow's matrix) runs its environment and target only. A `/retry`
  // job runs only what it granted, and only in its own GitHub environment (it holds that one's
  // secrets, and a request elsewhere would run with them): a grant of another environment is left
  // to the sharded workflow, dispatched below, and no other pending request is touched.
  const onComment = inputs.eventName === 'issue_comment';
  const shard = onComment ? undefined : inputs.shard;
  if (shard) core.info(`shard ${shard}: only its requests and rollbacks run in this job`);
  const granted = new Set(retry?.grants.map(grantPath) ?? []);
  const elsewhere = new Map<string, string>();
  const githubEnvironment = githubEnvironmentOf(catalog, inputs.githubEnvironment);
  const grantedHere = (d: Decided): boolean => {
    if (!d.candidate.grant || !granted.has(d.candidate.grant)) return false;
    const environment = environmentOf(catalog, d);
    if (runsOnNamesOf(catalog, inputs.githubEnvironment, environment)) return true;
    elsewhere.set(d.candidate.path, githubEnvironment(environment));
    return false;
  };
  const store = new RecordStore(inputs.repoPath);
  const rollbackInShard = shard
    ? async (id: string) => {
        const s = await rollbackShardOf(store, id);
        return shardName(s.environment, s.target) === shard;
      }
    : undefined;
  let rollbackError: string | undefined;
  let rollbacksRan = 0;
  // Rollbacks a bake asked for (rollback-request-action.ts): production first, before new changes.
  // Not on a comment: a `/retry` job runs no rollback it was not asked for (another environment's).
  if (!inputs.dryRun && !onComment) {
    const requested = await runRequestedRollbacks(rollbackCtx, rollbackInShard);
    rollbackError = requested.error;
    rollbacksRan = requested.ran;
  }
  const facts = new Map<string, Promise<MergeFacts>>();
  const factsFor = (sha: string) => {
    const known = facts.get(sha);
    if (known) return known;
    const f = mergeFacts(
      github,
      { owner: inputs.owner, repo: inputs.repo, repoDir: inputs.repoPath, sha },
      { info: (l) => core.info(l), warn: (l) => core.warning(l) },
    );
    facts.set(sha, f);
    return f;
  };

  if (inputs.dryRun) core.info('dry run: nothing is claimed, run or recorded');
  // Bakes start as their own workflow runs, so this job (and its concurrency group) is not held.
  const dispatched = new Set<string>();
  const bake = async (record: ExecutionRecord, on: string | undefined) => {
    if (!github || !inputs.bakeWorkflow || record.status !== 'success') return;
    if (!bakeWindowOf(catalog, record.intent)) return;
    if (on !== branch) {
      core.warning(`the bake of ${record.id} was not started: its record is on ${on}, not on ${branch}`);
      return;
    }
    dispatched.add(record.id);
    await dispatchBake(github, inputs, { record, branch });
  };
  // Where the records of this job come from: said in each (metrics count local runs apart).
  const origin = githubOriginOf(process.env);
  // What moved since the approved plan, by request path: said on the PR after the run.
  const drifted = new Map<string, string[]>();
  const nothing: Drift = { moved: [], now: [] };
  const driftGuard = async (
    c: Candidate,
    pr: number | undefined,
    plan: Plan,
    observers: Observers,
  ): Promise<Drift> => {
    const path = c.path;
    if (!github || pr === undefined || !plan.observe?.kubernetes) return nothing;
    try {
      // A drift-denied request's /retry approved the cluster as its grant saw it: that is the plan.
      const seen =
        (c.grant ? await grantedSeen(inputs.repoPath, c.grant) : undefined) ??
        (await approvedSeen(github, { owner: inputs.owner, repo: inputs.repo }, pr, path));
      if (!seen) {
        core.info(`${path}: the plan noted no live state: nothing to compare (drift guard)`);
        return nothing;
      }
      const drift = await driftSince(seen, observers);
      if (drift.unread)
        core.warning(
          `${path}: not compared, the kubeconfig may not list ${drift.unread.join(', ')} (drift guard)`,
        );
      if (drift.moved.length) {
        drifted.set(path, drift.moved);
        core.warning(`${path}: the cluster moved since the approved plan: ${drift.moved.join('; ')}`);
      }
      return drift;
    } catch (err) {
      // The guard is a second look, not a gate of its own: unreadable, it is said and the run goes on.
      core.warning(`${path}: the drift guard could not compare: ${(err as Error).message}`);
      return nothing;
    }
  };
  const result = await reconcile({
    repoDir: inputs.repoPath,
    me,
    now: () => new Date(),
    ...(catalog.execute ? { settings: catalog.execute.data } : {}),
    publisher,
    live: claimIsLive({
      github,
      repo: { owner: inputs.owner, repo: inputs.repo },
      me,
      pidAlive,
      warn: (l) => core.warning(l),
    }),
    signal,
    dryRun: inputs.dryRun,
    ...(shard ? { only: inShard(catalog, shard) } : onComment ? { only: grantedHere } : {}),
    log: (l) => core.info(l),
    execute: async (c, beforeSteps) => {
      const pr = await factsFor(c.commit);
      return core.group(`execute ${c.path}`, async () => {
        const ran = await runRequest(
          {
            approvals: pr.approvals,
            approvalDetail: pr.approvalDetail,
            ...(pr.approvalsFrom ? { approvalsFrom: pr.approvalsFrom } : {}),
            ...(pr.proposer ? { proposer: pr.proposer } : {}),
            ...(pr.proposerTeams ? { proposerTeams: pr.proposerTeams } : {}),
            repoDir: inputs.repoPath,
            requestPath: c.path,
            toolVersion,
            env: actionEnv(),
            id: c.id,
            commit: c.commit,
            mergedAt: c.mergedAt,
            ...(pr.prOpenedAt ? { prOpenedAt: pr.prOpenedAt } : {}),
            ...(c.retryOf ? { retryOf: c.retryOf } : {}),
            ...(me.run ? { run: me.run } : {}),
            signal,
            beforeSteps,
            driftSince: (plan, observers) => driftGuard(c, pr.pr, plan, observers),
            connect: credentials.connect,
            secrets: credentials.secrets,
            ...(drafts ? { upsertDraft: drafts } : {}),
          },
          { ...realPorts((l) => core.info(l), observerConfig(inputs)), origin: githubOrigin(process.env) },
        );
        // A request the policies refused ran nothing: its one line says why (held or denied).
        if (ran.record.status === 'denied') core.info(resultHeadline(ran.record));
        return ran;
      });
    },
    settle: async (c, s) => {
      // The PR's author and opening go into the record of an interrupted request (a change) like
      // any other; unreadable, the record says the git author, unverified. afterEach asks the same
      // facts to comment on the PR for these statuses, so this asks GitHub nothing more.
      const pr = NOT_RUN_COMMENTED.includes(s.status)
        ? await factsFor(c.commit).catch(() => undefined)
        : undefined;
      return settleRequest(c, s, {
        repoDir: inputs.repoPath,
        toolVersion,
        env: actionEnv(),
        now: new Date(),
        ...(me.run ? { run: me.run } : {}),
        ...(pr?.proposer ? { prAuthor: pr.proposer } : {}),
        ...(pr?.prOpenedAt ? { prOpenedAt: pr.prOpenedAt } : {}),
        ...(origin ? { origin } : {}),
      });
    },
    afterEach: async (item) => {
      if (!item.record || !item.recordPath) return;
      await bake(item.record, item.branch);
      if (item.record.commands_run.length > 0 || item.record.status === 'success') {
        await afterRun({
          repoDir: inputs.repoPath,
          record: item.record,
          links: {
            record: recordLink(inputs, item.recordPath),
            ...(inputs.runUrl ? { run: inputs.runUrl } : {}),
            ...(item.record.approvals?.pr
              ? { pr: `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/pull/${item.record.approvals.pr}` }
              : {}),
          },
          env: actionEnv(),
          log: (l) => (l.startsWith('✖') ? core.warning(l) : core.info(l)),
        });
      }
      let followed: Followed = { kind: 'none' };
      if (item.record.status === 'failed' && !inputs.dryRun) {
        // A failed check or P1 indicator: the policy's answer (auto rolls back now, ask comments).
        const pr = await factsFor(item.record.request.commit ?? '').catch(() => undefined);
        // The outcome row written below says what the policy did: no comment of its own.
        followed = await remediateRecord(rollbackCtx, item.record, pr?.pr, { outcomeFollows: true }).then(
          followedOf,
          (err: unknown) => {
            rollbackError = (err as Error).message;
            core.error(`rollback of ${item.record?.id}: ${rollbackError}`);
            return { kind: 'human' } as const;
          },
        );
      }
      // Every outcome is a row of the PR's one outcome comment (issue 31): what ran, and what did
      // not and why, the policy's rollback offer or result as its next action.
      const status = item.record.status;
      const told =
        (OUTCOME_COMMENTED.includes(status) && !inputs.dryRun) || NOT_RUN_COMMENTED.includes(status);
      if (told && github) {
        const pr = await factsFor(item.record.request.commit ?? '').catch(() => undefined);
        if (pr?.pr !== undefined)
          await commentOutcome(github, inputs, pr.pr, branch, {
            path: item.path,
            record: item.record,
            recordUrl: recordLink(inputs, item.recordPath),
            followed,
            baking: dispatched.has(item.record.id),
          });
      }
      const moved = drifted.get(item.path);
      if (moved && OUTCOME_COMMENTED.includes(item.record.status) && github && !inputs.dryRun) {
        const pr = await factsFor(item.record.request.commit ?? '').catch(() => undefined);
        if (pr?.pr !== undefined) await commentDrift(github, inputs, pr.pr, item, moved);
      }
    },
  });

  if (!inputs.dryRun && !publisher.diverted && !signal.aborted) {
    for (const r of await rerunBakes(inputs.repoPath, catalog, me.run)) {
      if (dispatched.has(r.id)) continue;
      core.info(`${r.id}: pushed by an earlier attempt of this run without a bake: dispatching it`);
      await bake(r, branch);
    }
    // A job killed after a record's push left its PR without the row: written now (outcome-sync.ts).
    if (github) {
      const mine = new Set(result.items.flatMap((i) => (i.record ? [i.record.id] : [])));
      await repairOutcomes(github, inputs, branch, { now: new Date(), skip: mine }).catch((err: unknown) =>
        core.warning(`could not look over the recent outcome rows: ${(err as Error).message}`),
      );
    }
  }

  let handedOver = '';
  if (elsewhere.size && !inputs.dryRun) handedOver = await handOver(github, inputs, branch, elsewhere);
  if (retry && github) {
    const text =
      renderRetryOutcome(retry, result.items, (p) => recordLink(inputs, p), rollbacksRan) + handedOver;
    await reportRetry(github, inputs, retry, text);
  }

  let recordsPr: { number: number; url: string } | undefined;
  if (publisher.diverted && github) {
    recordsPr = await openRecordsPullRequest(github, inputs, { head: publisher.branch, base: branch }).catch(
      (err) => {
        core.warning(`could not open the records pull request: ${(err as Error).message}`);
        return undefined;
      },
    );
  }
  await writeSummary(
    reconcileSummary(result, inputs, {
      ...(recordsPr ? { recordsPr } : {}),
      diverted: publisher.diverted ? publisher.branch : undefined,
    }),
  );
  const ran = result.items.filter((i) => i.record);
  core.setOutput('execution-ids', ran.map((r) => r.id).join(','));
  core.setOutput('anomalies', String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  core.setOutput(
    'incident-issues',
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split('/').pop()) ?? []).join(','),
  );
  core.setOutput('pending', String(result.items.filter((i) => i.status === 'waiting').length));
  const failed = result.items.filter((r) =>
    ['failed', 'denied', 'cancelled', 'interrupted', 'expired'].includes(r.status),
  );
  const allDenied = failed.length > 0 && failed.every((r) => r.status === 'denied');
  core.setOutput(
    'status',
    allDenied ? 'denied' : failed.length ? 'failed' : ran.length ? 'success' : 'skipped',
  );

  if (publisher.diverted) {
    core.setFailed(
      `${branch} refused the records, so they were pushed to ${publisher.branch}${recordsPr ? ` and pull request #${recordsPr.number} (${recordsPr.url})` : ''}: merge it to bring them onto ${branch} (see docs: branch protection)`,
    );
  } else if (result.publishError) {
    core.setFailed(`the execution records could not be published: ${result.publishError}`);
  }
  if (rollbackError) core.setFailed(`a rollback could not be completed: ${rollbackError}`);
  if (signal.aborted)
    core.setFailed('the run was cancelled: the running request was stopped and recorded as cancelled');
  else if (failed.length) {
    core.setFailed(
      `${failed.length} request(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(', ')}`,
    );
  }
  return result.items;
}

/** What the job did about a failed record, as the outcome comment says it. */
function followedOf(r: Remediation): Followed {
  switch (r.action) {
    case 'rolled-back':
      return {
        kind: 'rolled-back',
        id: r.rollback.record.id,
        status: r.rollback.record.status,
        note: r.rollback.note,
      };
    case 'requested':
      return { kind: 'rolling-back' };
    case 'asked':
      return { kind: 'ask' };
    case 'never':
    case 'human':
      return { kind: r.action };
    default:
      return { kind: 'none' };
  }
}

/**
 * The request's row in the PR's one outcome comment (created once, then edited in place, with every
 * row of the merge's pushed records: outcome-sync.ts). A failure to comment does not hide the
 * record: the job goes on.
 */
async function commentOutcome(
  github: GitHubPort,
  inputs: ActionInputs,
  pr: number,
  branch: string,
  row: Parameters<typeof outcomeRow>[0],
): Promise<void> {
  try {
    const mine = [{ key: outcomeKey(row.path), row: outcomeRow(row, inputs), record: row.record }];
    const merge = mergeOf(row.record);
    const done = await syncOutcome(
      github,
      inputs,
      { pr, branch, ...(merge ? { merge } : {}) },
      { rows: mine },
    );
    core.info(`outcome comment on #${pr} ${done.action ?? 'not settled'} (${done.result})`);
  } catch (err) {
    core.warning(`could not comment the outcome on #${pr}: ${(err as Error).message}`);
  }
}

/** Says on the merged PR that its request ran although the cluster moved since the approved plan. */
async function commentDrift(
  github: GitHubPort,
  inputs: ActionInputs,
  pr: number,
  item: ReconcileItem,
  moved: string[],
): Promise<void> {
  if (!item.record) return;
  const marker = `<!-- intentops:drift=${item.record.id} -->`;
  const body = [
    `### The cluster moved since the approved plan — \`${item.path}\``,
    '',
    'Between the plan the approvals were given on and this run, another actor changed the target:',
    '',
    ...moved.map((m) => `- ${m.replace(/[<>]/g, '')}`),
    '',
    `It ran anyway (\`on_drift: proceed\`, the default): execution \`${item.record.id}\`, ${item.record.status}. A policy with \`on_drift: deny\` makes such a request wait for a fresh plan and approval.`,
    '',
    marker,
    '',
  ].join('\n');
  try {
    const sticky = await upsertStickyComment(
      github,
      { owner: inputs.owner, repo: inputs.repo, issue_number: pr },
      marker,
      body,
    );
    core.info(`drift comment on #${pr} ${sticky.action} (${sticky.id})`);
  } catch (err) {
    core.warning(`could not comment the drift on #${pr}: ${(err as Error).message}`);
  }
}

/**
 * Grants of requests in another GitHub environment than this job's: pushed already, so the
 * sharded execute workflow runs them in their own environment's job; started here. What the reply
 * adds about them.
 */
async function handOver(
  github: GitHubPort | undefined,
  inputs: ActionInputs,
  branch: string,
  elsewhere: ReadonlyMap<string, string>,
): Promise<string> {
  const names = [...elsewhere].map(
    ([path, env]) => `\`${path}\` (${env ? `GitHub environment \`${env}\`` : 'no environment'})`,
  );
  core.info(`not in this job's GitHub environment ${inputs.githubEnvironment}: ${names.join(', ')}`);
  const workflow = inputs.executeWorkflow;
  let started = false;
  if (github && workflow) {
    try {
      await github.workflows.dispatch({ owner: inputs.owner, repo: inputs.repo }, workflow, branch);
      started = true;
    } catch (err) {
      core.warning(
        `could not start ${workflow}: ${(err as Error).message}; the grant waits for its next run`,
      );
    }
  }
  return [
    '',
    '',
    `Not run by this job, which runs in the GitHub environment \`${inputs.githubEnvironment}\`: ${names.join(', ')}.`,
    started
      ? `Its grant is pushed and ${workflow} was started: it runs there, in its own environment's job.`
      : `Its grant is pushed: the next run of the execute workflow runs it, in its own environment's job.`,
  ].join('\n');
}
