// Module Worker of the A2A browser test: runs the scenario off the main thread.
import { runScenario } from './a2a_scenario.mjs';

self.onmessage = async (event) => {
  try {
    self.postMessage(await runScenario(event.data.agentUrl, event.data.closedUrl));
  } catch (err) {
    self.postMessage({ fatal: `${err?.name}: ${err?.message}` });
  }
};
