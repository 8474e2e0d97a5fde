#!/usr/bin/env node
/**
 * The command line: parse flags, pick the command, map errors to exit codes. Nothing else.
 */
import { Command, CommanderError } from 'commander';
import { setFlagsFromString } from 'node:v8';

// tree-sitter runs as WebAssembly; V8's optimising tier would compile it in the background
// and hold the process open for most of a second at exit. Its baseline code is fast enough.
setFlagsFromString('--liftoff-only');
import { GitTimeoutError } from '../io/git';
import { normalizeArgs, oneLineError } from './argv';
import { packageVersion } from './version';
import { EXIT_ERROR, EXIT_USAGE, UsageError } from './exit-codes';
import { processIo } from './output';
import { inquirerPrompter } from './prompts';
import { honourDryRunEnv } from './runner-env';

// Heavy modules (the parsers, the planner, ejs, diff) load only when a command needs them, so
// `--version` and `--help` start fast.
const migrateCommand: typeof import('./migrate-command').migrateCommand = (...args) => (require('./migrate-command') as typeof import('./migrate-command')).migrateCommand(...args);

const EXIT_HELP = `
Exit codes:
  0  migrated, or nothing to do (no builder pattern, already multi-stage)
  1  --check found a setup to migrate
  2  refused (each reason printed as file:line: CODE message), bad usage or error;
     nothing was written
  130  interrupted (Ctrl-C); the wizard wrote nothing, batch stopped between repositories
'batch' has the same codes over many repositories (see multistage-migrate batch --help).`;

