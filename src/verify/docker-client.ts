import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** Debian's docker.io client: the only one on these machines whose builders (classic and BuildKit) we verified. */
const SYSTEM_CLIENT = '/usr/bin/docker';

/** How much of stderr an error message quotes: enough for the daemon's reason, not a whole build log. */
const STDERR_TAIL_CHARS = 2000;

/**
 * The docker client to run: `MULTISTAGE_MIGRATE_DOCKER` when set and not empty, else
 * `/usr/bin/docker` when it exists (the first `docker` on PATH may be a newer client without
 * buildx, which cannot build with BuildKit), else plain `docker`, looked up on PATH.
 */
export function findDockerClient(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.MULTISTAGE_MIGRATE_DOCKER;
  if (chosen) return chosen;
  return existsSync(SYSTEM_CLIENT) ? SYSTEM_CLIENT : 'docker';
}

/** Options for one run of the client. */
export interface DockerRunOptions {
  /** Working directory of the client; undefined: the one given to DockerCli, else this process's. */
  cwd?: string;
  /** Variables added to the environment (e.g. `{ DOCKER_BUILDKIT: '0' }`); they win over DockerCli's and the process's. */
  env?: Record<string, string>;
  /** What the client reads on stdin (e.g. a tar for `docker import -`); undefined: stdin is closed at once. */
  input?: string | Uint8Array | Readable;
  /** Reject with DockerCommandError when the exit code is not 0; default false (the caller reads `code`). */
  check?: boolean;
}

/** The outcome of one run of the client. */
export interface DockerResult {
  /** The full command: client first, then the arguments. */
  command: string[];
  /** Exit code; null when the client was killed by a signal. */
  code: number | null;
  /** Everything the client wrote to stdout (UTF-8); empty for DockerCli.stream, whose stdout is the stream. */
  stdout: string;
  /** Everything the client wrote to stderr (UTF-8). */
  stderr: string;
}

/** A docker command that could not be started, or (when asked for) exited with a code other than 0. */
export class DockerCommandError extends Error {
  /**
   * @param command client and arguments
   * @param code exit code; null when the client never ran or was killed by a signal
   * @param stderrTail the end of what the client wrote to stderr; empty when it wrote nothing
   */
  constructor(
    readonly command: string[],
    readonly code: number | null,
    readonly stderrTail: string,
    reason: string,
  ) {
    super(`${formatCommand(command)}: ${reason}${stderrTail ? `\n${stderrTail}` : ''}`);
    this.name = 'DockerCommandError';
  }
}

/** Returns `result` when the client exited with 0; throws DockerCommandError otherwise. */
export function checkResult(result: DockerResult): DockerResult {
  if (result.code === 0) return result;
  const reason = result.code === null ? 'killed by a signal' : `exited with ${result.code}`;
  throw new DockerCommandError(result.command, result.code, tail(result.stderr), reason);
}

/** A running client whose stdout is handed over as a stream (e.g. `docker export`). */
export interface DockerStream {
  /** The client's stdout. Read it to the end or destroy it: the client blocks while it is full. */
  stdout: Readable;
  /**
   * Settles when the client has exited; its `stdout` is empty. Rejects as DockerCommandError when
   * the client could not start, or when `check` was asked and the exit code is not 0.
   */
  done: Promise<DockerResult>;
}

/** Runs one docker client with argument arrays, never through a shell. */
export class DockerCli {
  /**
   * @param client path or name of the client; defaults to findDockerClient()
   * @param defaults cwd and env used by every run unless the run gives its own (env is merged)
   */
  constructor(
    readonly client: string = findDockerClient(),
    readonly defaults: Pick<DockerRunOptions, 'cwd' | 'env'> = {},
  ) {}

  /** Runs the client to its end and collects stdout and stderr. Never rejects for an exit code unless `check` is set. */
  run(args: readonly string[], options: DockerRunOptions = {}): Promise<DockerResult> {
    const child = this.start(args, options);
    const stdout = collect(child.stdout!);
    return this.finish(child, args, options, stdout);
  }

  /** Starts the client and hands its stdout over as a stream; see DockerStream. */
  stream(args: readonly string[], options: DockerRunOptions = {}): DockerStream {
    const child = this.start(args, options);
    return { stdout: child.stdout!, done: this.finish(child, args, options, Promise.resolve('')) };
  }

  private start(args: readonly string[], options: DockerRunOptions): ChildProcess {
    const child = spawn(this.client, args, {
      cwd: options.cwd ?? this.defaults.cwd,
      env: { ...process.env, ...this.defaults.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A client that exits before reading all its input makes the write fail with EPIPE;
    // the exit code and stderr already say why, so that error adds nothing.
    child.stdin!.on('error', () => {});
    const input = options.input;
    if (input === undefined) child.stdin!.end();
    else if (typeof input === 'string' || input instanceof Uint8Array) child.stdin!.end(input);
    else input.pipe(child.stdin!);
    return child;
  }

  private finish(
    child: ChildProcess,
    args: readonly string[],
    options: DockerRunOptions,
    stdout: Promise<string>,
  ): Promise<DockerResult> {
    const command = [this.client, ...args];
    const stderr = collect(child.stderr!);
    const exited = new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) =>
        reject(new DockerCommandError(command, null, '', `could not start: ${err.message}`)),
      );
      child.once('close', resolve);
    });
    return Promise.all([exited, stdout, stderr]).then(([code, out, err]) => {
      const result = { command, code, stdout: out, stderr: err };
      return options.check ? checkResult(result) : result;
    });
  }
}

function collect(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function tail(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= STDERR_TAIL_CHARS ? trimmed : `…${trimmed.slice(-STDERR_TAIL_CHARS)}`;
}

function formatCommand(command: readonly string[]): string {
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}
