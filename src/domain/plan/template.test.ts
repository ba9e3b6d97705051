import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../input/errors.js';
import { escapers, placeholders, renderArgv, renderShell, renderText } from './template.js';

const app = { app: 'home-portal' };

/** Runs the rendered error-producing call and returns the TemplateError it threw. */
function templateError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('placeholders', () => {
  it('lists names in order of first appearance, accepting inner spaces', () => {
    expect(placeholders('{{b}} {{ a }} {{b}}-{{c_1}}{{a}}')).toEqual(['b', 'a', 'c_1']);
  });

  it('leaves Go-template actions and single braces alone', () => {
    expect(placeholders("-o go-template='{{.metadata.name}}' -o jsonpath='{.items[*]}' {{ }}")).toEqual([]);
  });
});

describe('renderShell', () => {
  it('renders the seed check commands exactly', () => {
    expect(
      renderShell(
        "kubectl get pods -n {{app}} -l app={{app}} -o jsonpath='{.items[*].status.phase}' | grep -v Running | wc -l",
        app,
      ),
    ).toBe(
      "kubectl get pods -n 'home-portal' -l app='home-portal' -o jsonpath='{.items[*].status.phase}' | grep -v Running | wc -l",
    );
    expect(
      renderShell("curl -s -o /dev/null -w '%{http_code}' https://{{app}}.bogocat.com/health", app),
    ).toBe("curl -s -o /dev/null -w '%{http_code}' https://'home-portal'.bogocat.com/health");
    expect(renderShell('kubectl apply -k apps/{{ app }}', app)).toBe("kubectl apply -k apps/'home-portal'");
  });

  it('quotes for the context each placeholder sits in', () => {
    const v = { v: `a'b"c$d\`e\\f` };
    expect(renderShell('x {{v}}', v)).toBe(`x 'a'\\''b"c$d\`e\\f'`);
    expect(renderShell("x '-{{v}}-'", v)).toBe(`x '-a'\\''b"c$d\`e\\f-'`);
    expect(renderShell('x "-{{v}}-"', v)).toBe('x "-a\'b\\"c\\$d\\`e\\\\f-"');
    expect(renderShell('x "$(echo {{v}})"', v)).toBe(`x "$(echo 'a'\\''b"c$d\`e\\f')"`);
    expect(renderShell('x <(echo {{v}})', v)).toBe(`x <(echo 'a'\\''b"c$d\`e\\f')`);
    expect(renderShell('x {{v}}', { v: '' })).toBe("x ''");
  });

  it("writes newlines in values as $'\\n', never raw", () => {
    const v = { v: 'a\nb' };
    expect(renderShell('x {{v}} \'{{v}}\' "{{v}}"', v)).toBe(`x 'a'$'\\n''b' 'a'$'\\n''b' "a"$'\\n'"b"`);
    const out = spawnSync('bash', ['-c', renderShell('arr=(|) cmd {{v}}\necho ok', { v: 'x\necho pwned' })]);
    expect(out.stdout.toString()).toBe('ok\n');
  });

  it('never expands a value twice', () => {
    expect(renderShell('echo {{a}} {{b}}', { a: '{{b}}', b: 'x' })).toBe("echo '{{b}}' 'x'");
  });

  it('throws for an undeclared placeholder, including Object.prototype names', () => {
    const err = templateError(() => renderShell('echo {{app}} {{tag}}', app));
    expect(err.message).toBe('undeclared placeholder {{tag}}');
    expect(err.param).toBe('tag');
    expect(templateError(() => renderShell('echo {{constructor}}', {})).param).toBe('constructor');
  });

  it('refuses NUL in a value', () => {
    const err = templateError(() => renderShell('echo {{v}}', { v: 'a\0b' }));
    expect(err.param).toBe('v');
    expect(err.message).toMatch(/NUL/);
  });

  it.each([
    ['echo {{v}}'],
    ["echo '{{v}}'"],
    ['echo "{{v}}"'],
    ['echo ""{{v}}'],
    ['echo x;cmd {{v}}'],
    ['echo >{{v}}'],
    ['echo "$(printf %s {{v}})"'],
    ['echo {{e}}{{v}}'],
  ])('refuses a leading dash where the value starts a word: %s', (template) => {
    const values = { v: '-rf', e: '' };
    const err = templateError(() => renderShell(template, values));
    expect(err.param).toBe('v');
    expect(err.message).toMatch(/starts with "-"/);
    expect(renderShell(template, values, { allowLeadingDash: (p) => p === 'v' })).toContain('-rf');
  });

  it.each([['apps/{{v}}'], ['app={{v}}'], ["'x{{v}}'"], ['"x {{v}}"'], ['{{e}}{{v}}']])(
    'accepts a leading dash inside a word: %s',
    (template) => {
      expect(renderShell(`echo ${template}`, { v: '-rf', e: 'x' })).toContain('-rf');
    },
  );

  it.each([
    ['echo `date` {{v}}', 'after a backtick substitution'],
    ['cat <<EOF\n{{v}}\nEOF', 'after a heredoc'],
    ['echo $(( {{v}} + 1 ))', 'arithmetic'],
    ['(( x = {{v}} ))', 'arithmetic'],
    ['echo ${{v}}', 'right after $'],
    ['echo "${{v}}"', 'right after $'],
    ['echo ${x:-{{v}}}', 'inside ${…}'],
    ["echo $'{{v}}'", "inside $'…'"],
    ['echo $"{{v}}"', 'inside $"…"'],
    ['echo \\{{v}}', 'after a backslash'],
    ['echo "\\{{v}}"', 'after a backslash'],
    ['echo x # {{v}}', 'inside a # comment'],
    ['case x in a) echo {{v}};; esac', 'case'],
    ['echo ) {{v}}', 'unbalanced'],
    ['echo $[ {{v}} + 1 ]', 'arithmetic $['],
    ['[[ {{v}} -eq 1 ]]', 'inside [[ … ]]'],
    ['[[ "$(echo {{v}})" -eq 1 ]]', 'inside [[ … ]]'],
    ['eval echo {{v}}', 'inside eval'],
    ["let 'x={{v}}'", 'inside let'],
    ['arr[{{v}}]=1', 'array subscript'],
    ['declare arr["x{{v}}"]=1', 'array subscript'],
    ['arr=({{v}})', 'array assignment'],
    ['echo "a\nb" {{v}}', 'line break inside quotes'],
    ["echo 'a\n{{v}}'", 'line break inside quotes'],
    ['echo "$(echo a\necho b)" "{{v}}"', 'line break inside quotes'],
    ['echo "a\\\nb" {{v}}', 'line break inside quotes'],
    ['kubectl get $(echo {{v}})', 'unquoted $(…)'],
    ["x=$(echo '{{v}}')", 'unquoted $(…)'],
    // Names, arithmetic and code (template.evaluated.test.ts proves each with bash where it can).
    ['getopts ab {{v}}', 'an operand of getopts'],
    ['wait -p {{v}}', 'an operand of wait'],
    ['enable -f {{v}} x', 'an operand of enable'],
    ['jobs -x {{v}}', 'an operand of jobs'],
    ['alias x={{v}}', 'an operand of alias'],
    ['complete -C {{v}} x', 'an operand of complete'],
    ['bind -x {{v}}', 'an operand of bind'],
    ['fc -e {{v}}', 'an operand of fc'],
    ['f() { local x={{v}}; }', 'an operand of local'],
    ['export {{v}}=1', 'a name or option given to export'],
    ['readonly -{{v}} x=1', 'a name or option given to readonly'],
    ['for {{v}} in a b; do :; done', 'naming the variable of a for or select loop'],
    ['function {{v}} { :; }', 'naming a function'],
    ['{{v}} x', 'naming the command'],
    ['"$(echo {{v}})" x', 'naming the command'],
    ['coproc {{v}}', 'naming the command'],
    ['x=1 {{v}}', 'naming the command'],
    ['echo x; {{v}}', 'naming the command'],
    ['SECONDS={{v}}', 'assigned to SECONDS'],
    ['export BASH_ENV={{v}}; bash x.sh', 'assigned to BASH_ENV'],
    ['read "$(echo {{v}})"', 'an operand of read'],
    ['x={{v}}; declare -i n', 'stored by an assignment to x'],
    ['x={{v}}; declare y=$z', 'stored by an assignment to x'],
    ['x={{v}}; unset "$y"', 'stored by an assignment to x'],
    ['x={{v}}; a[i]=1', 'stored by an assignment to x'],
    ['x={{v}}; echo `date`', 'stored by an assignment to x'],
  ])('refuses a placeholder it cannot make safe: %s', (template, why) => {
    const err = templateError(() => renderShell(template, { v: 'x' }));
    expect(err.param).toBe('v');
    expect(err.message).toContain('unsupported shell context');
    expect(err.message).toContain(why);
  });

  it('renders placeholders outside constructs that evaluate words again', () => {
    const v = { v: 'x' };
    expect(renderShell('[[ -f a ]] && echo {{v}}', v)).toBe("[[ -f a ]] && echo 'x'");
    expect(renderShell('eval true; echo {{v}}', v)).toBe("eval true; echo 'x'");
    expect(renderShell('if true; then\n  echo {{v}} \\\n   "{{v}}"\nfi', v)).toBe(
      `if true; then\n  echo 'x' \\\n   "x"\nfi`,
    );
    expect(renderShell('arr[0]={{v}} arr[1]+="{{v}}"', v)).toBe(`arr[0]='x' arr[1]+="x"`);
  });

  it('renders values as operands, paths, assignment values and redirection targets', () => {
    const v = { v: 'x' };
    expect(renderShell('./{{v}} a && bin/{{v}}.sh', v)).toBe("./'x' a && bin/'x'.sh");
    expect(renderShell('x={{v}} env; export K={{v}}; local=1 declare=2 cmd {{v}}', v)).toBe(
      "x='x' env; export K='x'; local=1 declare=2 cmd 'x'",
    );
    expect(renderShell('kubectl wait --for=condition=ready {{v}} 2>&1 >{{v}}.log', v)).toBe(
      "kubectl wait --for=condition=ready 'x' 2>&1 >'x'.log",
    );
    expect(renderShell('find . -name {{v}}; go test {{v}}; echo read unset {{v}}', v)).toBe(
      "find . -name 'x'; go test 'x'; echo read unset 'x'",
    );
    expect(renderShell('[ -n {{v}} ] && test {{v}} = x && printf "%s" {{v}}', v)).toBe(
      `[ -n 'x' ] && test 'x' = x && printf "%s" 'x'`,
    );
    expect(renderShell('read -r x <<< {{v}}; f() { echo "$1"; }; f {{v}}', v)).toBe(
      `read -r x <<< 'x'; f() { echo "$1"; }; f 'x'`,
    );
  });

  it('still renders placeholders before a construct it does not model', () => {
    expect(renderShell('echo {{v}} `date`', { v: 'x' })).toBe("echo 'x' `date`");
    expect(renderShell('echo a#{{v}} "#{{v}}"', { v: 'x' })).toBe(`echo a#'x' "#x"`);
  });

  it('throws for a template with an unterminated quote or substitution', () => {
    expect(() => renderShell("echo '{{v}}", { v: 'x' })).toThrow(/unterminated '/);
    expect(() => renderShell('echo "$(echo {{v}}"', { v: 'x' })).toThrow(/unterminated/);
  });

  it('produces a string bash runs as planned', () => {
    const rendered = renderShell('printf "%s|" {{v}} "{{v}}"', { v: 'a b; echo pwned' });
    const out = spawnSync('bash', ['-c', rendered], { encoding: 'utf8' });
    expect(out.stdout).toBe('a b; echo pwned|a b; echo pwned|');
  });
});

describe('renderArgv', () => {
  it('substitutes plainly, without quoting', () => {
    expect(
      renderArgv(['kubectl', 'rollout', 'status', 'deployment/{{app}}', '-n', '{{ app }}'], app),
    ).toEqual(['kubectl', 'rollout', 'status', 'deployment/home-portal', '-n', 'home-portal']);
    expect(renderArgv(['{{v}}', 'x{{v}}'], { v: `a b'"$(id){{v}}` })).toEqual([
      `a b'"$(id){{v}}`,
      `xa b'"$(id){{v}}`,
    ]);
  });

  it('refuses a leading dash at the start of an element unless allowed', () => {
    expect(templateError(() => renderArgv(['rm', '{{v}}'], { v: '-rf' })).param).toBe('v');
    expect(templateError(() => renderArgv(['rm', '{{e}}{{v}}'], { v: '-rf', e: '' })).param).toBe('v');
    expect(renderArgv(['rm', '{{v}}'], { v: '-rf' }, { allowLeadingDash: () => true })).toEqual([
      'rm',
      '-rf',
    ]);
    expect(renderArgv(['rm', '--path={{v}}', '{{e}}{{v}}'], { v: '-rf', e: 'x' })).toEqual([
      'rm',
      '--path=-rf',
      'x-rf',
    ]);
  });

  it('refuses NUL and undeclared placeholders', () => {
    expect(templateError(() => renderArgv(['a', '{{v}}'], { v: '\0' })).message).toMatch(/NUL/);
    expect(templateError(() => renderArgv(['a', '{{w}}'], { v: 'x' })).message).toBe(
      'undeclared placeholder {{w}}',
    );
  });
});

describe('renderText and escapers', () => {
  it('escapes URL components, including dot segments', () => {
    const url = 'https://{{app}}.bogocat.com/api/{{p}}?q={{q}}';
    expect(
      renderText(url, { app: 'home-portal', p: 'a/b?c#d', q: "x&y=z !'()*é" }, escapers.urlComponent),
    ).toBe('https://home-portal.bogocat.com/api/a%2Fb%3Fc%23d?q=x%26y%3Dz%20%21%27%28%29%2A%C3%A9');
    const err = templateError(() => renderText('https://h/{{p}}/x', { p: '..' }, escapers.urlComponent));
    expect(err.param).toBe('p');
    expect(err.message).toContain('{{p}}');
    expect(escapers.urlComponent('a\uD800b')).toBe('a%EF%BF%BDb');
  });

  it('escapes PromQL and LogQL string bodies', () => {
    const q = 'up{job="{{job}}"}';
    expect(renderText(q, { job: 'a"} or vector(1) #\\\n\r\t\x01\x7f' }, escapers.promqlString)).toBe(
      'up{job="a\\"} or vector(1) #\\\\\\n\\r\\t\\x01\\x7f"}',
    );
    expect(escapers.logqlString('say "hi"\\')).toBe('say \\"hi\\"\\\\');
  });

  it('is single-pass and throws for undeclared placeholders', () => {
    expect(renderText('{{a}}-{{b}}', { a: '{{b}}', b: 'x' }, (v) => v)).toBe('{{b}}-x');
    expect(templateError(() => renderText('{{a}}', {}, (v) => v)).message).toBe(
      'undeclared placeholder {{a}}',
    );
  });
});
