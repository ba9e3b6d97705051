import { didYouMean } from '../input/did-you-mean.js';
import type { EnvironmentsFile } from '../schemas/environments.js';

// Which environment a request runs in: the one it names, else its intent's, else the only one the
// repository declares, else none (a repository without intents/environments.yaml has no names).

export type EnvironmentChoice = { name?: string } | { problem: string; named: 'request' | 'intent' | 'none' };

/** Why `name` is not an environment of `file` (did-you-mean included); undefined when it is one. */
export function unknownEnvironment(name: string, file: EnvironmentsFile | undefined): string | undefined {
  const names = file?.environments.map((e) => e.name) ?? [];
  if (names.includes(name)) return undefined;
  if (!file)
    return `environment '${name}' is named but there is no intents/environments.yaml: declare it there (environments: [{ name: ${name} }])`;
  const near = didYouMean(name, names);
  return `unknown environment '${name}'${near ? ` (did you mean '${near}'?)` : ''}; intents/environments.yaml declares: ${names.join(', ')}`;
}

export function chooseEnvironment(
  requested: string | undefined,
  intentDefault: string | undefined,
  file: EnvironmentsFile | undefined,
): EnvironmentChoice {
  const [name, named] =
    requested !== undefined
      ? ([requested, 'request'] as const)
      : intentDefault !== undefined
        ? ([intentDefault, 'intent'] as const)
        : ([undefined, 'none'] as const);
  if (name !== undefined) {
    const problem = unknownEnvironment(name, file);
    return problem ? { problem, named } : { name };
  }
  if (!file) return {};
  if (file.environments.length === 1) return { name: (file.environments[0] as { name: string }).name };
  return {
    problem: `which environment? intents/environments.yaml declares ${file.environments.map((e) => e.name).join(', ')}: name one with \`environment:\``,
    named: 'none',
  };
}
