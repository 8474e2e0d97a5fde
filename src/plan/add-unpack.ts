/**
 * `ADD FILE DEST` of a file from the build context unpacks it when its *content* is a tar
 * archive, compressed with gzip, bzip2 or xz or not at all, whatever its name; any other file
 * (a plain `.gz`, a `.tar.gz` that is not a tar, an empty file) is copied as it is, owned by
 * root. `COPY --from` never unpacks (AD-4), so when the runtime ADDs an artifact the glue
 * wrote, a helper stage does what ADD would have done, into `/add/<n>/<name>`: a directory of
 * the unpacked entries (owners kept, AD-2), or the file, or the directory ADD would copy. The
 * runtime then copies that one entry with its own destination: a directory's contents go into
 * DEST, a file is named by DEST's rules, as ADD did.
 *
 * Verified on Docker 20.10 (classic and BuildKit): an uncompressed tar named `bundle`, gzip,
 * bzip2 and xz tars and a V7 tar are unpacked; zstd tars, `notatar.tar.gz`, empty files and
 * files of zero blocks are copied. Newer engines unpack zstd too, so a zstd file stops the
 * build instead of guessing.
 */

/** What the glue's own commands prove about a file, when they do. */
export type ArtifactContent = { kind: 'tar'; compression: 'none' | 'gzip' | 'bzip2' | 'xz' } | { kind: 'dir' } | { kind: 'unknown' };

const FUNCTION = 'add_like_docker';
const LINK_OWNERS = 'tar_link_owners';

/**
 * `tar_link_owners UNCOMPRESS ARCHIVE DIR`: ADD gives each unpacked symbolic link the owner
 * its tar header names; busybox's tar (the tar of busybox and alpine builders) leaves links
 * owned by root, so there the headers are read back (uid 108, gid 116, size 124, type 156,
 * ustar prefix 345) and each link is `chown -h`'d. A link whose header an extended (pax or
 * GNU long-name) header overrides stops the build rather than guess.
 */
const LINK_OWNERS_DEFINITION = [
  `${LINK_OWNERS}() {`,
  'case "$(tar --version 2>&1 | head -n 1)" in *[Bb]usy[Bb]ox*) ;; *) return 0 ;; esac;',
  '[ -n "$(find "$3" -type l | head -n 1)" ] || return 0;',
  '$1 "$2" | od -An -v -tu1 | awk \'function num(s, e,   i, v, r, d) { r = 0; d = 0; for (i = s; i < e; i++) { v = h[i]; if (v >= 48 && v <= 55) { r = r * 8 + v - 48; d = 1 } else if (v == 0 || v == 32) { if (d) break } else return -1 } return r } function str(s, e,   i, r) { r = ""; for (i = s; i < e && h[i] != 0; i++) { if (h[i] < 32 || h[i] > 126) { bad = 1; return r } r = r sprintf("%c", h[i]) } return r } function block(   i, t, name, size, u, g) { if (skip > 0) { skip--; return } if (done) return; for (i = 0; i < 512 && h[i] == 0; i++) { } if (i == 512) { done = 1; return } t = h[156]; size = num(124, 136); if (size < 0) { print "!size"; exit } skip = int((size + 511) / 512); if (t == 120 || t == 76 || t == 75) { ext = 1; return } if (t == 103) { glob = 1; return } if (t == 50) { bad = 0; name = str(0, 100); if (h[257] == 117 && h[258] == 115 && h[259] == 116 && h[260] == 97 && h[261] == 114 && h[345] != 0) name = str(345, 500) "/" name; u = num(108, 116); g = num(116, 124); if (ext || glob || bad || u < 0 || g < 0 || name ~ /(^|\\/)\\.\\.(\\/|$)/) print "!" name; else print u " " g " " name } ext = 0 } { for (f = 1; f <= NF; f++) { h[n++] = $f; if (n == 512) { block(); n = 0 } } }\' |',
  '( r=0; while IFS= read -r l; do case "$l" in \'!\'*) echo "$2: the owner of the symbolic link ${l#?} is not reproduced (an extended tar header)" >&2; r=1 ;; *) o=${l%% *}; l=${l#* }; chown -h "$o:${l%% *}" "$3/${l#* }" || r=1 ;; esac; done; exit $r );',
  '}',
].join(' \\\n      ');

/**
 * The shell function that decides by content as ADD does: `add_like_docker SRC OUT NAME`.
 * A tar is recognised as Go's archive/tar does: the first 512-byte block has a valid
 * checksum (unsigned or signed). It needs root, so unpacked entries keep their owners.
 */
