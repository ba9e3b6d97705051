/** Params that name what an intent acts on, in order of preference. */
const TARGET_PARAMS = ['app', 'target', 'service', 'name', 'deployment', 'namespace'];

/** What the execution acted on: used in ids, incident titles and fingerprints. */
export function targetOf(params: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of TARGET_PARAMS) {
    const v = params[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  const first = Object.values(params).find((v) => typeof v === 'string' && v !== '');
  return typeof first === 'string' ? first : undefined;
}

/** The param that names an intent's target (`app`, `target`, …), or undefined if none does. */
export function targetParamOf(paramNames: readonly string[]): string | undefined {
  return TARGET_PARAMS.find((p) => paramNames.includes(p));
}
