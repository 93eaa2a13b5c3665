/** The minik9s dashboard: `runDashboard` for a terminal, `App` to embed or test the Ink component. */
export { runDashboard, type DashboardOptions } from './run.js';
export { App, type AppProps, type DashboardContext } from './app.js';
