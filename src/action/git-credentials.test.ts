import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stepEnv } from '../app/execute/step-env.js';
import { gitAuthEnv, useGitCredentials } from './git-credentials.js';

const TOKEN = 'ghs_0123456789abcdefghijABCDEFGHIJ012345';
const KEY = 'http.https://github.com/.extraheader';
const saved = { ...process.env };
const dirs: string[] = [];
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'intentops-gitcred-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}
const gitConfig = (dir: string): string =>
  execFileSync('git', ['config', '--get-all', KEY], { cwd: dir, encoding: 'utf8', env: process.env }).trim();

describe('the bot’s git credentials', () => {
  it('reach the bot’s git processes through the environment, not .git/config, and never a step', () => {
    const dir = repo();
    expect(useGitCredentials(dir, 'https://github.com/', TOKEN)).toBe(true);
    const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`;
    expect(gitConfig(dir)).toBe(header);
    const local = execFileSync('git', ['config', '--local', '--list'], { cwd: dir, encoding: 'utf8' });
    expect(local).not.toContain('extraheader');
    // What a step gets of this process's environment: no GIT_CONFIG_* entry, so no token.
    const env = stepEnv({ intent: 'x', envPass: [] }, {}, process.env);
    expect(Object.keys(env).filter((k) => k.startsWith('GIT_CONFIG'))).toEqual([]);
    expect(JSON.stringify(env)).not.toContain(header.slice(-20));
  });

  it('adds nothing when the checkout persisted a header already (two would be refused)', () => {
    const dir = repo();
    execFileSync('git', ['config', '--local', KEY, 'AUTHORIZATION: basic persisted'], { cwd: dir });
    expect(useGitCredentials(dir, 'https://github.com', TOKEN)).toBe(false);
    expect(process.env.GIT_CONFIG_COUNT).toBe(saved.GIT_CONFIG_COUNT);
    expect(gitConfig(dir)).toBe('AUTHORIZATION: basic persisted');
  });

  it('keeps environment configuration that was there before', () => {
    const env = gitAuthEnv('https://ghe.example.com', TOKEN, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.x',
      GIT_CONFIG_VALUE_0: 'y',
    });
    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_1: 'http.https://ghe.example.com/.extraheader',
    });
  });
});