/** The whole command line, `argv` as process.argv gives it; the exit code. Exported for the fuzzer, which runs it in worker threads. */
export async function main(rawArgv: string[]): Promise<number> {
  const version = packageVersion();
  const argv = [...rawArgv.slice(0, 2), ...normalizeArgs(rawArgv.slice(2))];
  // `batch` is its own program: its --dry-run, --check and --format must not be taken by the root's.
  const first = argv.slice(2).findIndex((a) => !a.startsWith('-'));
  if (first >= 0 && argv[2 + first] === 'batch') {
    const { batchMain } = require('./batch-command') as typeof import('./batch-command');
    return batchMain([...argv.slice(2, 2 + first), ...argv.slice(3 + first)], version);
  }
  const program = new Command();
  let code = 0;
  program
    .name('multistage-migrate')
    .description('Migrate a repository that uses the legacy Docker builder pattern (builder Dockerfile + docker cp glue)\nto one multi-stage Dockerfile whose build yields the same image.')
    .version(version, '-v, --version')
    .argument('[dir]', 'repository to migrate, or any folder of it', '.')
    .option('--dry-run', 'print the change as a patch (git apply accepts it); write nothing')
    .option('--check', 'exit 1 when DIR holds a setup to migrate, 0 when there is nothing to do')
    .option('-y, --yes', 'apply the migration without asking')
    .option('--explain', 'print every inference with the lines it came from')
    .option('--format <format>', 'output format: text, json or markdown (a pull-request comment)', 'text')
    .option('--script <file>', 'the glue script or Makefile to follow (default: found by content); give it again for glue run after it', collectScripts)
    .option('--target-rule <target>', 'the Makefile target whose pipeline to follow (default: the chain of targets that ends in the runtime build)')
    .option('--builder <file>', 'only migrate a setup whose builder Dockerfile is this file')
    .option('--runtime <file>', 'only migrate a setup whose runtime Dockerfile is this file')
    .option('--keep-legacy', 'keep the builder Dockerfiles instead of deleting them')
    .option('--buildkit', 'allow BuildKit-only output (RUN --mount, --chmod, # syntax=); the rewritten glue sets DOCKER_BUILDKIT=1')
    .option('--per-file', 'the wizard asks for each file instead of once for the whole migration (a partial write leaves a half-migrated repository)')
    .option('--no-color', 'no colours in the output or the prompts (also NO_COLOR)')
    .addHelpText('after', EXIT_HELP)
    // One line naming the nearest flag, not the whole help (inherited by the commands below).
    .configureOutput({ outputError: (message, write) => write(oneLineError(message, 'multistage-migrate')) })
    .exitOverride()
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const io = processIo(opts.color === false);
      code = await migrateCommand(dir, honourDryRunEnv(opts, process.env, (t) => process.stderr.write(t)), io, inquirerPrompter(io.color));
    });
  program
    .command('batch')
    .description('migrate every builder-pattern setup under ROOTs (folders of clones or repositories), with reports and one patch')
    .argument('<roots...>', 'repositories, or folders of clones')
    .helpOption(false)
    .allowUnknownOption();
  program
    .command('explain')
    .description('print how the setup in DIR is understood: roles, stages, every artifact move with its evidence')
    .argument('[dir]', 'repository', '.')
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--script <file>', 'the glue to follow (again for glue run after it)', collectScripts)
    .option('--target-rule <target>', 'the Makefile target to follow')
    .option('--buildkit', 'plan as with --buildkit')
    .action(async (dir: string, _opts: Record<string, unknown>, command: Command) => {
      // The program has options of the same names and takes them first wherever they stand.
      code = await migrateCommand(dir, { ...command.optsWithGlobals(), explain: true }, processIo(false), inquirerPrompter(false));
    });
  program
    .command('undo')
    .description('put back the files of the latest migration of DIR from its backup (.multistage-migrate-backup/), all or nothing')
    .argument('[dir]', 'repository', '.')
    .action(async (dir: string) => {
      const { undoCommand } = require('./undo-command') as typeof import('./undo-command');
      code = await undoCommand(dir, processIo(false));
    });
  program
    .command('verify')
    .description('build the legacy pipeline and the migrated one with the local Docker engine and compare the images')
    .argument('[dir]', 'repository', '.')
    .option('--buildkit', 'build both with BuildKit and plan as with --buildkit (default: the builder the engine uses by default)')
    .option('--classic', 'build both with the classic builder (DOCKER_BUILDKIT=0)')
    .option('--script <file>', 'the glue to follow (again for glue run after it)', collectScripts)
    .option('--target-rule <target>', 'the Makefile target to follow, as for the migration')
    .option('--keep-legacy', 'as for the migration')
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--keep-temp', 'keep the temporary copies, wrappers and run logs, and print where they are')
    .action(async (dir: string, _opts: Record<string, unknown>, command: Command) => {
      const { verifyCommand } = require('./verify-command') as typeof import('./verify-command');
      // The program has options of the same names and takes them first wherever they stand,
      // so `verify --buildkit` sets the program's: read both, the program's winning.
      code = await verifyCommand(dir, command.optsWithGlobals(), processIo(false));
    });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    // A git that does not answer is the repository's doing (a FIFO in .git), not an internal error.
    if (e instanceof UsageError || e instanceof GitTimeoutError) {
      process.stderr.write(`multistage-migrate: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`multistage-migrate: internal error: ${(e as Error).message}\n`);
    if (process.env.MULTISTAGE_MIGRATE_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT_ERROR;
  }
}

/** Exits once stdout and stderr are flushed (a pipe may still hold output). */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/**
 * A reader that went away (`--help | head -1`, `--dry-run | true`) wants no more output: end
 * quietly. Every file this command writes is written synchronously, so no write is cut short.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

/** Run as the program (not imported by the fuzzer): the pipes' handlers, then the command line. */
function runAsProgram(): void {
  // `batch` keeps running when its reader goes away (its workers may be writing repositories):
  // batch-command.ts drops stdout from then on, and stderr lines are dropped here.
  if (process.argv.slice(2).find((a) => !a.startsWith('-')) === 'batch') {
    process.stderr.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  } else {
    quietOnClosedPipe(process.stdout);
    quietOnClosedPipe(process.stderr);
  }
  main(process.argv).then(exitAfterFlush, () => exitAfterFlush(EXIT_ERROR));
}

if (require.main === module) runAsProgram();

/** `--script a --script b`: every file, in the order given (the order the glue runs in). */
function collectScripts(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
