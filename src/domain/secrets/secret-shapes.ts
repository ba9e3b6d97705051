import { isSecretName } from './redact.js';
import { eachMatch, firstGroupFinding, groupFinding, PLACEHOLDER, type Rule } from './secret-match.js';

/*
 * Shapes that reached records in plain text (issue 23) and that no maintained rule set we can use
 * covers. Where one does, it is used instead: secretlint's recommended preset (adapters/redactor.ts)
 * catches GitLab tokens (`glpat-`…, preset 12), Anthropic `sk-ant-api03-` and OpenAI keys of the
 * lengths it knows. Its 13.x preset adds a Stripe rule but needs Node 22, and gitleaks' rules come
 * only with its binary, so these are written here, each regex taken from the rule named beside it
 * where there is one:
 * - Azure Storage `AccountKey=` and Service Bus `SharedAccessKey=` (Microsoft's connection string
 *   format; neither secretlint nor gitleaks has a rule), SAS `sig=` and pre-signed URL signatures;
 * - Stripe `sk_live_`/`rk_live_` (gitleaks `stripe-access-token`);
 * - OpenAI `sk-proj-`/`sk-svcacct-`/`sk-admin-` and Anthropic `sk-ant-…-` keys of any length
 *   (gitleaks `openai-api-key`, `anthropic-api-key`, `anthropic-admin-api-key` fix the lengths,
 *   which have changed before);
 * - Slack app-level tokens to their end (gitleaks `slack-app-token`: secretlint's Slack rule stops
 *   before a last part longer than 40 characters, and cut only the prefix of `xapp-` tokens);
 * - command lines and manifests: `kubectl -o yaml|json` env pairs (`name: DB_PASSWORD` then
 *   `value: …`), `curl -u user:password`, `mysql -pPASSWORD`, `--password=…`.
 */

/** Token-shaped secrets recognised by their prefix; the label names the service. */
const PREFIXED: readonly [RegExp, string][] = [
  [/\b[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,}/dg, 'stripe'],
  [/\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/dg, 'openai'],
  [/\bsk-ant-[a-z]+\d*-[A-Za-z0-9_-]{20,}/dg, 'anthropic'],
  [/\bxapp-\d-[A-Za-z0-9]+-\d+-[A-Za-z0-9]+/dgi, 'slack'],
  [/\bxox[abeoprs]-(?:[A-Za-z0-9]+-)+[A-Za-z0-9]+/dg, 'slack'],
];
const prefixed: Rule = (text, out) => {
  for (const [re, label] of PREFIXED) {
    eachMatch(re, text, (m) => {
      const f = groupFinding(m, 0, label);
      if (f) out.push(f);
    });
  }
};

// `AccountKey=<base64>` (Storage) and `SharedAccessKey=<base64>` (Service Bus, Event Hubs) in
// connection strings, in any case and quoting; the value ends at `;`, a quote or a space.
const AZURE_KEY = /(?:^|[\s;"'{,])(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{16,}={0,2})/dgi;
// The signature is what grants access in a SAS token or a pre-signed S3/GCS URL.
const URL_SIGNATURE = /[?&](?:sig|X-Amz-Signature|X-Goog-Signature)=([A-Za-z0-9%+/=_-]{16,})/dgi;
const azure: Rule = (text, out) => {
  eachMatch(AZURE_KEY, text, (m) => {
    const f = groupFinding(m, 1, 'azure-key');
    if (f) out.push(f);
  });
  eachMatch(URL_SIGNATURE, text, (m) => {
    const f = groupFinding(m, 1, 'url-signature');
    if (f) out.push(f);
  });
};

/** A quoted or bare value: groups `n` ("…"), `n+1` ('…'), `n+2` (bare, up to a space or `stop`). */
const value = (stop: string) => String.raw`(?:"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^\s"'${stop}]+))`;

// A Pod's env as `kubectl get -o yaml` (`- name: DB_PASSWORD` then `value: …` on the next line),
// `-o json` (`"name": "DB_PASSWORD",` then `"value": "…"`) or flow YAML print it. `valueFrom` is
// not a value.
const ENV_PAIR = new RegExp(
  String.raw`["']?\bname["']?[ \t]*:[ \t]*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*,?\s*["']?value["']?[ \t]*:[ \t]*${value(',}\\]')}`,
  'dg',
);
const envPair: Rule = (text, out) => {
  eachMatch(ENV_PAIR, text, (m) => {
    const name = m[1] ?? '';
    const v = m[2] ?? m[3] ?? m[4] ?? '';
    if (!isSecretName(name.replace(/[.-]/g, '_')) || v.length === 0 || PLACEHOLDER.test(v)) return;
    const f = firstGroupFinding(m, [2, 3, 4], name);
    if (f) out.push(f);
  });
};

// `curl -u user:password`, `--user user:password`, `-uuser:password`: the password goes. Only on a
// curl line: `-u` is a user id or a flag for most other tools (`docker run -u 1000:1000`).
const CURL_USER = /\bcurl\b[^\r\n]*?\s(?:-u|--user)(?:[ \t]+|=)?["']?[^\s:"']*:((?:[^\s"'\\]|\\.)+)/dg;
// `mysql -pPASSWORD` and the other MySQL/MariaDB clients: a password glued to `-p` (`-p` alone
// prompts; `-P` is the port).
const MYSQL_P = new RegExp(
  String.raw`\b(?:mysql(?:dump|admin|import|show|check|pump|sh|binlog|slap)?|mariadb(?:-dump|-admin|dump|admin)?)\b[^\r\n]*?\s-p${value('')}`,
  'dg',
);
// `--password=…`, `--db-password "…"`, `--api-key=…`: long options that take a secret.
const SECRET_OPTION = new RegExp(
  String.raw`(?:^|[\s"'])--?(?:[A-Za-z0-9]+[-_])*(?:password|passwd|secret|token|api-?key|access-?key|secret-?key)(?:=|[ \t]+)${value('')}`,
  'dgi',
);
const commandLine: Rule = (text, out) => {
  eachMatch(CURL_USER, text, (m) => {
    const f = PLACEHOLDER.test(m[1] ?? '') ? undefined : groupFinding(m, 1, 'curl-user');
    if (f) out.push(f);
  });
  for (const [re, label] of [
    [MYSQL_P, 'mysql-password'],
    [SECRET_OPTION, 'password-option'],
  ] as const) {
    eachMatch(re, text, (m) => {
      const v = m[1] ?? m[2] ?? m[3] ?? '';
      // `--password --other-flag` and `--token $TOKEN` hold no value.
      if (v.length === 0 || v.startsWith('-') || PLACEHOLDER.test(v)) return;
      const f = firstGroupFinding(m, [1, 2, 3], label);
      if (f) out.push(f);
    });
  }
};

export const SHAPE_RULES: readonly Rule[] = [prefixed, azure, envPair, commandLine];
