import type { QueryData } from './prometheus-schema.js';

/**
 * Several instant queries as one PromQL expression, so a bake costs one Prometheus call per
 * interval whatever the number of queries:
 *
 *   label_replace((
 *   <query 0>
 *   ), "__intentops_query", "0", "", "")
 *   or
 *   label_replace((
 *   <query 1>
 *   ), "__intentops_query", "1", "", "")
 *
 * Each query's series get a label naming the query (label_replace with an empty source and regex
 * always matches), so `or` keeps them all apart and the answer splits back by that label. The
 * query texts are placed verbatim inside parentheses, each on lines of its own: a query is already
 * rendered (params escaped as PromQL string literals by the templating rules), so nothing in it can
 * reach outside its parentheses, and a trailing `# comment` ends at its own line. Only the numbers
 * and the fixed label name are ours.
 */

export const QUERY_LABEL = '__intentops_query';

export function combineQueries(queries: readonly string[]): string {
  return queries.map((q, i) => `label_replace((\n${q}\n), "${QUERY_LABEL}", "${i}", "", "")`).join('\nor\n');
}

/**
 * The combined answer, split into what each query alone would have answered: an instant vector
 * holding that query's series, the added label removed. undefined when the answer is not a vector
 * or holds a series without a known query label (then it cannot be split faithfully).
 */
export function splitCombined(data: QueryData, count: number): QueryData[] | undefined {
  if (data.resultType !== 'vector') return undefined;
  const parts: Extract<QueryData, { resultType: 'vector' }>['result'][] = Array.from(
    { length: count },
    () => [],
  );
  for (const series of data.result) {
    const { [QUERY_LABEL]: index, ...metric } = series.metric;
    const part = index !== undefined && /^\d+$/.test(index) ? parts[Number(index)] : undefined;
    if (!part) return undefined;
    part.push({ ...series, metric });
  }
  return parts.map((result) => ({ resultType: 'vector', result }));
}
