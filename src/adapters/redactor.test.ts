import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  anthropicKey,
  awsSecretKey,
  azureConnectionString,
  azureStorageKey,
  gitlabToken,
  jwt,
  kubeconfig,
  leakedPieces,
  npmToken,
  opaqueToken,
  openAiProjectKey,
  password,
  pemBodyLines,
  pemKey,
  sasSignature,
  sasUrl,
  slackAppToken,
  stripeKey,
} from '../../test/helpers/secret-shapes.js';
import { createRedactor, RedactionError } from './redactor.js';

// Token-shaped fixtures are assembled at run time so the repository never holds one verbatim.
const GITHUB = `ghp_${'a1B2c3D4e5F6'.repeat(3)}`;
const AWS_KEY_ID = `AKIA${'Q7XK2M9P4L8N3R6T'}`;
const SLACK = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
const PEM = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey.trim();

const DEPLOY_TOKEN = 'dt-9f8e7d6c5b4a';
const env = { DEPLOY_TOKEN, DB_PASSWORD: 'pg-secret-42', HOME: '/home/runner', SHORT_SECRET: 'abc' };

describe('createRedactor: environment secrets', () => {
  it('replaces secret env values in raw and base64 forms, names them, and leaves the rest', async () => {
    const r = await createRedactor({ env });
    const b64 = Buffer.from(DEPLOY_TOKEN).toString('base64');
    const text = [
      `token=${DEPLOY_TOKEN}`,
      `b64=${b64} nopad=${b64.replace(/=+$/, '')} url=${Buffer.from(DEPLOY_TOKEN).toString('base64url')}`,
      `Authorization: Basic ${Buffer.from(`admin:${'pg-secret-42'}`).toString('base64')}`,
      'cwd=/home/runner short=abc',
    ].join('\n');
    const out = await r.redactText(text);
    expect(out).not.toContain(DEPLOY_TOKEN);
    expect(out).not.toContain(b64.replace(/=+$/, ''));
    expect(out.split('\n')[0]).toBe('token=[REDACTED:DEPLOY_TOKEN]');
    expect(out.split('\n')[1]).toBe(
      'b64=[REDACTED:DEPLOY_TOKEN] nopad=[REDACTED:DEPLOY_TOKEN] url=[REDACTED:DEPLOY_TOKEN]',
    );
    expect(out.split('\n')[2]).toContain('[REDACTED:DB_PASSWORD]');
    expect(out.split('\n')[3]).toBe('cwd=/home/runner short=abc');
  });

  it('redacts extra secrets', async () => {
    const r = await createRedactor({ env: {}, extraSecrets: ['webhook-signing-value'] });
    expect(await r.redactText('sig: webhook-signing-value.')).toBe('sig: [REDACTED:SECRET].');
  });
});

describe('createRedactor: known token formats (secretlint)', () => {
  it.each([
    ['GitHub token', GITHUB, 'github'],
    ['AWS access key id', AWS_KEY_ID, 'aws'],
    ['Slack token', SLACK, 'slack'],
    ['private key block', PEM, 'privatekey'],
  ])('catches a %s', async (_name, secret, rule) => {
    const r = await createRedactor({ env: {} });
    const out = await r.redactText(`before\nvalue: ${secret}\nafter`);
    expect(out).toBe(`before\nvalue: [REDACTED:@secretlint/secretlint-rule-${rule}]\nafter`);
  });

  it('ignores secretlint-disable comments in the text', async () => {
    const r = await createRedactor({ env: {} });
    const out = await r.redactText(`// secretlint-disable\n${GITHUB}\n`);
    expect(out).not.toContain(GITHUB);
  });

  it('leaves text without secrets unchanged', async () => {
    const r = await createRedactor({ env });
    const text = 'deployment "home-portal" rolled out: 3/3 pods ready\nimage: ghcr.io/acme/home:1.2.3';
    expect(await r.redactText(text)).toBe(text);
  });
});

