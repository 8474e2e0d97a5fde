/**
 * The one place that talks to the prompt library (@inquirer/prompts, ESM-only, so loaded with
 * a dynamic import and only when the wizard runs). Tests drive the real prompts in a
 * pseudo-terminal; code that only needs answers takes a Prompter.
 */
export type FileAnswer = 'yes' | 'no' | 'all' | 'diff' | 'abort';

/** The whole migration's question: y yes, N no (the default), d the diff again, q quit. */
export type ApplyAnswer = 'yes' | 'no' | 'diff' | 'quit';

export interface Prompter {
  /** `Apply these N files? [y/N/d/q]`. */
  applyChoice(message: string): Promise<ApplyAnswer>;
  /** Per-file question (`--per-file`): y / n / a / d / x, No by default. */
  fileChoice(message: string): Promise<FileAnswer>;
  confirm(message: string, defaultYes: boolean): Promise<boolean>;
}

/** The user pressed Ctrl-C at a question. */
export class PromptInterrupted extends Error {}

/** Inquirer's colours are its own (node's styleText): without colour, every style is plain. */
const PLAIN_THEME = {
  prefix: { idle: '?', done: '✔' },
  style: {
    answer: (t: string) => t,
    message: (t: string) => t,
    error: (t: string) => `> ${t}`,
    defaultAnswer: (t: string) => `(${t})`,
    help: (t: string) => t,
    highlight: (t: string) => t,
    key: (t: string) => `<${t}>`,
  },
};

const APPLY_KEYS: Record<string, ApplyAnswer> = { y: 'yes', yes: 'yes', n: 'no', no: 'no', '': 'no', d: 'diff', diff: 'diff', q: 'quit', quit: 'quit' };

export function inquirerPrompter(color: boolean): () => Promise<Prompter> {
  return async () => {
    const { expand, confirm, input } = await import('@inquirer/prompts');
    const theme = color ? undefined : PLAIN_THEME;
    return {
      applyChoice: (message) =>
        interruptible(async () => {
          const raw = await input({ message, theme, validate: (v) => v.trim().toLowerCase() in APPLY_KEYS || 'answer y (yes), n (no, the default), d (show the diff again) or q (quit)' });
          return APPLY_KEYS[raw.trim().toLowerCase()];
        }),
      fileChoice: (message) =>
        interruptible(() =>
          expand<FileAnswer>({
            message,
            default: 'n',
            theme,
            choices: [
              { key: 'y', name: 'yes, make this change', value: 'yes' },
              { key: 'n', name: 'no, leave the file as it is', value: 'no' },
              { key: 'a', name: 'all: make this change and every remaining one', value: 'all' },
              { key: 'd', name: 'show the diff of this file', value: 'diff' },
              { key: 'x', name: 'abort: write nothing at all', value: 'abort' },
            ],
          }),
        ),
      confirm: (message, defaultYes) => interruptible(() => confirm({ message, default: defaultYes, theme })),
    };
  };
}

/** Inquirer's ExitPromptError (Ctrl-C) as ours, so callers need not know the library. */
async function interruptible<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (e) {
    if ((e as Error).name === 'ExitPromptError') throw new PromptInterrupted('interrupted');
    throw e;
  }
}
