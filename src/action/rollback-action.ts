import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import * as core from '../adapters/actions-runner.js';
import { RecordStore } from '../adapters/record-store.js';
import { githubEnvironmentOf } from '../app/execute/shards.js';
import type { RecordPublisher } from '../app/records/record-publisher.js';
import type { Stores } from '../app/records/stores.js';
import { type RemediateOptions, type Remediation, remediate } from '../app/rollback/remediate.js';
import { rollbackShardOf } from '../app/rollback/rollback-shards.js';
import { rollbackTargets } from '../app/rollback/rollback-targets.js';
import type { NoteDrafts, RollbackResult } from '../app/rollback/run-rollback.js';
import { AlreadyRolledBack, draftsOf, runRollback } from '../app/rollback/run-rollback.js';
import type { Connect } from '../app/shared/connection.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import { loadRepo } from '../app/shared/load-repo.js';
import type { ExecPorts } from '../app/shared/ports.js';
import { hasWriteAccess } from '../app/shared/write-access.js';
import { rollbackStatus, withRolledBack, withStatusLine } from '../domain/incidents/incident-issue.js';
import { InputError } from '../domain/input/errors.js';
import { rollbackClaimPath } from '../domain/reconcile/claim.js';
import { recordPath } from '../domain/records/record.js';
import { doneText } from '../domain/rollback/rollback.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import type { ActionInputs } from './inputs.js';
import { mergeOfId, syncOutcome } from './outcome-sync.js';
import type { CommentEvent } from './retry-command.js';
import { actionEnv } from './sealed-env.js';
import { upsertStickyComment } from './sticky-comment.js';
import { recordLink } from './summary.js';

// Rollback in the action. After a record that went wrong (in the execute job): the policy's answer
// — auto rolls back now and pushes the rollback's records, ask comments on the request PR and the
// incident issues how to roll back, never says so. And `/rollback [exec-id]` on a request PR or an
// incident issue: someone with write access decides, and the rollback runs in this job.

export interface RollbackContext {
  github: GitHubPort | undefined;
  inputs: ActionInputs;
  publisher: RecordPublisher;
  ports: ExecPorts;
  toolVersion: string;
  run?: ExecutionRecord['run'];
  upsertDraft?: Stores['upsertDraft'];
  signal?: AbortSignal;
  /** Each execution's environment's credentials (environment-credentials.ts). */
  connect?: Connect;
  secrets?: readonly string[];
}

/** `/rollback` or `/rollback exec-…` on the comment's first line; the id, or '' for none given. */
export function rollbackCommandOf(body: string | null | undefined): string | undefined {
  const m = /^\/rollback(?:\s+(exec-[a-z0-9-]+))?\s*$/.exec((body ?? '').trim().split('\n')[0] ?? '');
  return m ? (m[1] ?? '') : undefined;
}

/**
 * Incident drafts on GitHub are issues: a note is a comment on each. A rollback that ran is also
 * set in the issue's body (its status lines; the first line stops saying "Failing" once it
 * succeeded), so the issue reads current without its comments (issue 31, item 7).
 */
export function issueNotes(github: GitHubPort | undefined, inputs: ActionInputs): NoteDrafts {
  return async (paths, text, status) => {
    if (!github) return;
    for (const p of paths) {
      const number = Number(/\/issues\/(\d+)$/.exec(p)?.[1]);
      if (!number) continue;
      if (status?.rollback) await setRollbackStatus(github, inputs, number, status.rollback);
      await github.comments
        .create({ owner: inputs.owner, repo: inputs.repo }, number, text)
        .catch((err: unknown) =>
          core.warning(`could not note the rollback on #${number}: ${(err as Error).message}`),
        );
    }
  };
}

/**
 * Incident notes about a rollback that ran wait until its record is pushed: an issue must never say
 * "Rolled back", linking a record, for a rollback whose job died before pushing it (the re-run then
 * refuses it as run in part; found by the fault sweep, issue 28). Other notes are said at once.
 */
function notesAfterPush(ctx: RollbackContext): { noteDrafts: NoteDrafts; flush(): Promise<void> } {
  const now = issueNotes(ctx.github, ctx.inputs);
  const held: Parameters<NoteDrafts>[] = [];
  return {
    noteDrafts: async (paths, text, status) => {
      if (status?.rollback) held.push([paths, text, status]);
      else await now(paths, text, status);
    },
    flush: async () => {
      for (const args of held.splice(0)) await now(...args);
    },
  };
}

async function setRollbackStatus(
  github: GitHubPort,
  inputs: ActionInputs,
  issue: number,
  rollback: ExecutionRecord,
): Promise<void> {
  const repo = { owner: inputs.owner, repo: inputs.repo };
  try {
    const data = await github.issues.get(repo, issue);
    const link = recordLink(inputs, recordPath(rollback));
    const set = withStatusLine(data.body ?? '', 'Rollback', rollbackStatus(rollback, link));
    const body = rollback.status === 'success' ? withRolledBack(set) : set;
    if (body !== data.body) await github.issues.update(repo, issue, { body });
  } catch (err) {
    core.warning(`could not set the rollback in the body of #${issue}: ${(err as Error).message}`);
  }
}

