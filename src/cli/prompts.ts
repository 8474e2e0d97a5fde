/**
 * The one place that talks to the prompt library (@inquirer/prompts, ESM-only, so loaded with
 * a dynamic import and only when the wizard runs). Tests drive the real prompts in a
 * pseudo-terminal; code that only needs answers takes a Prompter.
 */
export type FileAnswer = 'yes' | 'no' | 'all' | 'diff' | 'abort';

export interface Prompter {
  /** Per-file question: y / n / a / d / x, No by default. */
  fileChoice(message: string): Promise<FileAnswer>;
  confirm(message: string, defaultYes: boolean): Promise<boolean>;
}

export async function inquirerPrompter(): Promise<Prompter> {
  const { expand, confirm } = await import('@inquirer/prompts');
  return {
    fileChoice: (message) =>
      expand<FileAnswer>({
        message,
        default: 'n',
        choices: [
          { key: 'y', name: 'yes, make this change', value: 'yes' },
          { key: 'n', name: 'no, leave the file as it is', value: 'no' },
          { key: 'a', name: 'all: make this change and every remaining one', value: 'all' },
          { key: 'd', name: 'show the diff of this file', value: 'diff' },
          { key: 'x', name: 'abort: write nothing at all', value: 'abort' },
        ],
      }),
    confirm: (message, defaultYes) => confirm({ message, default: defaultYes }),
  };
}
