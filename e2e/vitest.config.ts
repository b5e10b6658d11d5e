import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files run in name order everywhere (vitest's default orders by cached durations and file size, so a clean CI
 * machine and a developer's machine would differ). The files do not depend on this order — each uses data of its
 * own or restores what it changed — but a failure is easier to reproduce when every machine runs them alike.
 */
class ByName extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve([...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId)));
  }
}

// A configured sequencer would silently win over `--sequence.shuffle(.files)`: keep vitest's own random order then, so
// the files can still be run in a shuffled order to check that they do not depend on it.
const shuffled = process.argv.some((a) => a.startsWith('--sequence.shuffle'));

export default defineConfig({
  test: {
    include: ['**/*.e2e.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One server and one browser for the whole run; files run one after another against them.
    fileParallelism: false,
    ...(shuffled ? {} : { sequence: { sequencer: ByName } }),
  },
});
