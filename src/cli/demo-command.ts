import { runDemo } from '../app/demo/demo.js';
import { buildVersion } from '../build-version.js';

export async function demoCommand(o: { clean: boolean; dir?: string }): Promise<number> {
  const version = await buildVersion();
  return runDemo({ ...o, env: process.env, version, print: (l) => process.stdout.write(`${l}\n`) });
}
