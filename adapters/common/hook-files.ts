/** A generated file an adapter wants written before spawn (the LaunchSpec.files element). */
export interface HookFile {
  path: string;
  content: string;
  mode?: number;
}
