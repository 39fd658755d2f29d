/** Wires the chrome: provider plus layout (sidebar | main area, status line). State lives in the TUI, not here. */
import { Box } from 'ink';
import { MainArea } from './MainArea.js';
import { Sidebar } from './Sidebar.js';
import { StatusLine } from './StatusLine.js';
import { TooSmall } from './TooSmall.js';
import { ChromeContext } from './use-chrome.js';
import type { ChromeModel } from './view-model.js';

export function App({ model }: { model: ChromeModel }) {
  if (model.tooSmall) return <TooSmall cols={model.cols} rows={model.rows} minCols={model.minCols} minRows={model.minRows} />;
  return (
    <ChromeContext.Provider value={model}>
      <Box flexDirection="column" width={model.cols} height={model.rows} overflow="hidden">
        <Box flexDirection="row" width={model.cols} height={model.rows - 1}>
          {model.sidebar ? <Sidebar model={model} width={model.sidebar.width} height={model.sidebar.height} /> : null}
          <MainArea />
        </Box>
        <StatusLine status={model.status} agents={model.agents} width={model.cols} />
      </Box>
    </ChromeContext.Provider>
  );
}