describe('secrets a span-trusting redactor leaked (issue 14)', () => {
  const noLeak = (out: string, secret: string) => expect(leakedPieces(out, secret, 10)).toEqual([]);

  it.each([1, 8, 30, 60])(
    'an AWS secret key after %i spaces of padding: no piece of the key is left',
    async (pad) => {
      const r = await createRedactor({ env: {} });
      // A key ending in '+' or '/' has no word boundary after it: secretlint's own rule misses it.
      for (const key of [awsSecretKey(), `${awsSecretKey().slice(0, 39)}+`]) {
        const out = await r.redactText(
          `[default]\naws_secret_access_key =${' '.repeat(pad)}${key}\nregion = eu-west-1`,
        );
        noLeak(out, key);
        expect(out).toContain('region = eu-west-1');
      }
    },
  );

  it('a secret secretlint found is redacted everywhere in the record, not only where it was found', async () => {
    const r = await createRedactor({ env: {} });
    const key = awsSecretKey();
    const out = await r.redactDeep({
      config: `AWS_SECRET_ACCESS_KEY=${key}`,
      echoed: `using ${key} for the upload`,
    });
    noLeak(JSON.stringify(out), key);
  });

  it('the token of an x-oauth-basic URL and of an .npmrc _authToken line', async () => {
    const r = await createRedactor({ env: {} });
    const gh = opaqueToken();
    const npm = npmToken();
    const out = await r.redactText(
      `remote: https://${gh}:x-oauth-basic@github.com/acme/app.git\n//registry.npmjs.org/:_authToken=${npm}`,
    );
    noLeak(out, gh);
    noLeak(out, npm);
  });

  it('JWTs, bearer and authorization headers, URL credentials', async () => {
    const r = await createRedactor({ env: {} });
    const [token, opaque, basic, password, user] = [
      jwt(),
      opaqueToken(),
      opaqueToken(),
      opaqueToken(),
      opaqueToken(),
    ];
    const text = [
      `id_token: ${token}`,
      `> GET /api/v1/pods HTTP/1.1\n> Authorization: Bearer ${opaque}`,
      `curl -H 'authorization: Basic ${Buffer.from(`ci:${basic}`).toString('base64')}' https://x`,
      `pushing to https://deploy:${password}@artifacts.example.com/repo`,
      `fetching https://${user}@github.com/acme/app.git`,
      'Authorization: Bearer $TOKEN (placeholders stay), bearer authentication is documented',
    ].join('\n');
    const out = await r.redactText(text);
    for (const s of [token, opaque, Buffer.from(`ci:${basic}`).toString('base64'), password, user])
      noLeak(out, s);
    expect(out).toContain('Authorization: Bearer $TOKEN (placeholders stay), bearer authentication');
  });

  it('a PEM key, whole, without its BEGIN line (a cut tail), and without its END line', async () => {
    const r = await createRedactor({ env: {} });
    const pem = pemKey();
    const lines = pem.split('\n');
    const tail = lines.slice(3).join('\n'); // BEGIN and two body lines cut off, mid-line
    const head = lines.slice(0, -4).join('\n'); // END never came
    for (const text of [`key:\n${pem}\ndone`, `${tail.slice(7)}\ndone`, `start\n${head}`]) {
      const out = await r.redactText(text);
      for (const line of pemBodyLines(pem)) noLeak(out, line);
    }
  });

  it('every INPUT_* value, and a kubeconfig input by its user entries only', async () => {
    const token = opaqueToken();
    const key = pemKey();
    const kube = kubeconfig('https://k8s.example:6443', token, key);
    const custom = opaqueToken();
    const r = await createRedactor({
      env: {
        INPUT_KUBECONFIG: kube,
        'INPUT_GITHUB-TOKEN': `ghs_${opaqueToken()}`,
        INPUT_EXTRA: custom,
        INPUT_COMMAND: 'execute',
      },
    });
    const out = await r.redactText(
      `token ${token}\n${key}\n${custom}\nkind: Config\napiVersion: v1\ncommand execute`,
    );
    noLeak(out, token);
    noLeak(out, custom);
    for (const line of pemBodyLines(key)) noLeak(out, line);
    expect(out).toContain('kind: Config\napiVersion: v1\ncommand execute');
  });
});

