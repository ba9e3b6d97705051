import { TemplateError } from '../input/errors.js';
import { escapers, renderText } from './template.js';

// `{{param}}` in the languages the observers speak: PromQL and LogQL queries, URLs, Kubernetes names
// and label selectors. As with commands, no value can change the structure it is put into: where a
// value cannot be made safe by escaping, it must pass a strict shape, or rendering fails.

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/y;

function escapeRegex(v: string): string {
  return v.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * PromQL or LogQL: a placeholder must sit inside a "…" string (a label value or a line filter),
 * where the value is escaped as a string literal — and, after `=~`, `!~` or `|~`, as a regex too,
 * so `.*` matches a dot and a star, not everything.
 */
export function renderQuery(template: string, values: Readonly<Record<string, string>>): string {
  let out = '';
  let i = 0;
  let quote: '"' | '`' | "'" | null = null;
  let regexString = false;
  while (i < template.length) {
    PLACEHOLDER.lastIndex = i;
    const m = PLACEHOLDER.exec(template);
    if (m) {
      const name = m[1] as string;
      if (quote !== '"') {
        throw new TemplateError(
          `{{${name}}} must sit inside a "…" string in a query (e.g. namespace="{{${name}}}"), where it can be escaped`,
          name,
        );
      }
      const value = values[name];
      if (!Object.hasOwn(values, name) || value === undefined)
        throw new TemplateError(`undeclared placeholder {{${name}}}`, name);
      out += escapers.promqlString(regexString ? escapeRegex(value) : value);
      i += m[0].length;
      continue;
    }
    const c = template[i] as string;
    if (quote) {
      if (c === '\\' && quote !== '`') {
        out += template.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
    } else if (c === '"' || c === '`' || c === "'") {
      quote = c as '"' | '`' | "'";
      regexString = /(=~|!~|\|~)\s*$/.test(template.slice(0, i));
    }
    out += c;
    i += 1;
  }
  if (quote) throw new TemplateError(`unterminated ${quote} string in query`);
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function shapeChecked(what: string, re: RegExp) {
  return (v: string): string => {
    if (!re.test(v)) throw new TemplateError(`${JSON.stringify(v)} is not a valid ${what}`);
    return v;
  };
}

/** A namespace or object name: the rendered whole must be a Kubernetes name. */
export function renderKubeName(
  template: string,
  values: Readonly<Record<string, string>>,
  kind: 'namespace' | 'name',
): string {
  const rendered = renderText(template, values, (v) => v);
  const re = kind === 'namespace' ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!re.test(rendered)) {
    throw new TemplateError(
      `${kind} ${JSON.stringify(rendered)} is not a valid Kubernetes ${kind === 'namespace' ? 'namespace (DNS label)' : 'name'}`,
    );
  }
  return rendered;
}

/** A label selector such as `app={{app}},tier in (web)`: every value must be a valid label value. */
export function renderLabelSelector(template: string, values: Readonly<Record<string, string>>): string {
  return renderText(template, values, shapeChecked('label value', LABEL_VALUE));
}

/**
 * A URL: in the host, a value must be one DNS label (`https://{{app}}.example.com/health`); in the
 * path, query or fragment it is percent-encoded. The result must be an http(s) URL.
 */
export function renderUrl(template: string, values: Readonly<Record<string, string>>): string {
  const hostEnd = (() => {
    const scheme = template.indexOf('://');
    if (scheme < 0) return 0;
    const slash = template.slice(scheme + 3).search(/[/?#]/);
    return slash < 0 ? template.length : scheme + 3 + slash;
  })();
  const host = renderText(template.slice(0, hostEnd), values, (v) =>
    shapeChecked('host name label', DNS_LABEL)(v.toLowerCase()),
  );
  const rest = renderText(template.slice(hostEnd), values, escapers.urlComponent);
  const url = `${host}${rest}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TemplateError(`${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new TemplateError(`only http and https URLs are checked, got ${parsed.protocol}`);
  return url;
}
