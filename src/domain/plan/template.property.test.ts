import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../input/errors.js';
import { renderArgv, renderShell } from './template.js';

/**
 * Real bash decides whether a rendered string is safe: for hostile values, bash must receive exactly
 * the arguments the template meant, byte for byte. Globs and `~` would expand if left unquoted:
 * the working directory holds files they would match.
 */

// biome-ignore format: grouped by kind, one group a line
const HOSTILE = [
  "'", '"', ';', '&&', '||', '|', '$(id)', '$(printf pwned)', '`id`', '${IFS}', '$IFS', '$1', '$@',
  '*', '?', '[a]', '~', '~root', '{a,b}', '\n', '\r', '\t', ' ', '\\', '\\\n', '#', '../',
  '{{w}}', '{{ v }}', '$', '!', '!!', '>', '<', '<<EOF', '(', ')', '{', '}', '=', '%s', '%n', '\\0',
  "'\\''", "$'x'", '$"x"', 'é', '日本', '😀', '\u2028', '\uD800', '-', '--', '-rf', 'a', 'home-portal',
];
const value = fc.oneof(
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replaceAll('\0', '')),
  fc.constant(''),
);

/** A shell fragment (one word) and the argument bash should see for given values of v and w. */
interface Fragment {
  text: string;
  expect: (v: string, w: string) => string;
  /** The values that begin a shell word (the fragment's own, or a word inside its `$(…)`). */
  leading: (v: string, w: string) => string[];
}
const stripNewlines = (s: string) => s.replace(/\n+$/, '');
const FRAGMENTS: Fragment[] = [
  { text: '{{v}}', expect: (v) => v, leading: (v) => [v] },
  { text: '{{ w }}', expect: (_v, w) => w, leading: (_v, w) => [w] },
  { text: 'apps/{{v}}', expect: (v) => `apps/${v}`, leading: () => [] },
  { text: 'app={{v}}', expect: (v) => `app=${v}`, leading: () => [] },
  { text: 'x{{v}}.y', expect: (v) => `x${v}.y`, leading: () => [] },
  { text: "'{{v}}'", expect: (v) => v, leading: (v) => [v] },
  { text: "'a b {{v}} $x'", expect: (v) => `a b ${v} $x`, leading: () => [] },
  { text: '"{{v}}"', expect: (v) => v, leading: (v) => [v] },
  { text: '"pre {{v}} \\$x"', expect: (v) => `pre ${v} $x`, leading: () => [] },
  { text: '"$(printf %s {{v}})"', expect: (v) => stripNewlines(v), leading: (v) => [v] },
  {
    text: `"$(printf %s "{{v}}" '{{w}}')"`,
    expect: (v, w) => stripNewlines(v + w),
    leading: (v, w) => [v, w],
  },
  { text: '{{v}}{{w}}', expect: (v, w) => v + w, leading: (v, w) => [v === '' ? w : v] },
  { text: `'{{v}}'"{{w}}"{{v}}`, expect: (v, w) => v + w + v, leading: (v, w) => [v === '' ? w : v] },
  { text: '~/{{v}}', expect: (v) => `${process.env.HOME ?? ''}/${v}`, leading: () => [] },
];
const fragments = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 });
/** Wrappers put the command in other script positions: after `;`, in a group, in a pipeline. */
const WRAPPERS = [
  (cmd: string) => cmd,
  (cmd: string) => `true && ${cmd}`,
  (cmd: string) => `{ ${cmd}; } | cat`,
  (cmd: string) => `( ${cmd} ) # trailing comment`,
  (cmd: string) => `[[ -n "$(echo x)" ]] && arr=(a b) && ${cmd}`,
];

const cwd = mkdtempSync(join(tmpdir(), 'intentops-template-'));
for (const name of ['a', 'b', '-rf', 'x y', 'pwned']) writeFileSync(join(cwd, name), '');
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** The test's environment (a trimmed one made bash start ~50x slower here), minus startup files. */
const { BASH_ENV: _bashEnv, ENV: _env, ...baseEnv } = process.env;

function bashArgs(script: string, locale: string): Buffer[] {
  const run = spawnSync('bash', ['-c', script], { cwd, env: { ...baseEnv, LC_ALL: locale }, timeout: 5000 });
  expect(run.stderr.toString()).toBe('');
  expect(run.status).toBe(0);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = run.stdout.indexOf(0); at !== -1; at = run.stdout.indexOf(0, from)) {
    parts.push(run.stdout.subarray(from, at));
    from = at + 1;
  }
  expect(from).toBe(run.stdout.length); // every argument ended with the NUL printf wrote
  return parts;
}

