import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHandoverPath, keptInEnviron, splitEnv } from './sealed-env.js';

describe('what stays in the environment a step can read', () => {
  it('keeps the runner’s documented variables and seals inputs, tokens and anything a workflow sets', () => {
    const { keep, sealed } = splitEnv({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LC_ALL: 'C.UTF-8',
      GITHUB_SHA: 'abc',
      GITHUB_EVENT_PATH: '/tmp/event.json',
      RUNNER_TEMP: '/tmp',
      KUBECONFIG: '/tmp/kube',
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      INPUT_COMMAND: 'execute',
      ACTIONS_RUNTIME_TOKEN: 'ey.x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ey.y',
      GITHUB_TOKEN: 'ghs_y',
      GITHUB_APP_PRIVATE_KEY: '-----BEGIN',
      RUNNER_SECRET: 'z',
      SLACK_WEBHOOK_URL: 'https://hooks.example/x',
      INTENTOPS_BOT_LOGINS: 'bot',
      HTTPS_PROXY: 'http://u:p@proxy:3128',
    });
    expect(Object.keys(keep).sort()).toEqual(
      ['GITHUB_EVENT_PATH', 'GITHUB_SHA', 'HOME', 'KUBECONFIG', 'LC_ALL', 'PATH', 'RUNNER_TEMP'].sort(),
    );
    expect(Object.keys(sealed)).toContain('INPUT_GITHUB-TOKEN');
    expect(Object.keys(sealed)).toContain('GITHUB_TOKEN');
    expect(Object.keys(sealed)).toContain('GITHUB_APP_PRIVATE_KEY');
    expect(Object.keys(sealed)).toContain('HTTPS_PROXY');
    expect(keptInEnviron('ACTIONS_RUNTIME_TOKEN')).toBe(false);
  });
});

describe('the handover path', () => {
  it('is only a FIFO in a folder this module makes: a stray variable cannot aim the clean-up elsewhere', () => {
    expect(isHandoverPath('/dev/shm/intentops-seal-a1B2c3/env')).toBe(true);
    expect(isHandoverPath(join(tmpdir(), 'intentops-seal-Zz9xY0', 'env'))).toBe(true);
    expect(isHandoverPath('/home/runner/work/repo/repo/env')).toBe(false);
    expect(isHandoverPath('/dev/shm/intentops-seal-a1B2c3/../../etc/env')).toBe(false);
    expect(isHandoverPath('/dev/shm/other/env')).toBe(false);
    expect(isHandoverPath('/dev/shm/intentops-seal-a1B2c3/x')).toBe(false);
  });
});