describe('secret shapes that reached records in plain text (issue 23)', () => {
  const noLeak = (out: string, secret: string) => expect(leakedPieces(out, secret, 8)).toEqual([]);

  it.each([
    ['an Azure Storage connection string', () => azureStorageKey(), (k: string) => azureConnectionString(k)],
    [
      'an Azure key in a JSON setting',
      () => azureStorageKey(),
      (k: string) => `{"storage": "${azureConnectionString(k)}"}`,
    ],
    ['a SAS signature in a blob URL', () => sasSignature(), (s: string) => `GET ${sasUrl(s)} 200`],
    ['a SAS token alone', () => sasSignature(), (s: string) => `AZURE_SAS=?sv=2022-11-02&sp=rl&sig=${s}`],
    ['a Stripe secret key', () => stripeKey('sk'), (k: string) => `stripe: using ${k}`],
    ['a Stripe restricted key', () => stripeKey('rk'), (k: string) => `restricted: using ${k}`],
    ['an OpenAI project key', () => openAiProjectKey(), (k: string) => `openai: ${k}`],
    ['an Anthropic API key', () => anthropicKey('api03'), (k: string) => `anthropic ${k}`],
    ['an Anthropic Admin API key', () => anthropicKey('admin01'), (k: string) => `admin ${k} set`],
    ['a GitLab personal access token', () => gitlabToken(), (k: string) => `git clone with ${k}`],
    ['a Slack app-level token, all of it', () => slackAppToken(), (k: string) => `socket mode: ${k}`],
    [
      'a kubectl -o yaml env pair',
      () => password(),
      (pw: string) =>
        `    env:\n    - name: LOG_LEVEL\n      value: debug\n    - name: DB_PASSWORD\n      value: ${pw}\n    - name: MODE\n      value: prod`,
    ],
    [
      'a kubectl -o yaml env pair, quoted',
      () => password(),
      (pw: string) => `        - name: API_TOKEN\n          value: "${pw}"`,
    ],
    [
      'a kubectl -o json env pair',
      () => password(),
      (pw: string) =>
        `"env": [\n  {\n    "name": "DB_PASSWORD",\n    "value": "${pw}"\n  },\n  {\n    "name": "MODE",\n    "value": "prod"\n  }\n]`,
    ],
    ['a flow-style env pair', () => password(), (pw: string) => `env: [{name: SMTP_PASS, value: ${pw}}]`],
    [
      'curl -u user:password',
      () => password(),
      (pw: string) => `+ curl -fsS -u deploy:${pw} https://nexus.internal/x`,
    ],
    [
      'curl --user user:password',
      () => password(),
      (pw: string) => `curl --user 'deploy:${pw}' -X POST https://x`,
    ],
    ['curl -uuser:password', () => password(), (pw: string) => `curl -udeploy:${pw} https://x`],
    ['mysql -pPASSWORD', () => password(), (pw: string) => `+ mysql -h db -uroot -p${pw} shop -e 'select 1'`],
    [
      'mysqldump -p"PASSWORD"',
      () => password(),
      (pw: string) => `mysqldump -uroot -p"${pw}" shop > dump.sql`,
    ],
    ['--password=', () => password(), (pw: string) => `+ psql-wrapper --host db --password=${pw} --db shop`],
    ['--db-password "…"', () => password(), (pw: string) => `tool --db-password="${pw}" migrate`],
  ])('%s', async (_name, make, place) => {
    const r = await createRedactor({ env: {} });
    const secret = make();
    const out = await r.redactText(place(secret));
    noLeak(out, secret);
    expect(out).toContain('[REDACTED:');
  });

  it('keeps what is around them', async () => {
    const r = await createRedactor({ env: {} });
    const pw = password();
    const out = await r.redactText(
      [
        `- name: DB_PASSWORD\n  value: ${pw}\n- name: MODE\n  value: prod`,
        `curl -u deploy:${pw} https://nexus.internal/x`,
        `mysql -uroot -p${pw} shop`,
        azureConnectionString(),
      ].join('\n'),
    );
    expect(out).toContain('- name: DB_PASSWORD\n  value: [REDACTED:');
    expect(out).toContain('- name: MODE\n  value: prod');
    expect(out).toContain('curl -u deploy:[REDACTED:');
    expect(out).toContain('https://nexus.internal/x');
    expect(out).toContain('mysql -uroot -p[REDACTED:');
    expect(out).toContain('DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=[REDACTED:');
    expect(out).toContain(';EndpointSuffix=core.windows.net');
  });
});