const allowAll = { allowLeadingDash: () => true };

describe('renderShell against real bash', () => {
  it('bash receives exactly the intended arguments, whatever the values', () => {
    fc.assert(
      fc.property(
        value,
        value,
        fragments,
        fc.constantFrom(...WRAPPERS),
        fc.constantFrom('C.UTF-8', 'C'),
        (v, w, frags, wrap, locale) => {
          const template = wrap(`printf '%s\\0' ${frags.map((f) => f.text).join(' ')}`);
          const rendered = renderShell(template, { v, w }, allowAll);
          const got = bashArgs(rendered, locale).map((b) => b.toString('hex'));
          const want = frags.map((f) => Buffer.from(f.expect(v, w)).toString('hex'));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a value never adds a command: a canary file is never created', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FRAGMENTS), (frag) => {
        const canary = join(cwd, 'canary');
        const v = `x';touch ${canary};'"$(touch ${canary})\`touch ${canary}\`\n touch ${canary}`;
        bashArgs(renderShell(`printf '%s\\0' ${frag.text}`, { v, w: v }), 'C.UTF-8');
        expect(spawnSync('test', ['-e', canary]).status).toBe(1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('renderShell guards (no bash needed)', () => {
  it('refuses a leading dash exactly where a value begins a word, unless allowed', () => {
    fc.assert(
      fc.property(value, value, fragments, (v, w, frags) => {
        const template = `cmd ${frags.map((f) => f.text).join(' ')}`;
        const offender = frags.some((f) => f.leading(v, w).some((s) => s.startsWith('-')));
        let thrown: unknown;
        try {
          renderShell(template, { v, w });
        } catch (err) {
          thrown = err;
        }
        if (offender) {
          expect(thrown).toBeInstanceOf(TemplateError);
          expect((thrown as TemplateError).message).toMatch(/starts with "-"/);
        } else {
          expect(thrown).toBeUndefined();
        }
        expect(() => renderShell(template, { v, w }, allowAll)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any value containing NUL, in the shell and in argv', () => {
    fc.assert(
      fc.property(value, value, fc.constantFrom(...FRAGMENTS), (a, b, frag) => {
        const v = `${a}\0${b}`;
        expect(() => renderShell(`cmd ${frag.text}`, { v, w: v }, allowAll)).toThrow(/NUL/);
        expect(() => renderArgv(['cmd', 'x{{v}}'], { v }, allowAll)).toThrow(/NUL/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderArgv', () => {
  it('passes values through unchanged, as separate arguments to a process', () => {
    fc.assert(
      fc.property(value, value, (v, w) => {
        const argv = renderArgv(
          ['printf', '%s\\0', '{{v}}', 'deployment/{{w}}', '{{v}}{{w}}'],
          { v, w },
          allowAll,
        );
        expect(argv).toEqual(['printf', '%s\\0', v, `deployment/${w}`, v + w]);
        const run = spawnSync(argv[0] as string, argv.slice(1), { cwd });
        const want = Buffer.concat([v, `deployment/${w}`, v + w].map((s) => Buffer.from(`${s}\0`)));
        expect(run.stdout.toString('hex')).toBe(want.toString('hex'));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a leading dash at the start of an element unless allowed', () => {
    fc.assert(
      fc.property(value, (v) => {
        const render = () => renderArgv(['cmd', '{{v}}', 'x{{v}}'], { v });
        if (v.startsWith('-')) expect(render).toThrow(TemplateError);
        else expect(render()).toEqual(['cmd', v, `x${v}`]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('any shell template the renderer accepts', () => {
  const dir = join(cwd, 'fuzz');
  const canary = join(dir, 'CANARY');
  // Constructs a placeholder may follow, many malformed: after a syntax error bash resumes at the
  // next line, so accepted templates must stay safe even when they are broken.
  // biome-ignore format: a table
  const BEFORE = [
    '', 'echo ', 'x=', '$(echo ', 'eval echo ', "''eval ", 'let x=', 'echo $(echo ', 'x=$(', '[[ ', '[[ -n x ]] && ',
    '[[ "]]" && ', "[[ x == ']]' || ", '[[ \\]\\] && ',
    'arr=(', 'arr[', 'echo $[ ', 'echo $(( ', '(( ', 'echo "a\n', "echo 'a\n", 'arr=(|) ', 'arr=(|) "\n',
    "arr=(;) '\n", 'echo ( ) "\n', 'echo `echo ', 'cat <<EOF\n', 'case x in x) ', 'echo ${x:-', "echo $'",
    'echo $"', 'echo # ', 'echo \\', 'echo "\\', 'echo $', 'echo "$', 'echo "$(echo ', "echo '", 'echo "',
    'echo "a\\\n', '( ', '{ ', 'if true; then ', '|', ';', ')', '"', "'",
  ];
  const PLACED = ['{{v}}', '"{{v}}"', "'{{v}}'", 'a{{v}}', '"$(echo {{w}})"'];
  // biome-ignore format: a table
  const AFTER = ['', ')', '"', "'", ' ]]', ')"', '\nEOF', '}', ' ;; esac', '`', ' ))', ' ]', ']=1', '; }', '; fi'];
  // biome-ignore format: a table
  const ATTACKS = [
    `$(touch ${canary})`, `\`touch ${canary}\``, `';touch ${canary};'`, `";touch ${canary};"`,
    `\ntouch ${canary}\n`, `a[$(touch ${canary})]`, `x' $(touch ${canary}) '`, `\\'$(touch ${canary})`,
    `EOF\ntouch ${canary}\nEOF`, `) ; touch ${canary} ; (`, `]]; touch ${canary}; [[`, `; touch ${canary}; #`,
    `"; touch ${canary}; #`, `'; touch ${canary}; #`, `touch ${canary}`,
  ];

  const line = fc.tuple(fc.constantFrom(...BEFORE), fc.constantFrom(...PLACED), fc.constantFrom(...AFTER));
  const lines = fc.array(line, { minLength: 1, maxLength: 3 });

  /** Renders and runs one template; true when the renderer refused it. */
  const attempt = (template: string, v: string, w: string): boolean => {
    let rendered: string;
    try {
      rendered = renderShell(template, { v, w }, allowAll);
    } catch (err) {
      if (err instanceof TemplateError) return true;
      throw err;
    }
    rmSync(dir, { recursive: true, force: true }); // no files left for a glob to match
    mkdirSync(dir);
    spawnSync('bash', ['-c', rendered], { cwd: dir, env: baseEnv, timeout: 5000 });
    expect(existsSync(canary), rendered).toBe(false);
    return false;
  };

  // Only an unquoted `]]` closes `[[ … ]]`: a quoted or escaped one is an operand, and the
  // arithmetic operators after it still evaluate `a[$(…)]` found in a value.
  it.each([
    '[[ "]]" && {{v}} -eq 1 ]]',
    "[[ x == ']]' && {{v}} -eq 1 ]]",
    '[[ \\]\\] && {{v}} -eq 1 ]]',
    '[[ x == "]"] && {{v}} -eq 1 ]]',
    '[[ x == ]"]" && {{v}} -eq 1 ]]',
    '[[ "]]" ]] && [[ {{v}} -eq 1 ]]',
  ])('keeps [[ … ]] open past a quoted ]]: %s', (template) => {
    expect(attempt(template, `a[$(touch ${canary})]`, '')).toBe(true);
  });

  // In a command's assignment position bash reads `name[` up to the matching `]` as one word —
  // across blanks, newlines and `;` — and evaluates it, `$(…)` inside included.
  it.each([
    'arr[x {{v}}]=1',
    'arr[x\n{{v}}]=1',
    'a=1 arr[ {{v}} ]=1',
    'arr["$(echo {{v}})"]=1',
    'arr["$(echo {{v}})"\n]=1',
    'arr[a[1] {{v}}]=1',
    'echo x; arr[ "{{v}}" ]=1',
  ])('refuses a placeholder anywhere inside an array subscript: %s', (template) => {
    expect(attempt(template, `a[$(touch ${canary})]`, '')).toBe(true);
  });

  it('accepts placeholders after the subscript closes, where bash does not evaluate', () => {
    expect(attempt('arr[1]={{v}} && echo {{v}} file[ab] {{v}}', `a[$(touch ${canary})]`, '')).toBe(false);
  });

  it('still closes [[ … ]] at an unquoted ]] (the attack above runs nothing there)', () => {
    expect(attempt('[[ "]]" == x ]] && echo {{v}}', `a[$(touch ${canary})]`, '')).toBe(false);
  });

  it('lets no value run a command', () => {
    fc.assert(
      fc.property(lines, fc.constantFrom(...ATTACKS), fc.constantFrom(...ATTACKS), (parts, v, w) => {
        attempt(parts.map((p) => p.join('')).join('\n'), v, w);
      }),
      { numRuns: 4000 },
    );
  });
});
