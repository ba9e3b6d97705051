import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  ExecutionRecordSchema
} from "./chunk-7KK4SKIM.js";
import {
  recordPath
} from "./chunk-FUILN6RE.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  parseRecordText
} from "./chunk-ISVOBWNR.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/adapters/record-store.ts
var import_yaml = __toESM(require_dist(), 1);
import { randomBytes } from "node:crypto";
import { access, link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var RecordExistsError = class extends Error {
  constructor(path) {
    super(`execution record ${path} exists already; records are never rewritten`);
    this.path = path;
  }
  path;
  name = "RecordExistsError";
};
var HEADER = "# yaml-language-server: $schema=../../schemas/record.schema.json\n";
var KEY_ORDER = Object.keys(ExecutionRecordSchema.shape);
function serializeRecord(record) {
  const ordered = Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b))
  );
  return HEADER + (0, import_yaml.stringify)(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}
var RecordStore = class {
  constructor(repoDir) {
    this.repoDir = repoDir;
  }
  repoDir;
  /**
   * Write to a temporary file, then hard-link it into place: the link fails if the record exists,
   * and a reader never sees half a record.
   */
  async write(record) {
    const rel = recordPath(record);
    const target = join(this.repoDir, rel);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(tmp, serializeRecord(record), { flag: "wx" });
    try {
      await link(tmp, target);
    } catch (err) {
      if (err.code === "EEXIST") throw new RecordExistsError(rel);
      throw err;
    } finally {
      await unlink(tmp).catch(() => {
      });
    }
    return rel;
  }
  /** Paths relative to the repo, oldest first (dated folders, then ids, which start with the time). */
  async list() {
    const root = join(this.repoDir, "executions");
    const days = (await readdir(root).catch(() => [])).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
    const out = [];
    for (const day of days) {
      const files = (await readdir(join(root, day))).filter((f) => f.endsWith(".yaml")).sort();
      out.push(...files.map((f) => `executions/${day}/${f}`));
    }
    return out;
  }
  /** Parsed as record-scan parses (js-yaml, core schema): the same values, ten times faster than `yaml`. */
  async read(rel) {
    return parseRecordText(await readFile(join(this.repoDir, rel), "utf8"), rel);
  }
  /** Where the record with this id is, whatever day it was written; null when there is none. */
  async findById(id) {
    const root = join(this.repoDir, "executions");
    for (const day of await readdir(root).catch(() => [])) {
      const rel = `executions/${day}/${id}.yaml`;
      if (await access(join(this.repoDir, rel)).then(
        () => true,
        () => false
      ))
        return rel;
    }
    return null;
  }
  /** The digest of the newest record, which the next record names as its `prev_digest`. */
  async latestDigest() {
    const all = await this.list();
    const newest = all.at(-1);
    if (!newest) return null;
    return (await this.read(newest)).digest ?? null;
  }
};

export {
  RecordStore
};
