import { runDemo } from '../app/demo/demo.js';
import { VERSION } from '../version.js';

export function demoCommand(o: { clean: boolean; dir?: string }): Promise<number> {
  return runDemo({ ...o, env: process.env, version: VERSION, print: (l) => process.stdout.write(`${l}\n`) });
}
