import { describe, expect, it } from 'vitest';
import { EnvironmentsFileSchema } from '../schemas/environments.js';
import { chooseEnvironment, unknownEnvironment } from './environment.js';

const TWO = EnvironmentsFileSchema.parse({ environments: [{ name: 'staging' }, { name: 'production' }] });
const ONE = EnvironmentsFileSchema.parse({ environments: [{ name: 'production' }] });

describe('chooseEnvironment', () => {
  it("takes the request's, else the intent's, else the only one, else none", () => {
    expect(chooseEnvironment('staging', 'production', TWO)).toEqual({ name: 'staging' });
    expect(chooseEnvironment(undefined, 'production', TWO)).toEqual({ name: 'production' });
    expect(chooseEnvironment(undefined, undefined, ONE)).toEqual({ name: 'production' });
    expect(chooseEnvironment(undefined, undefined, undefined)).toEqual({});
  });

  it('a name not declared is a problem with did-you-mean; two environments and none named asks which', () => {
    expect(chooseEnvironment('prodution', undefined, TWO)).toEqual({
      named: 'request',
      problem:
        "unknown environment 'prodution' (did you mean 'production'?); intents/environments.yaml declares: staging, production",
    });
    expect(chooseEnvironment(undefined, undefined, TWO)).toMatchObject({
      named: 'none',
      problem: expect.stringContaining('which environment?'),
    });
    expect(unknownEnvironment('staging', undefined)).toMatch(/there is no intents\/environments\.yaml/);
  });
});
