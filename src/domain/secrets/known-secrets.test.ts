import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leakedPieces } from '../../../test/helpers/secret-shapes.js';
import { KnownSecrets } from './known-secrets.js';

const TOKEN = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);

describe('KnownSecrets', () => {
  it('a value split in two anywhere, in one text or two, leaves no piece of 8 (property)', () => {
    fc.assert(
      fc.property(TOKEN, fc.nat(), fc.boolean(), (secret, at, apart) => {
        const k = 1 + (at % (secret.length - 1));
        const known = new KnownSecrets([{ text: secret, label: 'API_TOKEN' }]);
        const [head, tail] = [`a ${secret.slice(0, k)} b`, `c ${secret.slice(k)} d`];
        const out = known.redact(apart ? [head, tail] : [`${head}\n${tail}`]).join('\n');
        expect(leakedPieces(out, secret, 8)).toEqual([]);
      }),
    );
  });

  it('maps what it finds across line breaks back to the text, breaks included', () => {
    const known = new KnownSecrets([{ text: 'tok-8f7e6d5c4b3a2910', label: 'API_TOKEN' }]);
    expect(known.redact(['x tok-8f7e6d\r\n    5c4b3a2910 y'])).toEqual(['x [REDACTED:API_TOKEN] y']);
    expect(known.spans(['ab\ntok-8f7e\n6d5c4b3a2910'])[0]).toContainEqual({
      start: 3,
      end: 24,
      label: 'API_TOKEN',
    });
  });

  it('leaves short values whole-only, and text without them alone', () => {
    const known = new KnownSecrets([{ text: 'pw-12345678', label: 'DB_PASSWORD' }]);
    expect(known.redact(['pw-1234 and 5678 and pw-12345678'])).toEqual([
      'pw-1234 and 5678 and [REDACTED:DB_PASSWORD]',
    ]);
  });
});
