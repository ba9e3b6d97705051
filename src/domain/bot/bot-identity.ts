// Who the bot is in git: the identity every commit of the action carries (author and committer),
// so that learning can tell the bot's own evidence from lines a pull request added.

export const BOT_IDENTITY = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
} as const;
