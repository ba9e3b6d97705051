import { describe, expect, it } from 'vitest';
import { validateCall } from './validate-route.js';

describe('validateCall', () => {
  it('takes a plain validate line after the global options, in any form main.ts accepts', () => {
    expect(validateCall(['validate'])).toEqual({ json: false, paths: [], format: 'text' });
    expect(validateCall(['validate', 'intents/requests/a.yaml', '--format', 'github'])).toEqual({
      json: false,
      paths: ['intents/requests/a.yaml'],
      format: 'github',
    });
    expect(validateCall(['--repo', '/r', 'validate'])).toEqual({
      repo: '/r',
      json: false,
      paths: [],
      format: 'text',
    });
    expect(validateCall(['--repo=/r', '--json', 'validate', '--format=text', 'a.yaml'])).toEqual({
      repo: '/r',
      json: true,
      paths: ['a.yaml'],
      format: 'text',
    });
    // --json and --repo after the command, as commander takes them.
    expect(validateCall(['validate', 'a.yaml', '--json', '--repo', '/r'])).toEqual({
      repo: '/r',
      json: true,
      paths: ['a.yaml'],
      format: 'text',
    });
    // `validate` as the value of --repo is a folder.
    expect(validateCall(['--json', '--repo', 'validate', 'validate'])).toEqual({
      repo: 'validate',
      json: true,
      paths: [],
      format: 'text',
    });
  });

  it('leaves every other line to commander', () => {
    for (const argv of [
      [],
      ['init'],
      ['plan', 'validate'],
      ['--repo', 'validate', 'init'],
      ['--repo'],
      ['--help', 'validate'],
      ['validate', '--help'],
      ['validate', '-h'],
      ['-V'],
      ['--verbose', 'validate'],
      ['--', 'validate'],
      ['validate', '--', '-a.yaml'],
      ['--json=1', 'validate'],
      ['--format', 'json', 'validate'],
      ['validate', '--format', 'xml'],
      ['validate', '--format'],
      ['validate', '--format', '--json'],
      ['validate', '--json', '--json'],
      ['--repo', '/a', 'validate', '--repo', '/b'],
      ['validate', '--unknown'],
    ])
      expect(validateCall(argv), argv.join(' ')).toBeUndefined();
  });
});
