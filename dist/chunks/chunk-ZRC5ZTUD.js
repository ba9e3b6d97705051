import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  isMarkerLine,
  trailerMarkers
} from "./chunk-ALT7SGXU.js";

// src/app/sticky-comment.ts
function keyOf(marker) {
  if (!isMarkerLine(marker)) throw new Error(`not a marker line: ${marker}`);
  const [key, value] = [...trailerMarkers(marker)][0];
  return [key, value];
}
async function upsertStickyComment(octokit, where, marker, body) {
  const [key, value] = keyOf(marker);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });
  const carrying = comments.filter(
    (c) => trailerMarkers(c.body).get(key) === value || c.body?.split("\n", 1)[0] === marker
  );
  const mine = carrying.find((c) => c.user?.type === "Bot") ?? carrying[0];
  if (mine) {
    if (mine.body === body) return { action: "unchanged", id: mine.id };
    try {
      await octokit.rest.issues.updateComment({
        owner: where.owner,
        repo: where.repo,
        comment_id: mine.id,
        body
      });
      return { action: "updated", id: mine.id };
    } catch (err) {
      const status = err.status;
      if (status !== 403 && status !== 404) throw err;
    }
  }
  const created = await octokit.rest.issues.createComment({ ...where, body });
  return { action: "created", id: created.data.id };
}

export {
  upsertStickyComment
};
