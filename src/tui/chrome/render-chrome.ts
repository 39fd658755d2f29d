/** Renders the Ink chrome to text lines of exactly the window's height (Ink never sees pane contents). */
import { createElement } from 'react';
import { renderToString } from 'ink';
import chalk from 'chalk';
import { App } from '../../../components/App.js';
import type { ChromeModel } from '../../../components/view-model.js';

// Ink colours through chalk, which reads colour support from process.stdout; the chrome is re-encoded by the
// compositor, so ask for 16 colours at least even when stdout is not a TTY (tests, pipes).
if (chalk.level === 0) chalk.level = 1;

export function renderChrome(model: ChromeModel): string[] {
  const text = renderToString(createElement(App, { model }), { columns: model.cols });
  const lines = text.split('\n').slice(0, model.rows);
  while (lines.length < model.rows) lines.push('');
  return lines;
}
