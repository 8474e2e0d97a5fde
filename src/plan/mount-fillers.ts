/**
 * Who fills a folder a build at run time mounts from the repository when neither the
 * repository nor the glue before the run holds it. `docker run -v` makes a missing folder
 * empty, and a build step can do the same with `mkdir`; but when another script of the
 * repository clones into it, copies into it or a build tool writes it (`git clone …
 * libwebsockets`, Gradle's `build/libs`), the legacy run read what that step left there, which
 * the migrated build would not have. Found by reading the repository's other scripts,
 * Makefiles and READMEs line by line; a hit refuses the run, it never migrates one.
 */
import { baseName, dirName, isWithin, normalizeRelative } from '../core/paths';
import type { RepoView } from '../core/repo';
import { glueKind } from '../parse/glue-kind';

export interface MountFiller {
  file: string;
  line: number;
  /** What fills it, for people: `git clone …`, `Gradle writes build/`. */
  how: string;
}

const DOC = /^readme(\.(md|markdown|txt|rst))?$/i;
/** Build tools that write their output into a conventional folder next to their project file. */
const BUILD_TOOLS: { projectFiles: string[]; folder: string; tool: string }[] = [
  { projectFiles: ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'], folder: 'build', tool: 'Gradle' },
  { projectFiles: ['pom.xml'], folder: 'target', tool: 'Maven' },
  { projectFiles: ['Cargo.toml'], folder: 'target', tool: 'Cargo' },
];

/**
 * The first line outside `glueFiles` (in `folders`, not recursively) that fills `path`, or a
 * build tool whose output folder holds it; null when nothing in the repository is seen to.
 */
export function mountFiller(repo: RepoView, path: string, folders: readonly string[], glueFiles: ReadonlySet<string>): MountFiller | null {
  for (const t of BUILD_TOOLS) {
    for (const project of t.projectFiles) {
      const projectDir = dirName(project);
      const out = projectDir ? `${projectDir}/${t.folder}` : t.folder;
      if (isWithin(path, out) && repo.typeOf(project) === 'file') return { file: project, line: 1, how: `${t.tool} (${project}) writes ${out}/` };
    }
  }
  for (const folder of [...new Set(folders)]) {
    for (const name of repo.listDir(folder) ?? []) {
      const file = folder ? `${folder}/${name}` : name;
      if (glueFiles.has(file) || repo.typeOf(file) !== 'file') continue;
      const doc = DOC.test(name);
      if (!doc && glueKind(file, '') === null && name.includes('.')) continue;
      const text = repo.readText(file);
      if (text === null || (!doc && glueKind(file, text) === null)) continue;
      const hit = fillingLine(text, folder, path);
      if (hit) return { file, ...hit };
    }
  }
  return null;
}

function fillingLine(text: string, cwd: string, path: string): { line: number; how: string } | null {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    for (const command of lines[i].split(/&&|\|\||;|\|/)) {
      const words = command.trim().replace(/^\$\s+/, '').split(/\s+/).map(unquote).filter((w) => w !== '');
      const how = fills(words, cwd, path);
      if (how) return { line: i + 1, how };
    }
  }
  return null;
}

function fills(words: string[], cwd: string, path: string): string | null {
  if (words.length === 0 || words[0].startsWith('#')) return null;
  // The word names `path` or a folder that holds it.
  const at = (w: string | undefined) => {
    if (w === undefined) return false;
    const bare = w.replace(/^(\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`)\//, '');
    if (bare.startsWith('/') || bare.startsWith('-') || /[$`*?]/.test(bare)) return false;
    const rel = normalizeRelative(bare, cwd);
    return rel !== null && rel !== '' && isWithin(path, rel);
  };
  const command = baseName(words[0]);
  const operands = words.slice(1).filter((w) => !w.startsWith('-'));
  const after = (flags: string[]) => words.find((_w, i) => i > 0 && flags.includes(words[i - 1]));
  const hit =
    command === 'git' && words[1] === 'clone'
      ? at(cloneTarget(words.slice(2)))
      : ['mkdir', 'touch'].includes(command)
        ? operands.some(at)
        : ['cp', 'mv', 'ln', 'rsync', 'install'].includes(command)
          ? operands.length > 1 && at(operands[operands.length - 1])
          : command === 'tar'
            ? at(after(['-C', '--directory']))
            : command === 'unzip'
              ? at(after(['-d']))
              : command === 'curl' || command === 'wget'
                ? at(after(['-o', '-O', '--output', '--output-document']))
                : false;
  return hit ? `\`${words.join(' ')}\`` : null;
}

/** The folder `git clone [options] URL [DIR]` makes: DIR, or the URL's last part without `.git`. */
function cloneTarget(args: string[]): string | undefined {
  const url = args.findIndex((a) => !a.startsWith('-') && /[:/]/.test(a));
  if (url < 0) return undefined;
  return args[url + 1] ?? baseName(args[url].replace(/\/+$/, '')).replace(/\.git$/, '');
}

function unquote(w: string): string {
  return w.replace(/^["']|["']$/g, '');
}

/** mountFiller for a setup: the folders of its glue files and the repository root, the glue itself left out. */
export function mountFillerOf(repo: RepoView, glueFiles: readonly { path: string }[]): (path: string) => MountFiller | null {
  const files = new Set(glueFiles.map((f) => f.path));
  const folders = ['', ...[...files].map((f) => dirName(f))];
  return (path) => mountFiller(repo, path, folders, files);
}
