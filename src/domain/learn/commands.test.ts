import { describe, expect, it } from 'vitest';
import { actionName, generalize, noteCommands } from './commands.js';
import { roundedDuration } from './numbers.js';

describe('manual note commands', () => {
  it('takes fenced code first, then $-prompted lines, then every line', () => {
    expect(noteCommands('Did this:\n```sh\n# comment\nkubectl delete pod x\n```\nthanks')).toEqual([
      'kubectl delete pod x',
    ]);
    expect(noteCommands('ran\n$ redis-cli  FLUSHDB\n$ echo ok')).toEqual(['redis-cli FLUSHDB', 'echo ok']);
    expect(noteCommands('systemctl restart nginx')).toEqual(['systemctl restart nginx']);
  });

  it('replaces whole target names, also at the start of a derived name, never inside another', () => {
    expect(generalize('kubectl -n shop delete pod -l app=shop', ['shop'], 'app')).toBe(
      'kubectl -n {{app}} delete pod -l app={{app}}',
    );
    expect(generalize('redis-cli -h shop-redis', ['shop'], 'app')).toBe('redis-cli -h {{app}}-redis');
    expect(generalize('echo workshop', ['shop'], 'app')).toBe('echo workshop');
    expect(generalize('restart shop-api and shop', ['shop', 'shop-api'], 'app')).toBe(
      'restart {{app}} and {{app}}',
    );
  });

  it('names an action after what the command does', () => {
    expect(actionName('kubectl rollout undo deployment/{{app}} -n {{app}}')).toBe('rollout-undo');
    expect(actionName('redis-cli -h {{app}}-redis FLUSHDB')).toBe('redis-flushdb');
    expect(actionName('systemctl restart {{app}}-cache')).toBe('restart-cache');
  });

  it('rounds durations up the way a person writes them', () => {
    expect([44, 120, 121, 455, 601].map(roundedDuration)).toEqual(['50s', '120s', '150s', '480s', '11m']);
    // No 10 s floor: a p95 of 2.5 s is 3s, not 10s (the rule would fire only above 20 s).
    expect([0.4, 2.522, 9.2, 10, 10.5].map(roundedDuration)).toEqual(['1s', '3s', '10s', '10s', '20s']);
  });
});
