import { describe, expect, it } from 'vitest';
import { keptInEnviron, splitEnv } from './sealed-env.js';

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