describe('known values by value: encodings, line breaks, halves (issue 23)', () => {
  // Symbols that every encoding changes, a non-ASCII letter, and 24 random characters.
  const secret = `p@ss/w:rd+&<é> ${opaqueToken()}`;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const wrap = (s: string, width: number) => s.replace(new RegExp(`(.{${width}})`, 'g'), '$1\n');
  const noLeak = (out: string, piece = 8) => {
    for (const form of [secret, secret.slice(10), b64(secret), encodeURIComponent(secret)])
      expect(leakedPieces(out, form, piece), out).toEqual([]);
  };
  const redactor = () => createRedactor({ env: { DB_PASSWORD: secret } });
  const half = Math.floor(secret.length / 2);

  it.each([
    ['as is', () => `password is ${secret}.`],
    ['base64', () => `data: ${b64(secret)}`],
    ['base64 at byte offset 1 of a blob', () => `Basic ${b64(`a${secret}`)}`],
    ['base64 at byte offset 2 of a blob', () => `Basic ${b64(`ab${secret}`)}`],
    ['base64 at byte offset 3 of a blob', () => `Basic ${b64(`abc${secret}`)}`],
    ['base64url', () => `jwt-ish ${Buffer.from(secret).toString('base64url')}`],
    ['base64 wrapped at 76 columns (GNU base64)', () => wrap(b64(`${secret}${secret}${secret}`), 76)],
    ['base64 wrapped at 64 columns (openssl)', () => wrap(b64(`${secret}:${secret}`), 64)],
    ['URL-encoded', () => `GET /login?pw=${encodeURIComponent(secret)}&x=1`],
    [
      'URL-encoded, lower-case hex',
      () => `pw=${encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}`,
    ],
    ['form-encoded', () => `body: ${new URLSearchParams({ pw: secret }).toString()}`],
    ['JSON-escaped', () => JSON.stringify({ pw: secret })],
    ['JSON with escaped slashes (PHP)', () => JSON.stringify({ pw: secret }).replace(/\//g, '\\/')],
    [
      'JSON, ASCII only (Python json.dumps)',
      () =>
        JSON.stringify({ pw: secret }).replace(
          /[^\x20-\x7e]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        ),
    ],
    [
      'JSON, HTML-safe (Go encoding/json)',
      () =>
        JSON.stringify({ pw: secret }).replace(
          /[<>&]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        ),
    ],
    ['across a line break', () => `password is ${secret.slice(0, 13)}\n${secret.slice(13)} (end)`],
    ['across a CRLF and an indent', () => `pw: ${secret.slice(0, 20)}\r\n    ${secret.slice(20)}`],
    [
      'in two halves on two lines, with text around',
      () => `first half: ${secret.slice(0, half)} ok\nsecond: ${secret.slice(half)} ok`,
    ],
    [
      'in two halves far apart',
      () => `${secret.slice(half)}\n${'filler\n'.repeat(50)}${secret.slice(0, half)}`,
    ],
    ['in two uneven pieces (9 and the rest)', () => `a ${secret.slice(0, 9)} b\nc ${secret.slice(9)} d`],
  ])('%s', async (_name, make) => {
    const r = await redactor();
    const out = await r.redactText(make());
    expect(out).toContain('[REDACTED:DB_PASSWORD]');
    noLeak(out);
  });

  it.each([
    ['in two halves', half],
    ['9 characters and the rest', 9],
    ['the rest and 9 characters', secret.length - 9],
  ])('one on stdout and one on stderr: %s', async (_name, at) => {
    const r = await redactor();
    const out = await r.redactDeep({
      stdout_tail: `begin\n${secret.slice(0, at)}\n`,
      stderr_tail: `${secret.slice(at)}\nend\n`,
    });
    noLeak(JSON.stringify(out));
    expect(out).toEqual({
      stdout_tail: 'begin\n[REDACTED:DB_PASSWORD]\n',
      stderr_tail: '[REDACTED:DB_PASSWORD]\nend\n',
    });
  });

  it('leaves ordinary text that shares a few characters with a secret', async () => {
    const r = await createRedactor({ env: { API_TOKEN: 'Zk3-deploy-9fQ2-xLr7-0pW5' } });
    const text = 'deploy-9 started; Zk3 is a zone; xLr7 done\nline\nbreak';
    expect(await r.redactText(text)).toBe(text);
  });
});

describe('webhook URLs are secrets (issue 23)', () => {
  it('by name: a variable named *WEBHOOK* holds a secret', async () => {
    const url = `https://chat.example.com/hooks/${opaqueToken()}`;
    const r = await createRedactor({ env: { TEAMS_WEBHOOK_URL: url } });
    expect(await r.redactText(`posting to ${url}`)).toBe('posting to [REDACTED:TEAMS_WEBHOOK_URL]');
  });

  it('by intents/notify.yaml: the variables it names hold secrets, whatever their names', async () => {
    const url = `https://mattermost.example.com/hooks/${opaqueToken()}`;
    const key = opaqueToken();
    const r = await createRedactor({
      env: { ALERTS_URL: url, PD_ROUTING: key, OTHER_URL: 'https://example.com/plain' },
      secretNames: ['ALERTS_URL', 'PD_ROUTING'],
    });
    const out = await r.redactText(`sent to ${url} with ${key}; see https://example.com/plain`);
    expect(out).toBe(
      'sent to [REDACTED:ALERTS_URL] with [REDACTED:PD_ROUTING]; see https://example.com/plain',
    );
  });
});

describe('redactDeep', () => {
  it('redacts every string, keys included, and keeps the shape', async () => {
    const r = await createRedactor({ env });
    const input = {
      steps: [
        { cmd: `deploy --token ${DEPLOY_TOKEN}`, exitCode: 0, ok: true },
        { stdout: `line\n${GITHUB}\nline`, stderr: '' },
      ],
      [AWS_KEY_ID]: 'a key as a key',
      nested: { list: [SLACK, 'plain', null, 42] },
    };
    const out = await r.redactDeep(input);
    expect(out).toEqual({
      steps: [
        { cmd: 'deploy --token [REDACTED:DEPLOY_TOKEN]', exitCode: 0, ok: true },
        { stdout: 'line\n[REDACTED:@secretlint/secretlint-rule-github]\nline', stderr: '' },
      ],
      '[REDACTED:@secretlint/secretlint-rule-aws]': 'a key as a key',
      nested: { list: ['[REDACTED:@secretlint/secretlint-rule-slack]', 'plain', null, 42] },
    });
    expect(input.steps[0]?.cmd).toContain(DEPLOY_TOKEN); // the input is not modified
  });

  it('does not join neighbouring strings into a secret', async () => {
    const r = await createRedactor({ env: {} });
    const half = GITHUB.length / 2;
    const parts = [GITHUB.slice(0, half), GITHUB.slice(half)];
    expect(await r.redactDeep(parts)).toEqual(parts);
  });

  it('throws RedactionError for values it cannot walk', async () => {
    const r = await createRedactor({ env });
    await expect(r.redactDeep({ when: new URL(`https://x/?t=${DEPLOY_TOKEN}`) })).rejects.toBeInstanceOf(
      RedactionError,
    );
  });

  it('reports its cost on ~200 strings / 50 KB', async () => {
    const t0 = performance.now();
    const r = await createRedactor({ env: { ...process.env, ...env } });
    const created = performance.now() - t0;
    const filler = 'kubectl rollout status deployment/home-portal --timeout=120s; pods 3/3 ready. ';
    const record = {
      steps: Array.from({ length: 100 }, (_, i) => ({
        command: `step ${i}: ${filler.slice(0, 40)}`,
        stdout: `${filler.repeat(6)}${i % 10 === 0 ? GITHUB : ''}`,
      })),
    };
    const bytes = JSON.stringify(record).length;
    const t1 = performance.now();
    const out = await r.redactDeep(record);
    const deep = performance.now() - t1;
    expect(JSON.stringify(out)).not.toContain(GITHUB);
    expect(JSON.stringify(out).match(/REDACTED:@secretlint/g)).toHaveLength(10);
    console.log(
      `createRedactor ${created.toFixed(1)} ms; redactDeep 200 strings / ${(bytes / 1024).toFixed(0)} KB ${deep.toFixed(1)} ms`,
    );
  });
});

describe('when secretlint fails', () => {
  afterEach(() => {
    vi.doUnmock('@secretlint/core');
    vi.resetModules();
  });

  it('createRedactor throws RedactionError when the engine throws', async () => {
    vi.resetModules();
    vi.doMock('@secretlint/core', () => ({
      lintSource: async () => {
        throw new Error('engine exploded');
      },
    }));
    const mod = await import('./redactor.js');
    await expect(mod.createRedactor({ env })).rejects.toThrow(mod.RedactionError);
    await expect(mod.createRedactor({ env })).rejects.toThrow(/engine exploded/);
  });

  it('redactText and redactDeep throw RedactionError when a later scan throws', async () => {
    vi.resetModules();
    const real = await vi.importActual<typeof import('@secretlint/core')>('@secretlint/core');
    let calls = 0;
    vi.doMock('@secretlint/core', () => ({
      lintSource: (args: Parameters<typeof real.lintSource>[0]) => {
        calls++;
        if (calls > 1) throw new Error('engine exploded later');
        return real.lintSource(args);
      },
    }));
    const mod = await import('./redactor.js');
    const r = await mod.createRedactor({ env });
    await expect(r.redactText(`x ${DEPLOY_TOKEN}`)).rejects.toThrow(mod.RedactionError);
    await expect(r.redactDeep({ a: 'b' })).rejects.toThrow(mod.RedactionError);
  });
});
