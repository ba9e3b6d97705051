import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { observeCommand, type ProposeOptions, planCommand, proposeCommand, runCommand } from './commands.js';
import { type GlobalOptions, reportFailure, resolveGlobals } from './global-options.js';
import type { LearnFlags } from './learn-command.js';
import type { PromoteFlags } from './promote-command.js';
import { validateCommand } from './validate-command.js';

// The one place arguments are parsed. Exit codes (DESIGN.md): 0 ok, 1 the intent or check failed,
// 2 bad input or usage.

export type { GlobalOptions };

function program(setCode: (code: number) => void, version: string): Command {
  const cmd = new Command('intentops')
    .description('GitOps intents: validate, plan, run, observe, detect, record, draft incidents')
    .version(version)
    .option(
      '--repo <dir>',
      'the GitOps repository (default: the nearest folder up from here holding intents/)',
    )
    .option('--json', 'machine-readable output on stdout (any command; before or after it)', false)
    .showHelpAfterError()
    .exitOverride();
  const globals = (): GlobalOptions => resolveGlobals(cmd.opts<{ repo?: string; json: boolean }>());

  cmd
    .command('validate')
    .description('check files under intents/ (or the given ones): schema, cross-references, templates, rules')
    .argument('[paths...]', 'files to check, relative to the repo (default: everything under intents/)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'),
    )
    .action(async (paths: string[], o: { format: string }) => {
      const g = globals();
      setCode(await validateCommand(g, paths, g.json ? 'json' : (o.format as 'text' | 'json' | 'github')));
    });

  cmd
    .command('plan')
    .description('show exactly what a request would run: commands, checks, rules, policy verdict')
    .argument('<request>', 'request file, e.g. intents/requests/deploy-home-portal.yaml')
    .option(
      '--no-live',
      "skip the live state (the target's workloads, metrics, last execution, incidents) and the previews (dry-run diffs, preview commands)",
    )
    .action(async (request: string, o: { live: boolean }) => {
      setCode(await planCommand(globals(), request, { live: o.live }));
    });

  cmd
    .command('run')
    .description('execute a request: snapshot, steps, outcome checks, detection, record, incident drafts')
    .argument('<request>', 'request file')
    .option('--id <id>', 'execution id to use (the action derives it from the request and merge commit)')
    .option('--no-bake', "skip the intent's bake window (observe.for) after the run")
    .action(async (request: string, o: { id?: string; bake: boolean }) => {
      setCode(await runCommand(globals(), request, o.id, { bake: o.bake }));
    });

  cmd
    .command('observe')
    .description(
      "bake an earlier execution: watch it for the intent's observe window, write a follow-up record",
    )
    .argument('<execution-id>', 'e.g. exec-20251223-143052-deploy-app-home-portal-1a2b3c')
    .action(async (id: string) => {
      setCode(await observeCommand(globals(), id));
    });

  cmd
    .command('rollback')
    .description(
      "run an earlier execution's rollback steps (intent `rollback:`) as an execution of its own, observed and baked",
    )
    .argument('<execution-id>', 'the execution to undo (or its bake follow-up)')
    .action(async (id: string) => {
      const { rollbackCommand } = await import('./rollback-command.js');
      setCode(await rollbackCommand(globals(), id));
    });

  cmd
    .command('propose')
    .description(
      'write a valid request file for an intent (refused with reasons when it would not be accepted)',
    )
    .argument('<intent>', 'catalog intent, e.g. deploy-app')
    .option(
      '-p, --param <k=v>',
      'a param value (repeat for each)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .requiredOption('-r, --reason <text>', 'why this should run')
    .option('--proposer <name>', 'who proposes it: a login or an agent name (recorded, policies apply to it)')
    .option('--environment <name>', 'the environment it runs in (intents/environments.yaml)')
    .option(
      '--pr',
      'open a pull request through the API (GITHUB_TOKEN, GITHUB_REPOSITORY) instead of writing locally',
    )
    .option('--dry-run', 'print the request, write nothing')
    .action(async (intent: string, o: ProposeOptions) => {
      setCode(await proposeCommand(globals(), intent, o));
    });

  cmd
    .command('promote')
    .description(
      "write the request that runs an execution's change (same intent and params) in another environment",
    )
    .argument('<execution-id>', 'an execution in an earlier environment, e.g. the staging run')
    .requiredOption('--to <environment>', 'the environment to promote to (intents/environments.yaml)')
    .option('-r, --reason <text>', 'why (default: names the execution and the two environments)')
    .option('--proposer <name>', 'who proposes it: a login or an agent name')
    .option(
      '--pr',
      'open a pull request through the API (GITHUB_TOKEN, GITHUB_REPOSITORY) instead of writing locally',
    )
    .option('--dry-run', 'print the request, write nothing')
    .action(async (id: string, o: PromoteFlags) => {
      const { promoteCommand } = await import('./promote-command.js');
      setCode(await promoteCommand(globals(), id, o));
    });

  cmd
    .command('report')
    .description('write a static HTML report of the executions (charts, timelines): GitHub Pages ready')
    .requiredOption('--out <dir>', 'folder to write the site into')
    .option('--since <duration>', 'only executions this recent, e.g. 30d or 12h')
    .option(
      '--repository <owner/repo>',
      'link record paths to this GitHub repository (default: GITHUB_REPOSITORY, else the origin remote on github.com; else relative links)',
    )
    .option('--ref <ref>', 'the branch, tag or commit those links point at (default: GITHUB_SHA, else HEAD)')
    .action(async (o: { out: string; since?: string; repository?: string; ref?: string }) => {
      const { reportCommand } = await import('./report-command.js');
      setCode(await reportCommand(globals(), o));
    });

  cmd
    .command('metrics')
    .description(
      "delivery metrics from the records: change failure rate, time to restore, deployment frequency, lead time — humans' changes beside the agents'",
    )
    .option('--since <duration>', 'the period: changes this recent, e.g. 30d or 7d', '30d')
    .option(
      '--window <duration>',
      'how long after a change an incident or failed bake still counts against it',
      '24h',
    )
    .action(async (o: { since?: string; window?: string }) => {
      const { metricsCommand } = await import('./metrics-command.js');
      setCode(await metricsCommand(globals(), o));
    });

  const incident = cmd
    .command('incident')
    .description('local incident drafts, and what was done about them by hand (learning counts it)');
  incident
    .command('list')
    .description('open drafts under incidents/drafts/ with their fingerprints')
    .action(async () => {
      const { incidentListCommand } = await import('./incident-command.js');
      setCode(await incidentListCommand(globals()));
    });
  incident
    .command('note')
    .description('record a manual fix or step on a draft, like /manual-fix or /manual-step on GitHub')
    .argument('<draft>', 'the draft file or its fingerprint (6+ characters)')
    .option('--fix <text>', 'what fixed it by hand: commands in ``` fences or `$ ` lines')
    .option('--step <text>', 'a step done by hand after the intent ran')
    .option('--by <name>', 'who did it (default: $USER)')
    .action(async (draft: string, o: { fix?: string; step?: string; by?: string }) => {
      const { incidentNoteCommand } = await import('./incident-command.js');
      setCode(await incidentNoteCommand(globals(), draft, o));
    });

  cmd
    .command('learn')
    .description(
      'find repeated anomalies, manual fixes and manual steps; suggest policy and intent changes as branches or PRs',
    )
    .option('--since <duration>', "count over this window instead of each trigger's own, e.g. 7d or 30d")
    .option('--dry-run', 'print the suggestions and their changes, write nothing')
    .option('--pr', 'open or update one pull request per suggestion (GITHUB_TOKEN, GITHUB_REPOSITORY)')
    .option('--report', 'show the ledger: open, accepted and rejected suggestions, and learning velocity')
    .action(async (o: LearnFlags) => {
      const { learnCommand } = await import('./learn-command.js');
      setCode(await learnCommand(globals(), o));
    });

  cmd
    .command('mcp')
    .description(
      'serve the catalog, plans, proposals and records to AI agents (Model Context Protocol, stdio)',
    )
    .option(
      '--agent <name>',
      "the agent's name: the proposer recorded and judged by policies (env INTENTOPS_AGENT)",
    )
    .action(async (o: { agent?: string }) => {
      const { mcpCommand } = await import('./mcp-command.js');
      setCode(await mcpCommand(globals(), o));
    });

  cmd
    .command('replay')
    .description(
      'replay an execution from its record: the timeline, then detection re-run for the same verdict',
    )
    .argument('[execution]', 'execution id or record path (executions/YYYY-MM-DD/<id>.yaml)')
    .option('--all', 'replay every record and report those whose verdict differs')
    .option('--since <duration>', 'with --all: only records this recent, e.g. 30d')
    .action(async (execution: string | undefined, o: { all?: boolean; since?: string }) => {
      const { replayCommand } = await import('./replay-command.js');
      setCode(await replayCommand(globals(), execution, o));
    });

  cmd
    .command('backtest')
    .description(
      'evaluate a new or changed anomaly rule over past records: where it would fire or stop firing',
    )
    .requiredOption(
      '--rule <file|name>',
      'an anomaly-rules YAML file, or the name of a rule in intents/anomaly-rules/',
    )
    .option('--since <duration>', 'only records this recent, e.g. 30d')
    .action(async (o: { rule: string; since?: string }) => {
      const { backtestCommand } = await import('./backtest-command.js');
      setCode(await backtestCommand(globals(), o));
    });

  cmd
    .command('status')
    .description('merged requests without a final record, and what the next execute run does with each')
    .option('--all', 'check every merged request in the history, not only those since the last settled one')
    .action(async (o: { all?: boolean }) => {
      const { statusCommand } = await import('./status-command.js');
      setCode(await statusCommand(globals(), o));
    });

  cmd
    .command('rbac')
    .description(
      "least-privilege Kubernetes RBAC for the catalog's two identities (intentops-execute, intentops-observe)",
    )
    .option('--environment <name>', 'an environment of intents/environments.yaml')
    .option('--sa-namespace <ns>', 'namespace of the two ServiceAccounts', 'intentops')
    .option(
      '--preview',
      "also the opt-in intentops-preview-dry-run role, bound to intentops-observe: what the preview job's dry-run diffs and preview commands call",
    )
    .action(async (o: { environment?: string; saNamespace: string; preview?: boolean }) => {
      const { rbacCommand } = await import('./rbac-command.js');
      setCode(await rbacCommand(globals(), o));
    });

  const audit = cmd.command('audit').description('check the audit trail');
  audit
    .command('verify')
    .description("recompute every record's digest and the prev_digest chain across executions/ and rollups")
    .option('--fork-window <duration>', 'how late a concurrent run may name an older predecessor', '1h')
    .action(async (o: { forkWindow?: string }) => {
      const { auditVerifyCommand } = await import('./audit-command.js');
      setCode(await auditVerifyCommand(globals(), o));
    });
  audit
    .command('bot-owned')
    .description(
      "refuse a pull request that adds, changes or deletes the bot's evidence (executions/, incidents/*.jsonl, learning/ledger.yaml) unless the bot made it",
    )
    .requiredOption('--base <sha>', "the pull request's base commit")
    .requiredOption('--head <sha>', "the pull request's head commit")
    .requiredOption('--author <login>', "the pull request's author")
    .option('--actor <login>', 'who pushed the commit that started the check (github.actor)')
    .option(
      '--bot <login>',
      'a login that is the bot besides github-actions[bot] (repeatable; also INTENTOPS_BOT_LOGINS, comma-separated)',
      (v: string, all: string[] = []) => [...all, v],
    )
    .action(async (o: { base: string; head: string; author: string; actor?: string; bot?: string[] }) => {
      const { auditBotOwnedCommand } = await import('./audit-command.js');
      setCode(await auditBotOwnedCommand(globals(), o));
    });

  cmd
    .command('prune')
    .description('move records older than the retention into weekly rollups (executions/rollups/)')
    .option('--retention <duration>', 'keep records this recent', '30d')
    .option('--dry-run', 'say what would move, change nothing')
    .action(async (o: { retention?: string; dryRun?: boolean }) => {
      const { pruneCommand } = await import('./prune-command.js');
      setCode(await pruneCommand(globals(), o));
    });

  cmd
    .command('init [dir]')
    .description(
      'scaffold a GitOps repository (or add what it lacks; never overwrites): intents/, schemas/, workflows',
    )
    .option(
      '--action-repo <owner/name>',
      'the action the workflows use (default: the one they use already, else intentops/intentops)',
    )
    .option(
      '--check',
      'say what is missing, and each difference of the workflows from what this version needs; write nothing (exit 1 when there is one)',
    )
    .option(
      '--update',
      "merge this version's templates into the files an earlier version wrote, keeping your edits; prints what changed (exit 1 when a conflict is left to resolve)",
    )
    .action(
      async (dir: string | undefined, o: { actionRepo?: string; check?: boolean; update?: boolean }) => {
        const { initCommand } = await import('./init-command.js');
        setCode(await initCommand(globals(), dir, o));
      },
    );

  cmd
    .command('demo')
    .description('the whole loop on a throw-away local GitOps repo: no cluster, no GitHub')
    .option(
      '--clean',
      'remove the demo repo at the end (by default it stays in a temp folder to look around)',
    )
    .option('--dir <dir>', 'build the demo repo here instead of a temp folder')
    .action(async (o: { clean?: boolean; dir?: string }) => {
      const { demoCommand } = await import('./demo-command.js');
      setCode(await demoCommand({ clean: !!o.clean, ...(o.dir ? { dir: resolve(o.dir) } : {}) }));
    });
  return cmd;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  // `--version` of a build from an unreleased tree names its commit (src/build-version.ts): git is
  // asked only when the version is shown.
  const version = argv.some((a) => a === '-V' || a === '--version')
    ? await (await import('../build-version.js')).buildVersion()
    : VERSION;
  const cmd = program((c) => {
    code = c;
  }, version);
  try {
    await cmd.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportFailure(err);
  }
}
