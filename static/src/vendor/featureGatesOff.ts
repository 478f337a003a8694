/**
 * Build-time stand-in for `@atlaskit/feature-gate-js-client/feature-gates` (static/vite.config.ts
 * aliases it here). Atlaskit's components ask it whether a platform feature gate is on; inside a
 * Forge Custom UI iframe nobody initialises the Statsig client, so every gate answers false and
 * every experiment its default — which is exactly what this returns, without the ~30 KB gzipped
 * of Statsig client code the issue panel would otherwise download (issue 16).
 */
const FeatureGates = {
  checkGate: (_gateName: string, _options?: unknown): boolean => false,
  getExperimentValue: <T>(_experimentName: string, _parameterName: string, defaultValue: T, _options?: unknown): T => defaultValue,
  initializeCompleted: (): boolean => false,
};

export default FeatureGates;
