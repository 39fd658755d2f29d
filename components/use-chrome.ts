/** The chrome model, provided once by App; components read it instead of threading props through the tree. */
import { createContext, useContext } from 'react';
import type { ChromeModel } from './view-model.js';

export const ChromeContext = createContext<ChromeModel | undefined>(undefined);

export function useChrome(): ChromeModel {
  const model = useContext(ChromeContext);
  if (!model) throw new Error('useChrome outside <App>');
  return model;
}
