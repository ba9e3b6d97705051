import { describe, expect, it } from 'vitest';
import { rollbackCommandOf } from './rollback-action.js';

// The comment is untrusted input: only `/rollback` or `/rollback <execution id>` on its first line.

describe('rollbackCommandOf', () => {
  it('takes /rollback alone or with an execution id; anything else is not a command', () => {
    expect(rollbackCommandOf('/rollback')).toBe('');
    expect(rollbackCommandOf('  /rollback  \nplease')).toBe('');
    expect(rollbackCommandOf('/rollback exec-20261202-041230-deploy-app-web-8b2e7d')).toBe(
      'exec-20261202-041230-deploy-app-web-8b2e7d',
    );
    for (const body of [
      '/rollback exec-1; rm -rf /',
      '/rollback ../../etc/passwd',
      '/rollback exec-A',
      '/rollbacks',
      'please /rollback',
      '/retry',
      '',
      null,
    ])
      expect(rollbackCommandOf(body), String(body)).toBeUndefined();
  });
});