export async function say(ctx: RollbackContext, issue: number, marker: string, text: string): Promise<void> {
  if (!ctx.github) return;
  const where = { owner: ctx.inputs.owner, repo: ctx.inputs.repo, issue_number: issue };
  await upsertStickyComment(ctx.github, where, `<!-- ${marker} -->`, `${text}\n\n<!-- ${marker} -->\n`).catch(
    (err: unknown) => core.warning(`could not comment on #${issue}: ${(err as Error).message}`),
  );
}

/**
 * Tells the request PR what became of the policy's rollback of execution `of`: as that request's
 * next action in the PR's one outcome comment (issue 31), or, on a PR whose outcome comment has no
 * row for it (written by an older version), in a comment of its own as before.
 */
export async function tellRequestPr(
  ctx: RollbackContext,
  pr: number,
  of: string,
  text: string,
  /** false: no row, nothing said (the caller's own reply says it already). */
  orComment = true,
) {
  if (!ctx.github) return;
  try {
    // The other rows of the merge come along (outcome-sync.ts): a concurrent job drops none of them.
    const merge = await mergeOfId(ctx.inputs.repoPath, of);
    const done = await syncOutcome(
      ctx.github,
      ctx.inputs,
      { pr, branch: ctx.publisher.branch, ...(merge ? { merge } : {}) },
      { next: { of, text } },
    );
    if (done.result === 'no-row' && orComment) await say(ctx, pr, `intentops:rollback-of=${of}`, text);
  } catch (err) {
    core.warning(`could not comment on #${pr}: ${(err as Error).message}`);
  }
}

/** Pushes the rollback's claim before its first step; false when another run's claim won. */
export function claimRollback(ctx: RollbackContext, by: string) {
  return async (of: ExecutionRecord): Promise<boolean> => {
    const rel = rollbackClaimPath(of.id);
    const abs = join(ctx.inputs.repoPath, rel);
    await mkdir(dirname(abs), { recursive: true });
    const claim = {
      rollback_of: of.id,
      by,
      at: new Date().toISOString(),
      ...(ctx.run ? { run: ctx.run } : {}),
    };
    await writeFile(abs, stringify(claim), { flag: 'wx' });
    const out = await ctx.publisher.publish([rel], `intentops: claim the rollback of ${of.id}`);
    if (out.pushed) return true;
    if (out.taken) return false;
    throw new Error(`the rollback claim ${rel} could not be pushed: ${out.error}`);
  };
}

export async function pushRollback(ctx: RollbackContext, r: RollbackResult): Promise<void> {
  const out = await ctx.publisher.publish(
    ['executions', 'incidents'],
    `intentops: rollback ${r.record.id} of ${r.of.id}`,
  );
  if (!out.pushed) throw new Error(`the rollback record ${r.record.id} could not be pushed: ${out.error}`);
}