const DEFINITION = [
  `${FUNCTION}() {`,
  '[ "$(id -u)" = 0 ] || { echo "$1: unpacking as ADD does needs root" >&2; return 1; };',
  'if [ -L "$1" ]; then echo "$1 is a symbolic link: how ADD takes it is not reproduced" >&2; return 1; fi;',
  'mkdir -p "$2";',
  'if [ -d "$1" ]; then cp -a "$1" "$2/$3" && chown -R 0:0 "$2/$3"; return; fi;',
  'case "$(head -c 6 "$1" | od -An -tx1 | tr -d \' \\n\')" in',
  "1f8b*) z='gzip -dc' ;; 425a68*) z='bzip2 -dc' ;; fd377a585a00*) z='xz -dc' ;;",
  '28b52ffd*) echo "$1 is zstd-compressed: whether ADD unpacks it depends on the Docker version" >&2; return 1 ;;',
  '*) z=cat ;; esac;',
  'command -v "${z%% *}" >/dev/null || { echo "$1: ${z%% *} is needed to read it as ADD does" >&2; return 1; };',
  'if $z "$1" 2>/dev/null | head -c 512 | od -An -v -tu1 | awk \'{ for (i = 1; i <= NF; i++) { n++; v = $i; if (n > 148 && n <= 156) { if (v >= 48 && v <= 55) { c = c * 8 + v - 48; d++ } else if (v != 32 && v != 0) b = 1; v = 32 } u += v; t += (v > 127 ? v - 256 : v) } } END { exit !(n == 512 && d > 0 && !b && (c == u || c == t)) }\';',
  'then mkdir -p "$2/$3" && $z "$1" | tar -x --numeric-owner -C "$2/$3" && ' + LINK_OWNERS + ' "$z" "$1" "$2/$3";',
  'else cp -p "$1" "$2/$3" && chown 0:0 "$2/$3"; fi;',
  '}',
].join(' \\\n      ');

/**
 * Commands that put what `ADD <name>` of the file at `source` would add under `/add/<n>/`,
 * appended to `commands`; returns the path the runtime copies (`/add/<n>/<name>` or, for a
 * known archive, `/add/<n>/`, whose contents are the entries).
 */
export function addLikeDocker(commands: string[], source: string, name: string, content: ArtifactContent, quote: (s: string) => string): string {
  const n = commands.filter((c) => c.startsWith('mkdir -p /add/')).length + 1;
  const out = `/add/${n}`;
  if (!commands.some((c) => c.startsWith(`${LINK_OWNERS}() {`))) commands.push(LINK_OWNERS_DEFINITION);
  if (content.kind === 'tar') {
    const uncompress = decompressor(content.compression);
    commands.push(`mkdir -p ${out}`, `${uncompress} ${quote(source)} | tar -x --numeric-owner -C ${out}`, `${LINK_OWNERS} '${uncompress}' ${quote(source)} ${out}`);
    return `${out}/`;
  }
  if (!commands.some((c) => c.startsWith(`${FUNCTION}() {`))) commands.push(DEFINITION);
  commands.push(`mkdir -p ${out}`, `${FUNCTION} ${quote(source)} ${out} ${quote(name)}`);
  return `${out}/${name}`;
}

function decompressor(c: 'none' | 'gzip' | 'bzip2' | 'xz'): string {
  return c === 'none' ? 'cat' : `${c} -dc`;
}

/** Content after one more host command of a stream (`gzip`, `xz -9`, `gzip -d`, `cat`). */
export function throughCommand(content: ArtifactContent, command: string, args: readonly string[]): ArtifactContent {
  if (command === 'cat' && args.length === 0) return content;
  const decompress = command === 'gunzip' || args.some((a) => /^-[a-zA-Z]*d/.test(a) || a === '--decompress');
  const tool = command === 'gunzip' ? 'gzip' : command;
  if (!['gzip', 'bzip2', 'xz'].includes(tool) || content.kind !== 'tar' || args.some((a) => !a.startsWith('-'))) return { kind: 'unknown' };
  if (decompress) return content.compression === tool ? { kind: 'tar', compression: 'none' } : { kind: 'unknown' };
  return content.compression === 'none' ? { kind: 'tar', compression: tool as 'gzip' | 'bzip2' | 'xz' } : { kind: 'unknown' };
}

/** What `tar -c …` writes to stdout: a tar, compressed as its flags say; unknown for other flags or `-f FILE`. */
export function tarCreateContent(args: readonly string[]): ArtifactContent {
  let compression: 'none' | 'gzip' | 'bzip2' | 'xz' = 'none';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--gzip') compression = 'gzip';
    else if (a === '--bzip2') compression = 'bzip2';
    else if (a === '--xz') compression = 'xz';
    else if (/^--(zstd|lzma|lzip|lzop|compress|auto-compress|use-compress-program)/.test(a) || a === '-I') return { kind: 'unknown' };
    else if (a === '--file' || a.startsWith('--file=')) {
      if ((a === '--file' ? args[i + 1] : a.slice('--file='.length)) !== '-') return { kind: 'unknown' };
    }
    else if (/^-?[A-Za-z]+$/.test(a) && !a.startsWith('--') && (i === 0 || a.startsWith('-'))) {
      const letters = a.replace(/^-/, '');
      if (/[ZaI]/.test(letters)) return { kind: 'unknown' };
      if (letters.includes('z')) compression = 'gzip';
      if (letters.includes('j')) compression = 'bzip2';
      if (letters.includes('J')) compression = 'xz';
      // `f` takes the next word (or the rest of the cluster): only `-f -` is stdout.
      const f = letters.indexOf('f');
      if (f >= 0) {
        const file = f === letters.length - 1 ? args[i + 1] : letters.slice(f + 1);
        if (file !== '-') return { kind: 'unknown' };
      }
    }
  }
  return { kind: 'tar', compression };
}
