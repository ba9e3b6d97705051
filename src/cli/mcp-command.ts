import { existsSync, statSync } from 'node:fs';
import { InputError } from '../domain/input/errors.js';
import { githubFromEnv } from './github-env.js';
import type { GlobalOptions } from './main.js';

// `intentops mcp --agent <name>`: who the agent is (the proposer policies judge), GitHub when the
// environment configures it, then the stdio server. Loaded only for this command: no other command
// pays for the MCP SDK.

/** A login-like name: it is written into request files and compared with policy patterns. */
const AGENT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?(?:\[bot\])?$/;

const log = (message: string) => process.stderr.write(`${message}\n`);

function agentName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = (flag ?? env.INTENTOPS_AGENT ?? '').trim();
  if (!name) {
    throw new InputError([
      {
        file: '--agent',
        severity: 'error',
        message:
          'expected the agent name (--agent <name> or INTENTOPS_AGENT): it is the proposer recorded and judged by policies',
      },
    ]);
  }
  if (!AGENT_NAME.test(name)) {
    throw new InputError([
      {
        file: '--agent',
        severity: 'error',
        message: `expected a login-like agent name (letters, digits, . _ -; up to 100), got ${JSON.stringify(name)}`,
      },
    ]);
  }
  return name;
}

export async function mcpCommand(g: GlobalOptions, o: { agent?: string }): Promise<number> {
  const agent = agentName(o.agent, process.env);
  if (!existsSync(g.repo) || !statSync(g.repo).isDirectory()) {
    throw new InputError([
      { file: '--repo', severity: 'error', message: `expected a directory, got ${g.repo}` },
    ]);
  }
  // stdout belongs to the protocol: a stray console.log from any module would corrupt it.
  console.log = console.info = console.debug = console.warn = console.error;
  const github = await githubFromEnv(process.env, log);
  const { serveStdio } = await import('../mcp/server.js');
  await serveStdio({ repoDir: g.repo, agent, github, now: () => new Date(), log });
  return 0;
}
