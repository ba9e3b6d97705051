import { type Handler, type HandlerContext, message, notFound } from './replies.js';
import { workflowRunJson } from './shapes-actions.js';

/**
 * GitHub Actions operations: `workflow_dispatch`. Refused as GitHub refuses it: an unknown workflow
 * (404), one without the trigger, an unknown ref, inputs it does not declare or required ones
 * missing (422). Accepted dispatches are kept in `state.dispatches` for tests to assert.
 */

function workflowOf(ctx: HandlerContext) {
  const id = String(ctx.path.workflow_id);
  return [...ctx.state.workflows.values()].find((w) => w.file === id || String(w.id) === id);
}

export const actionsHandlers: Record<string, Handler> = {
  'actions/get-workflow-run': (ctx) => {
    const run = ctx.state.workflowRuns.get(Number(ctx.path.run_id));
    if (!run) return notFound(ctx);
    return { status: 200, body: workflowRunJson(ctx.api, ctx.state, run) };
  },
  'actions/create-workflow-dispatch': (ctx) => {
    const { state } = ctx;
    const workflow = workflowOf(ctx);
    if (!workflow) return notFound(ctx);
    if (!workflow.dispatchInputs)
      return message(ctx, 422, "Workflow does not have 'workflow_dispatch' trigger");
    const ref = String(ctx.body.ref).replace(/^refs\//, '');
    const known = ['', 'heads/', 'tags/'].some((p) => state.refs.has(`${p}${ref}`));
    if (!known) return message(ctx, 422, `No ref found for: ${ctx.body.ref}`);
    const given = (ctx.body.inputs ?? {}) as Record<string, unknown>;
    const unexpected = Object.keys(given).filter((k) => !(k in (workflow.dispatchInputs ?? {})));
    if (unexpected.length)
      return message(ctx, 422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    const missing = Object.entries(workflow.dispatchInputs)
      .filter(([k, required]) => required && (given[k] === undefined || given[k] === ''))
      .map(([k]) => k);
    if (missing[0]) return message(ctx, 422, `Required input '${missing[0]}' not provided`);
    const inputs = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, String(v)]));
    state.dispatches.push({ workflow: workflow.file, ref: String(ctx.body.ref), inputs, at: state.now() });
    if (!ctx.body.return_run_details) return { status: 204 };
    const runId = state.nextId();
    const base = `${state.owner}/${state.repo}/actions/runs/${runId}`;
    return {
      status: 200,
      body: {
        workflow_run_id: runId,
        run_url: `${ctx.api}/repos/${base}`,
        html_url: `https://github.com/${base}`,
      },
    };
  },
};
