/**
 * Which glue steps each statement of one glue file carries: the steps it ran itself (its
 * statement chain), and the steps of the functions and scripts it called (their call sites).
 */
import type { CallSite, GlueStep } from '../../interpret/events';
import type { Statement } from '../../parse/shell/ast';

interface Entry {
  step: GlueStep;
  /** Statement ids from the file's outermost statement down to the one that ran the step or the call. */
  path: number[];
  /** The call this entry goes through; null when the statement ran the step itself. */
  call: CallSite | null;
}

export class StepIndex {
  private readonly byId = new Map<number, Entry[]>();

  constructor(file: string, steps: readonly GlueStep[]) {
    for (const step of steps) {
      if (step.origin.file === file) this.add({ step, path: step.origin.chain, call: null });
      for (const call of step.origin.calls ?? []) if (call.file === file) this.add({ step, path: call.chain, call });
    }
  }

  /** True when some step of `steps` comes from this file, directly or through a call made here. */
  static touches(file: string, step: GlueStep): boolean {
    return step.origin.file === file || (step.origin.calls ?? []).some((c) => c.file === file);
  }

  private add(e: Entry): void {
    for (const id of e.path) {
      const list = this.byId.get(id) ?? [];
      list.push(e);
      this.byId.set(id, list);
    }
  }

  private entries(s: Statement, prefix: readonly number[]): Entry[] {
    return (this.byId.get(s.id) ?? []).filter((e) => prefix.every((p, i) => e.path[i] === p));
  }

  /** Every step `s` carries (reached under `prefix`, the ids of the statements around it). */
  of(s: Statement, prefix: readonly number[]): GlueStep[] {
    return unique(this.entries(s, prefix).map((e) => e.step));
  }

  /** The steps `s` ran itself, not through a function or script it called. */
  direct(s: Statement, prefix: readonly number[]): GlueStep[] {
    return unique(this.entries(s, prefix).filter((e) => e.call === null).map((e) => e.step));
  }

  /** The calls `s` makes itself (it is their calling statement), with the steps each ran. */
  callsAt(s: Statement, prefix: readonly number[]): { call: CallSite; steps: GlueStep[] }[] {
    const out = new Map<CallSite, GlueStep[]>();
    for (const e of this.entries(s, prefix)) {
      if (e.call === null || e.path[e.path.length - 1] !== s.id) continue;
      out.set(e.call, [...(out.get(e.call) ?? []), e.step]);
    }
    return [...out].map(([call, steps]) => ({ call, steps }));
  }
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
