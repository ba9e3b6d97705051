import { describe, expect, it } from 'vitest';
import { isValidateCall } from './validate-route.js';

describe('isValidateCall', () => {
  it('takes validate after the global options, in any form main.ts accepts', () => {
    expect(isValidateCall(['validate'])).toBe(true);
    expect(isValidateCall(['validate', 'intents/requests/a.yaml', '--format', 'github'])).toBe(true);
    expect(isValidateCall(['--repo', '/r', 'validate'])).toBe(true);
    expect(isValidateCall(['--repo=/r', '--json', 'validate', '--help'])).toBe(true);
    expect(isValidateCall(['--json', '--repo', 'init', 'validate'])).toBe(true);
  });

  it('leaves every other line to the full CLI', () => {
    expect(isValidateCall([])).toBe(false);
    expect(isValidateCall(['init'])).toBe(false);
    expect(isValidateCall(['plan', 'validate'])).toBe(false);
    // `validate` as the value of --repo is a folder; the command is init.
    expect(isValidateCall(['--repo', 'validate', 'init'])).toBe(false);
    expect(isValidateCall(['--repo'])).toBe(false);
    expect(isValidateCall(['--help', 'validate'])).toBe(false);
    expect(isValidateCall(['-V'])).toBe(false);
    expect(isValidateCall(['--verbose', 'validate'])).toBe(false);
    expect(isValidateCall(['--', 'validate'])).toBe(false);
    expect(isValidateCall(['--json=1', 'validate'])).toBe(false);
  });
});
