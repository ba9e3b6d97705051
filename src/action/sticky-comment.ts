// The sticky comment lives in src/app (learning's suggestion PRs use it too); re-exported for the
// action's plan and denied comments.
export {
  readComments,
  type StickyResult,
  updateStickyComment,
  upsertStickyComment,
} from '../app/shared/sticky-comment.js';
