import { spawn } from 'node:child_process';
import type { KubeConfig, User } from '@kubernetes/client-node';

// Credential plugins (a kubeconfig user with `exec:`) run by intentops itself instead of the
// client's own ExecAuth, for four reasons: the plugin gets an environment intentops chose (never
// the GitHub OIDC *request* token, which mints tokens for any audience; see
// action/environment-credentials.ts), the ExecCredential is kept until its expirationTimestamp
// (one plugin call per credential, not one per request), a plugin that hangs has a deadline, and
// what it says on failure reaches the error. Part of kubernetes-config.ts (the only importer).

/** The authProvider name a converted user carries; no built-in authenticator claims it. */
const PROVIDER = 'intentops-exec';
/** A plugin that has not answered in this long is killed: a cloud CLI login takes seconds. */
const PLUGIN_TIMEOUT_MS = 60_000;
/** Refresh this long before the credential expires, so no request goes out with a dying token. */
const EXPIRY_MARGIN_MS = 10_000;
const OUTPUT_BOUND = 1024 * 1024;
/** Names the plugin never gets, even when the action could not seal its environment. */
const NEVER = /^(ACTIONS_ID_TOKEN_REQUEST_(TOKEN|URL)|ACTIONS_RUNTIME_TOKEN|INPUT_.*)$/i;

interface ExecSpec {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
}

interface ExecCredential {
  status?: {
    token?: string;
    expirationTimestamp?: string;
    clientCertificateData?: string;
    clientKeyData?: string;
  };
}

interface Cached {
  credential: ExecCredential;
  /** ms since epoch; Infinity when the plugin gave no expiry (kept for this reader's life, as kubectl does). */
  until: number;
}

/** The client's authenticator interface (not exported by its index). */
interface Authenticator {
  isAuthProvider(user: User): boolean;
  applyAuthentication(user: User, opts: object): Promise<void>;
}

export class ExecCredentialError extends Error {
  override readonly name = 'ExecCredentialError';
}

/**
 * Runs the exec plugins of one kubeconfig, with `extraEnv` on top of each plugin's own `env:`.
 * One instance per loaded kubeconfig: two environments never share a cached credential.
 */
export class ExecCredentials implements Authenticator {
  private readonly specs = new Map<string, ExecSpec>();
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();
  /** Each plugin call, for tests and for the log: when, and which user. */
  readonly calls: { user: string; at: number }[] = [];

  constructor(
    private readonly extraEnv: Readonly<Record<string, string>> = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes over the `exec` users of `kc`: they are served by this authenticator from now on. */
  adopt(kc: KubeConfig): void {
    const users = kc.getUsers().map((u): User => {
      if (!u.exec) return u;
      this.specs.set(u.name, u.exec as ExecSpec);
      const { exec: _exec, ...rest } = u;
      return { ...rest, authProvider: { name: PROVIDER, config: {} } };
    });
    if (this.specs.size === 0) return;
    kc.loadFromOptions({
      clusters: kc.getClusters(),
      contexts: kc.getContexts(),
      users,
      currentContext: kc.getCurrentContext(),
    });
    kc.addAuthenticator(this);
  }

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === PROVIDER && this.specs.has(user.name);
  }

  async applyAuthentication(
    user: User,
    opts: { headers?: Record<string, string | string[] | number | undefined>; cert?: unknown; key?: unknown },
  ): Promise<void> {
    const { credential } = await this.credential(user.name);
    const s = credential.status ?? {};
    if (s.clientCertificateData) opts.cert = s.clientCertificateData;
    if (s.clientKeyData) opts.key = s.clientKeyData;
    if (s.token) {
      opts.headers ??= {};
      opts.headers.Authorization = `Bearer ${s.token}`;
    }
  }

  private credential(name: string): Promise<Cached> {
    const cached = this.cache.get(name);
    if (cached && cached.until - EXPIRY_MARGIN_MS > this.now()) return Promise.resolve(cached);
    const running = this.pending.get(name);
    if (running) return running;
    const spec = this.specs.get(name);
    if (!spec) return Promise.reject(new ExecCredentialError(`user ${name} has no exec plugin`));
    const p = this.run(name, spec).finally(() => this.pending.delete(name));
    this.pending.set(name, p);
    return p;
  }

  private async run(name: string, spec: ExecSpec): Promise<Cached> {
    this.calls.push({ user: name, at: this.now() });
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !NEVER.test(k)) env[k] = v;
    for (const e of spec.env ?? []) env[e.name] = e.value;
    Object.assign(env, this.extraEnv);
    // As kubectl sets it: a plugin may read which API version to answer in and that no one is there.
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
      apiVersion: spec.apiVersion ?? 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
    const out = await runPlugin(spec, env);
    let credential: ExecCredential;
    try {
      credential = JSON.parse(out) as ExecCredential;
    } catch {
      throw new ExecCredentialError(`the credential plugin ${spec.command} printed no ExecCredential JSON`);
    }
    const s = credential.status;
    if (!s || (!s.token && !(s.clientCertificateData && s.clientKeyData)))
      throw new ExecCredentialError(
        `the credential plugin ${spec.command} gave neither a token nor a client certificate`,
      );
    const at = s.expirationTimestamp ? Date.parse(s.expirationTimestamp) : Number.POSITIVE_INFINITY;
    const entry = { credential, until: Number.isNaN(at) ? 0 : at };
    this.cache.set(name, entry);
    return entry;
  }
}

function runPlugin(spec: ExecSpec, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), PLUGIN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < OUTPUT_BOUND) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 4096) stderr += d;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new ExecCredentialError(`the credential plugin ${spec.command} could not start: ${err.message}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const why =
        signal === 'SIGKILL' ? `gave no answer within ${PLUGIN_TIMEOUT_MS / 1000} s` : `exited ${code}`;
      reject(
        new ExecCredentialError(
          `the credential plugin ${spec.command} ${why}${stderr.trim() ? `: ${stderr.trim().slice(0, 500)}` : ''}`,
        ),
      );
    });
  });
}
