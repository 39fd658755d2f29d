/**
 * Two stand-in adapters as one module's source, for a daemon test's home (`export default hooky;` or `asky` appended):
 * `hooky` sends a permission hook `Perm` with { command } (its PTY echoes every line as got:<line>, INTR for
 * interrupt), `asky` asks on its own screen "(Y)es/(N)o" and prints what it was answered. `askyBefore` is shell run
 * before asky's question (what it shows above it).
 */
export function hookAdapters(askyBefore = ''): string {
  return `
export const hooky = {
  name: 'hooky', displayName: 'Hooky', models: [], modes: ['default'], interruptKeys: 'INTR\\r', supportsResume: false,
  async detectInstall() { return { installed: true }; },
  async launch(ctx) { return { file: 'bash', args: ['-c', 'while IFS= read -r l; do echo "got:$l"; done'], env: ctx.env, promptDelivery: 'none' }; },
  encodePrompt: (t) => [t, '\\r'], createStateDetector: () => ({ detect: () => 'unknown' }),
  parseHook(name, payload) {
    return name === 'Perm' ? { kind: 'permission', request: { tool: 'Bash', command: payload.command } } : { kind: 'ignored' };
  },
};
export const asky = {
  name: 'asky', displayName: 'Asky', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
  screenApprovalKeys: { allow: 'y\\r', deny: 'n\\r' },
  async detectInstall() { return { installed: true }; },
  async launch(ctx) {
    return { file: 'bash', args: ['-c', '${askyBefore}printf "Apply edit? (Y)es/(N)o [Yes]: "; read a; echo "answered:$a"; exec sleep 1000'], env: ctx.env, promptDelivery: 'none' };
  },
  encodePrompt: (t) => [t, '\\r'],
  createStateDetector: () => ({ detect: ({ view }) => (/\\(Y\\)es\\/\\(N\\)o/.test(view.lines().filter(Boolean).pop() ?? '') ? 'waiting' : 'busy') }),
};
`;
}

/**
 * A daemon test home's files for these adapters: hooky.mjs, asky.mjs, any `more` (adapter name → module source) and
 * a config.json naming them all.
 */
export function hookAdapterFiles(askyBefore = '', more: Record<string, string> = {}): Record<string, string> {
  const source = hookAdapters(askyBefore);
  const modules: Record<string, string> = { hooky: `${source}\nexport default hooky;`, asky: `${source}\nexport default asky;`, ...more };
  const files: Record<string, string> = {};
  const adapters: Record<string, string> = {};
  for (const [name, text] of Object.entries(modules)) {
    files[`${name}.mjs`] = text;
    adapters[name] = `./${name}.mjs`;
  }
  return { ...files, 'config.json': JSON.stringify({ adapters }) };
}
