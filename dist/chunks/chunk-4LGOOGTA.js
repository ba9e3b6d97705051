import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/app/github-calls.ts
import { setTimeout as sleep } from "node:timers/promises";
var ApiCallCounter = class {
  byOperation = {};
  add(operation) {
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }
  get total() {
    return Object.values(this.byOperation).reduce((a, b) => a + b, 0);
  }
};
var statusOf = (err) => {
  const status = err?.status;
  return typeof status === "number" ? status : void 0;
};
var uncertain = (err) => (statusOf(err) ?? 500) >= 500;
var NO_BLIND_RETRY = { request: { retries: 0 } };
async function* counted(calls, operation, pages) {
  for await (const page of pages) {
    calls.add(operation);
    yield* page.data;
  }
}
async function writeOnce(w) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await w.send();
    } catch (err) {
      if (!uncertain(err) || attempt >= w.attempts) throw err;
      w.log(`${w.what}: GitHub answered ${statusOf(err) ?? "nothing"}; looking for it before trying again`);
      await sleep(attempt * attempt * w.retryBaseMs);
      const found = await w.lookup();
      if (found !== void 0) return found;
    }
  }
}

export {
  ApiCallCounter,
  statusOf,
  NO_BLIND_RETRY,
  counted,
  writeOnce
};
