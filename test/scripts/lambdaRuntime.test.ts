import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { FORGE_DEFAULT_MEMORY_MB, functionMemoryMb, invocationFlags, lambdaNodeFlags } from '../../scripts/lambdaRuntime';

const manifest = (fnRuntime = '', appRuntime = '') => `
app:
  id: ari:cloud:ecosystem::app/x
  runtime:
    name: nodejs22.x
${appRuntime}
modules:
  function:
    - key: refresh-consumer
      handler: index.refreshConsumer
${fnRuntime}
    - key: resolver
      handler: index.resolver
`;

describe('the memory Forge gives a function (scripts/lambdaRuntime.ts)', () => {
  it("reads the function's own memoryMB first, then the app's, then Forge's 512 MB default", () => {
    expect(functionMemoryMb(manifest(), 'refreshConsumer')).toBe(FORGE_DEFAULT_MEMORY_MB);
    expect(FORGE_DEFAULT_MEMORY_MB).toBe(512);
    expect(functionMemoryMb(manifest('', '    memoryMB: 768'), 'resolver')).toBe(768);
    expect(functionMemoryMb(manifest('      runtime:\n        memoryMB: 1024', '    memoryMB: 768'), 'refreshConsumer')).toBe(1024);
    expect(functionMemoryMb(manifest('      runtime:\n        memoryMB: 1024', '    memoryMB: 768'), 'resolver')).toBe(768);
  });

  it('refuses a handler no function declares, rather than guessing its memory', () => {
    expect(() => functionMemoryMb(manifest(), 'noSuchHandler')).toThrow('no function with handler index.noSuchHandler');
  });

  it("sizes V8 as Lambda's Node.js bootstrap does (new space M/10, semi space half of it, old space the rest)", () => {
    expect(lambdaNodeFlags(512)).toEqual(['--max-semi-space-size=25', '--max-old-space-size=461']);
    expect(lambdaNodeFlags(256)).toEqual(['--max-semi-space-size=12', '--max-old-space-size=231']);
    expect(lambdaNodeFlags(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
    expect(() => lambdaNodeFlags(100)).toThrow('≥ 128');
    expect(() => lambdaNodeFlags(300.5)).toThrow('whole number');
  });

  it('never gives V8 more than the function has, for every memory Forge allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 4096 }), (m) => {
        const [semi, old] = lambdaNodeFlags(m).map((f) => Number(f.split('=')[1]));
        expect(old + 2 * semi).toBeLessThanOrEqual(m);
        expect(old).toBeGreaterThanOrEqual(Math.floor(m * 0.9));
      }),
    );
  });

  it("uses this app's manifest: every benchmarked handler is a declared function; --heap-mb and --host-heap replace the flags", () => {
    const real = readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8');
    for (const handler of ['refreshConsumer', 'resolver']) expect(functionMemoryMb(real, handler)).toBeGreaterThanOrEqual(128);
    expect(invocationFlags('refreshConsumer').flags).toEqual(lambdaNodeFlags(functionMemoryMb(real, 'refreshConsumer')));
    expect(invocationFlags('refreshConsumer', 160).flags).toEqual(['--max-old-space-size=160']);
    expect(invocationFlags('refreshConsumer', 'host').flags).toEqual([]);
    expect(invocationFlags('refreshConsumer', 'host').memoryMb).toBe(functionMemoryMb(real, 'refreshConsumer'));
  });
});
