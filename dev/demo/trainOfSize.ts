import type { DataSet } from '../emulator/dataset';
import { generateDemoTrain } from './generateDemoTrain';

/**
 * The demo train generated at the scale that gives about `target` issues (within 3%; the demo itself
 * when it is within 10%): the benchmarks' sizes (1k, 10k, 50k, 200k) are issue counts, and the
 * generator's scale is not exactly proportional to them.
 */
export function trainOfSize(target: number, now?: Date, seed?: number): DataSet {
  const gen = (scale: number) => generateDemoTrain({ now, scale, seed });
  const one = gen(1);
  if (Math.abs(one.issues.length - target) / target < 0.1) return one;
  const first = gen(Math.max(1, target / one.issues.length));
  return Math.abs(first.issues.length - target) / target < 0.03 ? first : gen(Math.max(1, (target / one.issues.length) * (target / first.issues.length)));
}
