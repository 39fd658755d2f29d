// Core's type files mention a few Node types in signatures the page never calls; the page compiles without @types/node.
declare namespace NodeJS {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ProcessEnv {
    [key: string]: string | undefined;
  }
  type Signals = string;
  interface Timeout {
    ref(): this;
    unref(): this;
  }
}
