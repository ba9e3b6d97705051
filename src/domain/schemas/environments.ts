import * as z from 'zod/mini';
import { ALWAYS, described, ENV_NAME, KebabName, uniqueNames } from './common.js';

// intents/environments.yaml — where requests run: staging, production… Optional: without it a
// repository has one unnamed environment, as before environments existed.

const SecretName = z
  .string()
  .check(z.regex(ENV_NAME, 'expected a secret or variable name, e.g. STAGING_KUBECONFIG'));

/** Names of the GitHub secrets and variables holding one environment's credentials and URLs. */
const ConnectionShape = {
  kubeconfig: z
    .optional(SecretName)
    .apply(described, 'the secret holding the kubeconfig of this environment (default KUBECONFIG)'),
  observe_kubeconfig: z
    .optional(SecretName)
    .apply(
      described,
      "the repository secret holding the read-only kubeconfig the bake observes this environment with (the observe identity of `intentops rbac`); the bake never uses `kubeconfig`. A repository secret: the bake job runs in no GitHub environment. Default: the bake job's INTENTOPS_OBSERVE_KUBECONFIG, when the environment declares no kubeconfig",
    ),
  kube_context: z.optional(SecretName).apply(described, 'the variable naming the kubeconfig context to use'),
  prometheus_url: z
    .optional(SecretName)
    .apply(described, "the variable holding this environment's Prometheus URL (default PROMETHEUS_URL)"),
  prometheus_token: z.optional(SecretName).apply(described, 'the secret holding the Prometheus bearer token'),
  loki_url: z
    .optional(SecretName)
    .apply(described, "the variable holding this environment's Loki URL (default LOKI_URL)"),
  loki_token: z.optional(SecretName).apply(described, 'the secret holding the Loki bearer token'),
  oidc_audience: z
    .optional(z.string().check(z.minLength(1)))
    .apply(
      described,
      "the audience of the GitHub OIDC token intentops mints for this environment's credential plugin (a kubeconfig user with exec), e.g. sts.amazonaws.com; the plugin reads it from the file INTENTOPS_OIDC_TOKEN_FILE names (the job needs id-token: write)",
    ),
};

export const EnvironmentSchema = z
  .strictObject({
    name: KebabName.check(z.describe('environment name, e.g. staging; requests name it as `environment:`')),
    description: z.optional(z.string()),
    github_environment: z
      .optional(z.string().check(z.minLength(1)))
      .apply(
        described,
        'the GitHub environment its jobs run in (its protection rules and secrets); default: the name',
      ),
    order: z
      .optional(z.int().check(z.minimum(0)))
      .apply(described, 'where it comes in promotion: lower first (default: its position in the list)'),
    ...ConnectionShape,
  })
  .apply(described, 'an environment requests run in');
export type Environment = z.output<typeof EnvironmentSchema>;

export const EnvironmentsFileSchema = z
  .strictObject({
    environments: z
      .array(EnvironmentSchema)
      .check(z.minLength(1, 'expected at least one environment'), z.describe('the environments, in order')),
  })
  .check(
    z.superRefine(
      (f, ctx) => uniqueNames(f?.environments, 'name', ctx, 'environment', ['environments']),
      ALWAYS,
    ),
    z.describe('environments: intents/environments.yaml'),
  );
export type EnvironmentsFile = z.output<typeof EnvironmentsFileSchema>;

/** The environments in promotion order: by `order`, else by position. */
export function environmentsInOrder(file: EnvironmentsFile): Environment[] {
  return file.environments
    .map((e, i) => ({ e, k: e.order ?? i }))
    .sort((a, b) => a.k - b.k)
    .map(({ e }) => e);
}
