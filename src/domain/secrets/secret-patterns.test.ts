import { describe, expect, it } from 'vitest';
import { findSecrets } from './secret-patterns.js';

// The rules' reach: what they find is covered with generated secrets in adapters/redactor.test.ts;
// here, ordinary step output they must leave alone (a record full of markers is useless).

describe('findSecrets leaves ordinary output alone', () => {
  it.each([
    'deployment.apps/web image updated\ndeployment "web" successfully rolled out',
    'curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com/v1/deploy',
    'authorization: denied for user ci on namespace shop',
    'use bearer authentication with a service account',
    'git clone ssh://git@github.com/acme/app.git && https://github.com/acme/app',
    'DB_PASSWORD=${DB_PASSWORD:-unset} PATH=/usr/bin HOME=/home/runner',
    '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----',
    '12345\n67890\n11111',
    // The shapes of issue 23 (secret-shapes.ts): their look-alikes in ordinary output.
    'sort -u names.txt; git push -u origin main; docker run -u 1000:1000 app; ps -u root',
    'curl --user-agent "probe:1.0" -u "$CI_USER:$CI_PASSWORD" https://x',
    'mysql -h db -P 3306 -u root -p shop',
    'docker login --password-stdin ghcr.io; gh auth login --with-token < token.txt',
    'tool --token-type bearer --token $API_TOKEN --password "$DB_PASSWORD" --secret-name db-creds',
    '    env:\n    - name: LOG_LEVEL\n      value: debug\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef: { name: db, key: password }',
    '{"name": "DB_PASSWORD", "value": "${DB_PASSWORD}"}',
    'https://acme.blob.core.windows.net/backups/db.dump?sp=r&sig=',
    'task-runner sk_unknown_format; desk-ant-farm; xapp-store',
  ])('%j', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('finds the value of a secret-named assignment, not its name', () => {
    const text = 'export DEPLOY_TOKEN=dt-0a9b8c7d6e5f\nHOME=/root';
    const [f, ...rest] = findSecrets(text);
    expect(rest).toEqual([]);
    expect(text.slice(f?.start, f?.end)).toBe('dt-0a9b8c7d6e5f');
    expect(f?.label).toBe('DEPLOY_TOKEN');
  });
});
