// The order test files start in. The browser files are the long ones (a sandbox and a Chromium each, at most two at
// a time: tests/e2e/browser-slots.ts); started first and spread among the Node and jsdom files, they run beside them
// instead of after them. Without a previous run's timings, a larger file is taken to be a longer one.
import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const isBrowserFile = (spec: TestSpecification) => spec.project.name === 'e2e';
const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
const largestFirst = (a: TestSpecification, b: TestSpecification) => size(b) - size(a);

export default class BrowserFilesSpreadSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const browser = files.filter(isBrowserFile).sort(largestFirst);
    const others = files.filter((spec) => !isBrowserFile(spec)).sort(largestFirst);
    // One other file, then two browser files, then one other per browser file: two workers on browsers, one on the rest.
    const order: TestSpecification[] = [];
    if (others.length) order.push(others.shift()!);
    while (browser.length || others.length) {
      if (browser.length) order.push(browser.shift()!);
      if (others.length) order.push(others.shift()!);
    }
    return order;
  }
}
