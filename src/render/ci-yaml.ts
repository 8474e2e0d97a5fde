/**
 * Puts rewritten scripts back into a CI file: edits inside a script's scalar (already in file
 * offsets), whole list entries (`- docker cp …`, a GitHub step) for scripts whose every
 * command goes, and the key itself once its list is empty. Every other byte stays. The result
 * is read back with the YAML parser and must equal the old file with exactly those changes,
 * or the file is left alone and the migration refused.
 */
import { Finding, finding } from '../core/findings';
import { LineIndex } from '../core/line-index';
import { TextEdit, applyEdits } from '../core/text-edits';
import type { CiFile, CiList, CiScriptUnit } from '../parse/ci-yaml';
import { StructureChange, sameStructure } from '../parse/yaml-structure';
import type { ScalarStyle } from '../parse/yaml-scalar';

/** What the glue rewrite decided for one script. */
export interface CiUnitResult {
  unit: CiScriptUnit;
  /** Every command of the script goes (messages that only announced them too). */
  remove: boolean;
  /** Edits in file offsets, when the script stays. */
  edits: TextEdit[];
  /** The script's new value as the shell should read it (the same rewrite, done on the value). */
  expected: string;
}

/** Text to insert into a scalar of `style` so that it reads back as `text`. */
export function encodeForScalar(text: string, style: ScalarStyle): string {
  if (style === 'double') return text.replace(/[\\"]/g, '\\$&');
  if (style === 'single') return text.replace(/'/g, "''");
  return text;
}

/** The file with the results applied; the original text (and findings) when that cannot be done exactly. */
export function rewriteCiFile(file: CiFile, results: readonly CiUnitResult[], findings: Finding[]): string {
  const changed = results.filter((r) => r.remove || r.expected !== r.unit.value || r.edits.length > 0);
  if (changed.length === 0) return file.text;
  const lines = new LineIndex(file.text);
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const problems: Finding[] = [];
  const refuse = (line: number, message: string) => {
    if (![...findings, ...problems].some((f) => f.code === 'CI_GLUE_UNSUPPORTED' && f.location?.file === file.path && f.location.line === line)) {
      problems.push(finding('CI_GLUE_UNSUPPORTED', message, { file: file.path, line }));
    }
  };
  // One finding per list is enough: the user fixes the list, not each line.
  const reported = new Set<CiList>();
  for (const r of changed) {
    const u = r.unit;
    if ((u.jobs.length > 1 || u.viaAlias) && reported.has(u.list)) continue;
    if (u.jobs.length > 1 || u.viaAlias) reported.add(u.list);
    if (u.jobs.length > 1) refuse(u.line, `this script runs in ${u.jobs.length} jobs (${u.jobs.join(', ')}); rewriting it would change all of them: give the job that runs the pipeline a script of its own, or migrate by hand`);
    else if (u.viaAlias) refuse(u.line, 'this script comes from a YAML anchor, merge key or !reference shared with another place; write it out in the job that runs the pipeline, or migrate by hand');
    else if (!u.scalar) refuse(u.line, 'this script is written in a YAML form whose text the migration cannot map back to the file (unusual escapes or folding); write it as a `|` block');
    else if (r.remove && u.stepId !== null && new RegExp(`\\bsteps\\.${u.stepId.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\.`).test(file.text)) {
      refuse(u.line, `every command of the step \`${u.stepId}\` would go, and later steps read \`steps.${u.stepId}\`; remove the step and what reads it by hand`);
    }
  }
  // Each group of edits is one intended change of the structure (an entry, a key, a value).
  const groups: { line: number; edits: TextEdit[]; changes: StructureChange[] }[] = [];
  const byList = new Map<CiList, CiScriptUnit[]>();
  for (const r of changed.filter((x) => x.remove)) byList.set(r.unit.list, [...(byList.get(r.unit.list) ?? []), r.unit]);
  for (const [list, units] of byList) {
    const gone = new Set(units.map((u) => u.item?.at));
    const empty = list.items.length === 0 || list.items.every((at) => gone.has(at));
    const line = units[0].line;
    if (empty) {
      if (list.whenEmpty === 'refuse') refuse(line, `every command of \`${list.key}\` would go, and the CI rejects an empty \`${list.key}\`; this job does not build the runtime image itself, so the migration cannot be written here`);
      else if (!list.deletable) refuse(line, `every command of \`${list.key}\` would go, and the key does not have its lines to itself; remove it by hand`);
      else if (list.whenEmpty === 'delete') {
        groups.push({ line, edits: [withBlankLine(lines, file.text, { start: list.start, end: list.end, text: '' })], changes: [{ kind: 'remove-pair', at: list.keyAt }] });
      } else {
        // Travis runs a default for an absent install/script phase: say `skip` instead.
        groups.push({ line, edits: [{ start: list.start, end: list.end, text: `${' '.repeat(list.column)}${list.key}: skip${eol}` }], changes: [{ kind: 'set-pair', at: list.keyAt, value: 'skip' }] });
      }
      continue;
    }
    for (const u of units) {
      if (!u.item || !u.item.deletable) {
        refuse(u.line, `every command of this script would go, but its list entry does not have its lines to itself (a flow list \`[…]\` or a nested entry); remove it by hand`);
        continue;
      }
      const e = withBlankLine(lines, file.text, { start: withComments(lines, file.text, u.item.start, list), end: u.item.end, text: '' });
      groups.push({ line: u.line, edits: [e], changes: [{ kind: 'remove-item', at: u.item.at }] });
    }
  }
  for (const r of changed.filter((x) => !x.remove)) groups.push({ line: r.unit.line, edits: r.edits, changes: [{ kind: 'value', at: r.unit.at, value: r.expected }] });
  if (problems.length > 0) {
    findings.push(...problems);
    return file.text;
  }
  const attempt = (gs: typeof groups): { text: string | null; diff: string | null } => {
    let text: string;
    try {
      text = applyEdits(file.text, gs.flatMap((g) => g.edits));
    } catch {
      return { text: null, diff: 'the changes to this file overlap' };
    }
    return { text, diff: sameStructure(file.text, text, gs.flatMap((g) => g.changes)) };
  };
  const all = attempt(groups);
  if (all.diff === null && all.text !== null) return all.text;
  // Say which change breaks the file, if one does on its own.
  const culprits = groups.map((g) => ({ g, diff: attempt([g]).diff })).filter((x) => x.diff !== null);
  for (const { g, diff } of culprits.length > 0 ? culprits : [{ g: groups[0], diff: all.diff }]) {
    findings.push(finding('CI_REWRITE_UNSAFE', `${diff}; rewrite the docker commands of this file by hand`, { file: file.path, line: g.line }));
  }
  return file.text;
}

/**
 * Comment lines right above a removed entry that open its paragraph (a blank line, the key or
 * the start of the list above them) described what goes: they go with it.
 */
function withComments(lines: LineIndex, text: string, start: number, list: CiList): number {
  const first = lines.lineOf(start);
  let n = first;
  while (n > 1 && /^\s*#/.test(lineText(lines, text, n - 1))) n--;
  if (n === first) return start;
  const above = n > 1 ? lineText(lines, text, n - 1) : '';
  const opensParagraph = n === 1 || above.trim() === '' || (list.keyAt >= 0 && lines.lineOf(list.keyAt) === n - 1);
  return opensParagraph ? lines.lineStart(n) : start;
}

/** Between two blank lines, a removed block takes one of them along, so one separation stays. */
function withBlankLine(lines: LineIndex, text: string, e: TextEdit): TextEdit {
  const first = lines.lineOf(e.start);
  const next = e.end >= text.length ? 0 : lines.lineOf(e.end);
  const blank = (n: number) => n >= 1 && n <= lines.count && lineText(lines, text, n).trim() === '';
  if (next > 0 && blank(first - 1) && blank(next)) return { ...e, end: lines.lineEndWithTerminator(next) };
  return e;
}

function lineText(lines: LineIndex, text: string, n: number): string {
  return text.slice(lines.lineStart(n), lines.lineEnd(n));
}
