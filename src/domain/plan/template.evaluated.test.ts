import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../input/errors.js';
import { renderShell } from './template.js';

/**
 * Places where bash reads a word as a variable name, as arithmetic or as code (issue 23, item 7).
 * Quoting keeps a value one word, but there bash reads the word's text again: `a[$(…)]` as a name
 * or in arithmetic runs the `$(…)`. Each case first shows, with real bash, that the value quoted as
 * the renderer quotes a plain word runs a command there; then that the renderer refuses it, so
 * nothing runs.
 */

const dir = mkdtempSync(join(tmpdir(), 'intentops-evaluated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'MARKER');
/** A script that leaves the marker, for the builtins that run a file a value names. */
const script = join(dir, 'script.sh');
writeFileSync(script, `touch '${marker}'\n`);
chmodSync(script, 0o755);

const SUBSCRIPT = `a[$(touch ${marker})]`;
const ARRAY = `([0]=$(touch ${marker}))`;
const COMMAND = `touch ${marker}`;
const SUBSTITUTION = `$(touch ${marker})`;

/** The template, the value of {{v}} (and {{w}}), and what the refusal must say. */
// biome-ignore format: a table
const CASES: [template: string, values: { v: string; w?: string }, why: string][] = [
  // declare and its kin: a subscript in a name, arithmetic (-i), a name (-n), an array (-a, or an existing array)
  ['declare -i n={{v}}', { v: SUBSCRIPT }, 'an operand of declare'],
  ['typeset -i n={{v}}', { v: SUBSCRIPT }, 'an operand of typeset'],
  ['f() { local -i n={{v}}; }; f', { v: SUBSCRIPT }, 'an operand of local'],
  ['declare {{v}}=1', { v: SUBSCRIPT }, 'an operand of declare'],
  ['declare -a arr={{v}}', { v: ARRAY }, 'an operand of declare'],
  ['arr=(1); declare arr={{v}}', { v: ARRAY }, 'an operand of declare'],
  ['declare -n ref={{v}}; ref=1', { v: SUBSCRIPT }, 'an operand of declare'],
  ['readonly -a arr={{v}}', { v: ARRAY }, 'a value given to readonly -a'],
  ['2>/dev/null declare -i n={{v}}', { v: SUBSCRIPT }, 'an operand of declare'],
  ['command declare -i n={{v}}', { v: SUBSCRIPT }, 'an operand of declare'],
  ['{ declare -i n={{v}}; }', { v: SUBSCRIPT }, 'an operand of declare'],
  // assignments to integer variables, and to variables bash evaluates
  ['declare -i n; n={{v}}', { v: SUBSCRIPT }, 'stored by an assignment to n'],
  ['declare -i n; export n={{v}}', { v: SUBSCRIPT }, 'stored by export n='],
  ['declare -i n; for n in {{v}}; do :; done', { v: SUBSCRIPT }, 'stored by a for or select loop'],
  ['declare -i n; read n <<< {{v}}', { v: SUBSCRIPT }, 'may reach a variable through read'],
  ['RANDOM={{v}}', { v: SUBSCRIPT }, 'assigned to RANDOM'],
  ['OPTIND={{v}}', { v: SUBSCRIPT }, 'assigned to OPTIND'],
  ['PS4={{v}}; set -x; true', { v: SUBSTITUTION }, 'assigned to PS4'],
  ['export PS4={{v}}; set -x; true', { v: SUBSTITUTION }, 'assigned to PS4'],
  // builtins that take a variable name
  // a shell started on the value, or on a variable that holds it (found in review)
  ['bash -c {{v}}', { v: COMMAND }, 'an operand of bash'],
  ['sh -c {{v}}', { v: COMMAND }, 'an operand of sh'],
  ['x={{v}} bash -c \'echo $((x))\'', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['export n={{v}}; bash -c "(( n ))"', { v: SUBSCRIPT }, 'stored by export n='],
  ['printf -v {{v}} %s x', { v: SUBSCRIPT }, 'an operand of printf -v'],
  ['builtin printf -v {{v}} %s x', { v: SUBSCRIPT }, 'an operand of printf -v'],
  ['[ -v {{v}} ]', { v: SUBSCRIPT }, 'an operand of [ -v'],
  ['test -v {{v}}', { v: SUBSCRIPT }, 'an operand of test -v'],
  ['read {{v}} <<< x', { v: SUBSCRIPT }, 'an operand of read'],
  ['a=(1); unset {{v}}', { v: SUBSCRIPT }, 'an operand of unset'],
  ['mapfile -C {{v}} -c 1 arr <<< x', { v: COMMAND }, 'an operand of mapfile'],
  // a value that is an option reading a name: refused even where leading dashes are allowed
  ['test {{w}} {{v}}', { w: '-v', v: SUBSCRIPT }, 'where test or printf reads an operator or option'],
  ['printf {{w}} {{v}} %s x', { w: '-v', v: SUBSCRIPT }, 'where test or printf reads an operator or option'],
  ['printf -{{w}} {{v}} %s x', { w: 'v', v: SUBSCRIPT }, 'an option of printf'],
  // builtins that run code or a file
  ['trap {{v}} EXIT', { v: COMMAND }, 'an operand of trap'],
  ['source {{v}}', { v: script }, 'an operand of source'],
  ['. {{v}}', { v: script }, 'an operand of .'],
  ['compgen -W {{v}}', { v: SUBSTITUTION }, 'an operand of compgen'],
  ['hash -p {{v}} x; x', { v: script }, 'an operand of hash'],
  ['shopt -s expand_aliases\nalias x={{v}}\nx', { v: COMMAND }, 'an operand of alias'],
  ['jobs -x {{w}} {{v}}', { w: 'touch', v: marker }, 'an operand of jobs'],
  ['{{w}} {{v}}', { w: 'eval', v: COMMAND }, 'naming the command'],
  // a redirection does not end the command: eval still reads the value
  ['eval 2>&1 {{v}}', { v: COMMAND }, 'inside eval'],
  ['eval &>/dev/null {{v}}', { v: COMMAND }, 'inside eval'],
  // a variable holding a value, evaluated later
  ['x={{v}}; [[ $x -eq 1 ]]', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['x={{v}}; let y=x', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['x={{v}}; arr=(1); echo ${arr[x]}', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['x={{v}}; s=abc; echo ${s:x}', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['x={{v}}; echo ${!x}', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['x={{v}}; echo ${x@P}', { v: SUBSTITUTION }, 'stored by an assignment to x'],
  ['x={{v}}; eval "echo $x"', { v: SUBSTITUTION }, 'stored by an assignment to x'],
  ['x={{v}}; (( x ))', { v: SUBSCRIPT }, 'stored by an assignment to x'],
  ['set -- {{v}}; (( $1 ))', { v: SUBSCRIPT }, 'stored by set'],
  ['for x in {{v}}; do (( x )); done', { v: SUBSCRIPT }, 'stored by a for or select loop'],
  ['g() { f {{v}}; }; f() { (( $1 )); }; g', { v: SUBSCRIPT }, 'by function f'],
  ['echo {{v}} | while read x; do (( x )); done', { v: SUBSCRIPT }, 'through read'],
  [`echo {{v}} >${dir}/out; x=$(cat ${dir}/out); (( x ))`, { v: SUBSCRIPT }, 'through the output of $(…)'],
];

/** The value quoted as the renderer quotes a bare word: `'…'`, so bash itself removes no quote. */
const quoted = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
const { BASH_ENV: _bashEnv, ENV: _env, ...env } = process.env;

/** Runs a script in bash; true when it left the marker. */
function runs(script: string): boolean {
  rmSync(marker, { force: true });
  mkdirSync(dir, { recursive: true });
  spawnSync('bash', ['-c', script], { cwd: dir, env, input: '', timeout: 5000 });
  return existsSync(marker);
}

describe('values where bash reads a name, arithmetic or code', () => {
  it.each(CASES)('%s: bash evaluates a value there, and the renderer refuses it', (template, values, why) => {
    const naive = template.replace(/\{\{(\w+)\}\}/g, (_m, name: 'v' | 'w') => quoted(values[name] ?? ''));
    expect(runs(naive), `bash did not run the value in: ${naive}`).toBe(true);

    let rendered: string | undefined;
    let refusal: unknown;
    try {
      rendered = renderShell(template, { v: values.v, w: values.w ?? '' }, { allowLeadingDash: () => true });
    } catch (err) {
      refusal = err;
    }
    // Had the renderer accepted it, the rendered command must not run the value.
    if (rendered !== undefined) expect(runs(rendered), rendered).toBe(false);
    expect(refusal).toBeInstanceOf(TemplateError);
    expect((refusal as TemplateError).message).toContain(why);
  });
});

describe('values bash reads only as data stay accepted', () => {
  it.each([
    'echo {{v}}',
    'kubectl get {{v}}',
    'printf "%s\\n" {{v}}',
    '[ -n {{v}} ] && [ {{v}} = x ]',
    'test -f {{v}} || echo missing',
    'x={{v}}; echo "$x"',
    'export K={{v}}; env | grep -c K',
    'for x in {{v}}; do echo "$x"; done',
    'f() { echo "$1"; }; f {{v}}',
    'echo {{v}} | while read -r x; do echo "$x"; done',
    'read -r x <<< {{v}}; echo "$x"',
    'x={{v}}; echo "${arr[@]}" "${x:-default}"',
    'echo {{v}}; echo $((1 + 2))',
    './{{v}} || true',
    'cat <(echo {{v}})',
    'exec 3>{{v}}',
  ])('%s', (template) => {
    for (const v of [SUBSCRIPT, ARRAY, COMMAND, SUBSTITUTION]) {
      const rendered = renderShell(template, { v }, { allowLeadingDash: () => true });
      expect(runs(rendered), rendered).toBe(false);
    }
  });
});