/** After a record is published: what the policy says when a check, a P1 indicator or the bake failed. */
export async function remediateRecord(
  ctx: RollbackContext,
  record: ExecutionRecord,
  pr?: number,
  opts: {
    delegate?: RemediateOptions['delegate'];
    /** The caller writes the request's outcome row next, which says what the policy did. */
    outcomeFollows?: boolean;
  } = {},
): Promise<Remediation> {
  const tell = async (text: string, of: string) => {
    if (pr !== undefined && !opts.outcomeFollows) await tellRequestPr(ctx, pr, of, text);
  };
  const notes = notesAfterPush(ctx);
  const r = await remediate(
    {
      ...(opts.delegate ? { delegate: opts.delegate } : {}),
      repoDir: ctx.inputs.repoPath,
      toolVersion: ctx.toolVersion,
      env: actionEnv(),
      record,
      claim: claimRollback(ctx, 'policy'),
      ...(ctx.connect ? { connect: ctx.connect } : {}),
      ...(ctx.secrets ? { secrets: ctx.secrets } : {}),
      noteDrafts: notes.noteDrafts,
      ...(ctx.upsertDraft ? { upsertDraft: ctx.upsertDraft } : {}),
      ...(ctx.run ? { run: ctx.run } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      askHuman: tell,
    },
    ctx.ports,
  );
  if (r.action === 'rolled-back') {
    await pushRollback(ctx, r.rollback);
    await notes.flush();
    await tell(r.rollback.note, r.rollback.of.id);
  }
  return r;
}

/**
 * A rollback already done, asked for again — often the same comment re-delivered after the job that
 * ran it died between pushing its record and telling anyone (found by the fault sweep, issue 28):
 * what that job left unsaid is set from the record, idempotently — the request PR's outcome row and
 * each incident's status line. Its notes are not posted again: a re-delivery must not repeat them.
 */
async function catchUp(ctx: RollbackContext, done: AlreadyRolledBack, pr: number | undefined) {
  if (!ctx.github) return;
  const last = done.rollbacks.at(-1);
  if (!last) return;
  const record = await new RecordStore(ctx.inputs.repoPath).read(last);
  if (pr !== undefined) await tellRequestPr(ctx, pr, done.execution.id, doneText(record), false);
  for (const p of await draftsOf(ctx.inputs.repoPath, done.execution)) {
    const number = Number(/\/issues\/(\d+)$/.exec(p)?.[1]);
    if (number) await setRollbackStatus(ctx.github, ctx.inputs, number, record);
  }
}

/** `/rollback` from a comment: returns how many rollbacks ran. */
export async function rollbackFromComment(
  ctx: RollbackContext,
  event: CommentEvent & { issue?: { body?: string | null } },
) {
  const comment = event.comment;
  const issue = event.issue?.number;
  const asked = rollbackCommandOf(comment?.body);
  if (!comment || issue === undefined || asked === undefined) {
    core.info('not a /rollback comment: nothing to roll back');
    return 0;
  }
  if (!ctx.github) throw new Error('/rollback needs a token to check the commenter');
  const marker = `intentops:rollback=${comment.id}`;
  const login = comment.user?.login ?? '';
  if (
    !login ||
    !(await hasWriteAccess(ctx.github, { owner: ctx.inputs.owner, repo: ctx.inputs.repo }, login))
  ) {
    core.warning(
      `/rollback by ${login || 'an unknown user'} ignored: only people with write access may roll back`,
    );
    await say(
      ctx,
      issue,
      marker,
      `\`/rollback\` by \`${login}\` refused: only people with write access to this repository can roll back. Nothing was run.`,
    );
    return 0;
  }
  const targets = await rollbackTargets(
    ctx.github,
    { owner: ctx.inputs.owner, repo: ctx.inputs.repo, repoDir: ctx.inputs.repoPath },
    { asked, on: { number: issue, pullRequest: !!event.issue?.pull_request, body: event.issue?.body } },
  );
  if ('reply' in targets) {
    await say(ctx, issue, marker, targets.reply);
    return 0;
  }
  const ids = targets.ids;
  const lines: string[] = [];
  let ran = 0;
  // This job holds its own GitHub environment's secrets only: an execution of another environment
  // is never rolled back here (its rollback would run with this environment's credentials).
  const { catalog } = await loadRepo(ctx.inputs.repoPath, []);
  const githubEnvironment = githubEnvironmentOf(catalog, ctx.inputs.githubEnvironment);
  const store = new RecordStore(ctx.inputs.repoPath);
  for (const id of ids) {
    const where = githubEnvironment((await rollbackShardOf(store, id)).environment ?? '');
    if (where !== ctx.inputs.githubEnvironment) {
      core.warning(`/rollback ${id}: it ran in GitHub environment '${where}', not this job's: not run here`);
      lines.push(
        `Nothing rolled back for \`${id}\`: it ran in ${where ? `the GitHub environment \`${where}\`` : 'no declared environment'}, and this job runs in \`${ctx.inputs.githubEnvironment}\` with that environment's credentials only. Run \`intentops rollback ${id}\` with that environment's kubeconfig.`,
      );
      continue;
    }
    const notes = notesAfterPush(ctx);
    try {
      const r = await runRollback(
        {
          repoDir: ctx.inputs.repoPath,
          toolVersion: ctx.toolVersion,
          env: actionEnv(),
          id,
          by: login,
          mode: 'ask',
          trigger: `/rollback by ${login}`,
          ...(comment.html_url ? { commentUrl: comment.html_url } : {}),
          claim: claimRollback(ctx, login),
          ...(ctx.connect ? { connect: ctx.connect } : {}),
          ...(ctx.secrets ? { secrets: ctx.secrets } : {}),
          noteDrafts: notes.noteDrafts,
          ...(ctx.upsertDraft ? { upsertDraft: ctx.upsertDraft } : {}),
          ...(ctx.run ? { run: ctx.run } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        },
        ctx.ports,
      );
      await pushRollback(ctx, r);
      await notes.flush();
      // On the request PR, its row stops offering the rollback and says what came of it.
      if (event.issue?.pull_request) await tellRequestPr(ctx, issue, r.of.id, r.note, false);
      lines.push(r.note);
      ran++;
      const baked = !r.bake?.baked || r.bake.observation.verdict === 'pass';
      if (r.record.status !== 'success' || !baked)
        core.setFailed(`the rollback ${r.record.id} of ${id} did not succeed: a human is needed`);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      core.warning(`/rollback ${id}: ${err.message}`);
      lines.push(`Nothing rolled back for \`${id}\`: ${err.message}`);
      if (err instanceof AlreadyRolledBack)
        await catchUp(ctx, err, event.issue?.pull_request ? issue : undefined);
    }
  }
  await say(ctx, issue, marker, `\`${login}\` asked to roll back.\n\n${lines.join('\n\n')}`);
  return ran;
}
