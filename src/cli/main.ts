import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../domain/errors.js';
import { VERSION } from '../version.js';
import { type ProposeOptions, planCommand, proposeCommand, runCommand, validateCommand } from './commands.js';
import type { LearnFlags } from './learn-command.js';

// The one place arguments are parsed. Exit codes (DESIGN.md): 0 ok, 1 the intent or check failed,
// 2 bad input or usage.

export interface GlobalOptions {
  repo: string;
  json: boolean;
}

function program(setCode: (code: number) => void): Command {
  const cmd = new Command('intentops')
    .description('GitOps intents: validate, plan, run, observe, detect, record, draft incidents')
    .version(VERSION)
    .option('--repo <dir>', 'the GitOps repository', '.')
    .option('--json', 'machine-readable output on stdout (any command; before or after it)', false)
    .showHelpAfterError()
    .exitOverride();
  const globals = (): GlobalOptions => {
    const o = cmd.opts<{ repo: string; json: boolean }>();
    return { repo: resolve(o.repo), json: o.json };
  };

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
    .action(async (request: string) => {
      setCode(await planCommand(globals(), request));
    });

  cmd
    .command('run')
    .description('execute a request: snapshot, steps, outcome checks, detection, record, incident drafts')
    .argument('<request>', 'request file')
    .option('--id <id>', 'execution id to use (the action derives it from the request and merge commit)')
    .action(async (request: string, o: { id?: string }) => {
      setCode(await runCommand(globals(), request, o.id));
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
    .option(
      '--pr',
      'open a pull request through the API (GITHUB_TOKEN, GITHUB_REPOSITORY) instead of writing locally',
    )
    .option('--dry-run', 'print the request, write nothing')
    .action(async (intent: string, o: ProposeOptions) => {
      setCode(await proposeCommand(globals(), intent, o));
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
  const cmd = program((c) => {
    code = c;
  });
  try {
    await cmd.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`intentops: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
